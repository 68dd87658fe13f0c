import LogCore
import LogInspection

/// What the Detail pane shows of a record's frame, read from the store in one `pread`: the frame's
/// first ``DetailData/maxFrameBytes``, the value (as much of it as the pane decodes) and the bytes
/// just before and after the frame.
struct FrameBytes {
    /// The bytes just before the frame (up to ``DetailData/contextBytes``).
    var before: [UInt8]
    /// The frame's bytes, up to ``DetailData/maxFrameBytes``.
    var frame: [UInt8]
    /// The bytes just after the frame, when all of it was read (empty otherwise).
    var after: [UInt8]
    /// The value of a complete frame (up to ``DetailData/maxFrameBytes``), `nil` otherwise.
    var value: [UInt8]?

    /// Reads the frame `record`'s entry points to, `frameCount` bytes long on disk.
    init(record: InspectedRecord, frameCount: UInt64, in segment: InspectedSegment) throws(LogError) {
        let position = record.entry.position
        let context = UInt64(DetailData.contextBytes)
        let shown = min(UInt64(DetailData.maxFrameBytes), frameCount)
        var valueRange: Range<UInt64>?
        if record.frame.shape.isComplete, let fields = record.frame.fields {
            let start = position.saturatingAdd(UInt64(Store.lengthPrefixSize)).saturatingAdd(UInt64(fields.valueRange.lowerBound))
            valueRange = start..<start.saturatingAdd(UInt64(min(fields.valueRange.count, DetailData.maxFrameBytes)))
        }
        let first = position - min(context, position)
        var last = position.saturatingAdd(shown).saturatingAdd(context)
        // A value past the frame's first bytes (a payload with a large field first) is read on its own.
        var separateValue = false
        if let valueRange, valueRange.upperBound > last {
            if valueRange.upperBound - last <= UInt64(DetailData.maxFrameBytes) { last = valueRange.upperBound } else { separateValue = true }
        }
        let span = try segment.storeBytes(at: first, count: Int(last - first))
        let slice = { (range: Range<UInt64>) -> [UInt8] in
            let low = Int(min(range.lowerBound - first, UInt64(span.count)))
            let high = Int(min(range.upperBound - first, UInt64(span.count)))
            return Array(span[low..<max(low, high)])
        }
        before = slice(first..<position)
        frame = slice(position..<position.saturatingAdd(shown))
        after = UInt64(frame.count) == frameCount ? slice(position.saturatingAdd(frameCount)..<position.saturatingAdd(frameCount).saturatingAdd(context)) : []
        if let valueRange {
            value = separateValue ? try segment.storeBytes(at: valueRange.lowerBound, count: valueRange.count) : slice(valueRange)
        }
    }
}
