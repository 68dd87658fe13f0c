import LogCore
import LogInspection

extension InspectedSegment {
    /// The slots of `slots` whose record value contains `pattern`, in order (a frame that is not valid
    /// never matches). Reads the index in chunks and the store through its read-ahead window.
    func slots(matching pattern: SearchPattern, in slots: Range<Int>) throws(LogError) -> [Int] {
        var found: [Int] = []
        var failure: LogError?
        try forEachEntry(in: slots) { slot, entry in
            do throws(LogError) {
                if try matches(pattern, at: entry.position) { found.append(slot) }
            } catch {
                failure = error
                return false
            }
            return true
        }
        if let failure { throw failure }
        return found
    }

    /// Whether the valid frame at `position` matches: its value contains the pattern's bytes, or it
    /// has the pattern's Raft term or type.
    func matches(_ pattern: SearchPattern, at position: UInt64) throws(LogError) -> Bool {
        switch pattern.raftField {
        case .term(let term)?:
            return try frame(at: position).fields?.term == term
        case .type(let type)?:
            return try frame(at: position).fields.flatMap(RaftLogType.init(fields:)) == type
        case nil:
            return try withValue(at: position, { pattern.matches($0) }) == true
        }
    }
}
