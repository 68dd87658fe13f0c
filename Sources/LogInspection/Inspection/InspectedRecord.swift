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
    func record(slot: Int, maxValueBytes: Int, payload: inout [UInt8]) throws(LogError) -> InspectedRecord? {
        let reader = try reader()
        guard let entry = try reader.entry(at: slot) else { return nil }
        let offset = baseOffset + UInt64(slot)
        let frame = try frame(at: entry.position, payload: &payload, reader: reader)
        var record = InspectedRecord(
            offset: offset, segmentBase: baseOffset, slot: slot, entry: entry, frame: frame, value: nil, valueLength: nil, problem: nil)
        if let failure = storeFailure {
            record.problem = "\(failure)"
            return record
        }
        record.problem = problem(with: frame, at: offset)
        if let fields = frame.fields, frame.shape == .complete {
            let length = fields.valueRange.count
            record.valueLength = length
            record.value = Array(payload[fields.valueRange.prefix(min(length, maxValueBytes))])
        }
        return record
    }

    /// Why the frame an index entry of this segment points to does not hold the record at `offset`
    /// as it should, or `nil`: the one wording `dump`, `diff` and the inspector use.
    func problem(with frame: FrameInfo, at offset: UInt64) -> String? {
        switch frame.shape {
        case .truncatedPrefix:
            return frame.position >= storeSize
                ? "the entry points past the end of \(storeName) (\(storeSize) bytes)"
                : "only \(storeSize - frame.position) bytes of the length prefix are in the file"
        case .truncatedPayload(let available):
            return "the length prefix says \(frame.payloadLength) bytes but only \(available) follow it"
        case .complete:
            if let failure = frame.decodeFailure { return "the payload does not decode: \(failure)" }
            if let fields = frame.fields, fields.offset != offset { return "the record names offset \(fields.offset), not \(offset)" }
            return nil
        }
    }
}
