import LogCore
import LogInspection

extension InspectorSession {
    /// Performs an effect that needs the directory; returns the event that reports its result.
    /// (Mouse capture and the clipboard are the terminal's: ``InspectorRuntime`` handles them.)
    public func perform(_ effect: Effect) -> Event? {
        switch effect {
        case .locatePosition(let segment, _), .buildFilter(let segment, _):
            if let missing = missingSegment(segment) { return missing }
        default: break
        }
        do {
            switch effect {
            case .locatePosition(let segment, let position):
                return .positionLocated(segment: segment, position: position, row: try locate(position, segment: segment))
            case .buildFilter(let segment, let pattern):
                return .filterBuilt(segment: segment, pattern: pattern.text, rows: try matchingRows(pattern, segment: segment))
            case .rescan:
                return .snapshotLoaded(try rescan())
            case .copyValue, .copyFrame, .setMouseCapture, .switchLog:
                return nil
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// The bytes `y` (the value as the Decoded tab shows it: pretty JSON, UTF-8 text, a protobuf tree,
    /// or hex) or `Y` (the frame as hex) copy, and a description.
    public func clipboardContent(for effect: Effect) -> (bytes: [UInt8], description: String)? {
        do {
            switch effect {
            case .copyValue(let segment, let row):
                guard let record = try directory.record(segment: segment, slot: row, maxValueBytes: 1 << 20), let value = record.value else { return nil }
                // What the Decoded tab shows, as text: never raw binary (NUL bytes on a clipboard).
                let decoded = DecodedValue(value)
                let text = decoded.text(of: value)
                let part = value.count < record.valueLength ?? value.count ? "the first \(ByteSize.compact(UInt64(value.count))) of " : ""
                let how = decoded == .binary ? "binary, as hex" : decoded.kind
                return (Array(text.utf8), "copied \(part)the value of offset \(record.offset) (\(how), \(Plural.count(text.utf8.count, "byte"))) with OSC 52")
            case .copyFrame(let segment, let row):
                let detail = try detail(segment: segment, row: row)
                let hex = HexString.encode(detail.frameBytes)
                return (Array(hex.utf8), "copied \(Plural.count(detail.frameBytes.count, "byte")) at \(detail.frameStart) as hex with OSC 52")
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// Rows of segment `index` whose value contains `pattern`.
    func matchingRows(_ pattern: SearchPattern, segment index: Int) throws(LogError) -> [Int] {
        let segment = directory.segments[index]
        return try segment.slots(matching: pattern, in: 0..<segment.validEntryCount())
    }

    /// The row whose frame holds byte `position` of segment `index`'s store (binary search on entries).
    func locate(_ position: UInt64, segment index: Int) throws(LogError) -> Int? {
        let segment = directory.segments[index]
        let count = try segment.validEntryCount()
        guard position < segment.storeSize, count > 0 else { return nil }
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if let entry = try segment.rawEntry(at: mid), entry.position <= position { low = mid + 1 } else { high = mid }
        }
        guard low > 0, let entry = try segment.rawEntry(at: low - 1) else { return nil }
        let frame = try segment.frame(at: entry.position)
        return position < max(frame.end, entry.position + 1) ? low - 1 : nil
    }
}
