/// A record as the inspector sees it through the index: its entry, the frame the entry points to, and
/// the value when the frame holds the right record.
import LogCore

public struct InspectedRecord: Sendable, Equatable {
    /// The offset the index maps (base + slot).
    public var offset: UInt64
    /// The segment's base offset.
    public var segmentBase: UInt64
    /// The index slot.
    public var slot: Int
    /// The index entry.
    public var entry: IndexEntry
    /// What lies at the entry's position.
    public var frame: FrameInfo
    /// The frame reader's verdict on that frame as the one holding `offset`.
    public var verdict: FrameVerdict
    /// The value, when the frame is valid (possibly cut to the requested length).
    public var value: [UInt8]?
    /// The full value length, when the frame is valid.
    public var valueLength: Int?
    /// Why the record cannot be read as it should, or `nil`.
    public var problem: RecordProblem?
}

/// Why a record cannot be read as it should: a verdict kept typed until what prints it says it in
/// words (``description``).
public enum RecordProblem: Sendable, Equatable, CustomStringConvertible {
    /// The segment's store cannot be opened.
    case storeUnreadable(UnreadableFile)
    /// The frame at the entry's position is not the record's, as `verdict` says, in the store named
    /// `store` (a snapshot's `state.bin` is not named after a base offset).
    case frame(FrameVerdict, store: String)

    /// The problem in words, as every output says it.
    public var description: String {
        switch self {
        case .storeUnreadable(let file): "\(file)"
        case .frame(let verdict, let store): verdict.describe(store: store)
        }
    }
}

extension LogDirectory {
    /// The segment and slot the index maps `offset` to, counting only validated entries; `nil` when no
    /// segment's index holds it.
    public func locate(_ offset: UInt64) throws(LogError) -> (segment: Int, slot: Int)? {
        guard let i = segmentIndex(containing: offset) else { return nil }
        let slot = offset - segments[i].baseOffset
        guard slot < UInt64(try segments[i].validEntryCount()) else { return nil }
        return (i, Int(slot))
    }

    /// The first offset at or after `offset` that some segment's index holds, or `nil`.
    public func firstIndexedOffset(atOrAfter offset: UInt64) throws(LogError) -> UInt64? {
        var i = segmentIndex(containing: offset) ?? 0
        while i < segments.count {
            let segment = segments[i]
            let count = UInt64(try segment.validEntryCount())
            let start = max(offset, segment.baseOffset)
            if start < segment.baseOffset + count { return start }
            i += 1
        }
        return nil
    }

    /// The record at `offset` read through the index, with at most `maxValueBytes` of its value.
    public func record(at offset: UInt64, maxValueBytes: Int = Int.max) throws(LogError) -> InspectedRecord? {
        guard let (i, slot) = try locate(offset) else { return nil }
        return try record(segment: i, slot: slot, maxValueBytes: maxValueBytes)
    }

    /// The record in `slot` of segment number `segment`.
    public func record(segment i: Int, slot: Int, maxValueBytes: Int = Int.max) throws(LogError) -> InspectedRecord? {
        try segments[i].record(slot: slot, maxValueBytes: maxValueBytes)
    }
}

extension InspectedSegment {
    /// The record in `slot`, its frame read once through the read-ahead window, with at most
    /// `maxValueBytes` of its value.
    func record(slot: Int, maxValueBytes: Int) throws(LogError) -> InspectedRecord? {
        var found: InspectedRecord?
        _ = try withRecord(slot: slot) { record, payload in
            found = record
            if let value = record.value(in: payload) { found!.value = Array(value.prefix(maxValueBytes)) }
        }
        return found
    }

    /// Calls `body` with the record in `slot`, its frame read once through the read-ahead window,
    /// and the frame's payload lent from the window (valid only during the call; `nil` when the
    /// record has no value: ``InspectedRecord/value(in:)`` cuts the value from it). The record's
    /// `value` is empty when it has one, `nil` when it cannot be read. Returns `false` when the index
    /// has no entry in `slot`.
    @inline(__always) func withRecord(slot: Int, _ body: (InspectedRecord, _ payload: UnsafeRawBufferPointer?) -> Void) throws(LogError) -> Bool {
        try withRecord(slot: slot, reader: try reader(), body)
    }

    /// ``withRecord(slot:_:)`` through `reader`, one this segment's ``reader()`` gave and the caller
    /// keeps across records (taking a new one once it ``Reader/isClosed``): a walk that reads many
    /// records of a segment asks the directory's budget once, not once a record.
    @inline(__always) package func withRecord(
        slot: Int, reader: Reader, _ body: (InspectedRecord, _ payload: UnsafeRawBufferPointer?) -> Void
    ) throws(LogError) -> Bool {
        guard let entry = try reader.entry(at: slot) else { return false }
        let offset = baseOffset + UInt64(slot)
        let storeSize = storeSize
        let failure = storeFailure
        try reader.withFrame(at: entry.position) { frame, payload in
            let verdict = frame.verdict(expectedOffset: offset, storeSize: storeSize)
            var record = InspectedRecord(
                offset: offset, segmentBase: baseOffset, slot: slot, entry: entry, frame: frame, verdict: verdict, value: nil,
                valueLength: nil, problem: nil)
            if let failure {
                record.problem = .storeUnreadable(failure)
                return body(record, nil)
            }
            record.problem = verdict.isValid ? nil : .frame(verdict, store: storeName)
            guard let fields = frame.fields, frame.shape.isComplete, let payload else { return body(record, nil) }
            record.valueLength = fields.valueRange.count
            record.value = []
            body(record, payload)
        }
        return true
    }
}

extension InspectedRecord {
    /// The value's bytes in `payload`, the frame's payload ``InspectedSegment/withRecord(slot:_:)``
    /// lent (`nil` when the record has no value).
    package func value(in payload: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer? {
        guard let payload, value != nil, let range = frame.fields?.valueRange else { return nil }
        return UnsafeRawBufferPointer(rebasing: payload[range])
    }
}

extension InspectedRecord {
    /// How many bytes of the store the frame takes: its whole size when complete, else what the
    /// store holds from its position on (the rest is missing).
    public func frameBytesOnDisk(storeSize: UInt64) -> UInt64 {
        frame.shape.isComplete ? frame.size : (storeSize > entry.position ? storeSize - entry.position : 0)
    }
}
