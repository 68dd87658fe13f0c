import LogCore
import LogInspection

extension InspectedSegment {
    /// The slots of `slots` whose record matches `pattern`, in order: read as the record cursor
    /// reads them (one reader for the segment, each frame once through its read-ahead window, the
    /// value lent, not copied). A frame that is cut off or does not decode never matches.
    func slots(matching pattern: SearchPattern, in slots: Range<Int>) throws(LogError) -> [Int] {
        var found: [Int] = []
        var reader = try reader()
        for slot in slots {
            if reader.isClosed { reader = try self.reader() }
            var matched = false
            let listed = try withRecord(slot: slot, reader: reader) { record, payload in
                matched = Self.record(record, payload: payload, matches: pattern)
            }
            guard listed else { break }
            if matched { found.append(slot) }
        }
        return found
    }

    /// Whether `record` matches: its value (in `payload`) contains the pattern's bytes, or it has the
    /// pattern's Raft term or type.
    private static func record(_ record: InspectedRecord, payload: UnsafeRawBufferPointer?, matches pattern: SearchPattern) -> Bool {
        switch pattern.raftField {
        case .term(let term)?:
            return record.frame.fields?.term == term
        case .type(let type)?:
            return record.frame.fields.flatMap(RaftLogType.init(fields:)) == type
        case nil:
            return record.value(in: payload).map { pattern.matches($0) } ?? false
        }
    }
}
