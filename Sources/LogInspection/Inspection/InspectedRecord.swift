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
    public var problem: String?
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
        var payload: [UInt8] = []
        return try segments[i].record(slot: slot, maxValueBytes: maxValueBytes, payload: &payload)
    }
}

extension InspectedSegment {
    /// The record in `slot`, its frame read once through the read-ahead window: `payload` receives
    /// the frame's payload (a buffer reused across records) and the value is cut from it.
    @inline(__always) func record(slot: Int, maxValueBytes: Int, payload: inout [UInt8]) throws(LogError) -> InspectedRecord? {
        let reader = try reader()
        guard let entry = try reader.entry(at: slot) else { return nil }
        let offset = baseOffset + UInt64(slot)
        let frame = try frame(at: entry.position, payload: &payload, reader: reader)
        let verdict = frame.verdict(expectedOffset: offset, storeSize: storeSize)
        var record = InspectedRecord(
            offset: offset, segmentBase: baseOffset, slot: slot, entry: entry, frame: frame, verdict: verdict, value: nil,
            valueLength: nil, problem: nil)
        if let failure = storeFailure {
            record.problem = "\(failure)"
            return record
        }
        record.problem = verdict.isValid ? nil : verdict.describe(store: storeName)
        if let fields = frame.fields, frame.shape.isComplete {
            let length = fields.valueRange.count
            record.valueLength = length
            record.value = Array(payload[fields.valueRange.prefix(min(length, maxValueBytes))])
        }
        return record
    }
}

extension InspectedRecord {
    /// How many bytes of the store the frame takes: its whole size when complete, else what the
    /// store holds from its position on (the rest is missing).
    public func frameBytesOnDisk(storeSize: UInt64) -> UInt64 {
        frame.shape.isComplete ? frame.size : (storeSize > entry.position ? storeSize - entry.position : 0)
    }
}
