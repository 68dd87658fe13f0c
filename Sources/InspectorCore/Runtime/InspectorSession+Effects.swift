import LogCore
import LogInspection

extension InspectorSession {
    /// Performs an effect whose ``Effect/performer`` is the session (it reads the directory); returns
    /// the event that reports its result, `nil` for the runtime's effects; `shown` is the snapshot
    /// on screen.
    public func perform(_ effect: Effect, shown: DirectorySnapshot) -> Event? {
        guard effect.performer == .session else { return nil }
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
                return .rescanned(try rescan())
            case .copyValue(let segment, let row):
                return try copiedValue(segment: segment, row: row) ?? .failed("nothing to copy here")
            case .copyFrame(let segment, let row):
                return try copiedFrame(segment: segment, row: row, shown: shown)
            case .setMouseCapture, .setClipboard, .restartCheck, .switchLog:
                return nil
            }
        } catch {
            return copies(effect) ? .failed("nothing to copy here") : .failed("\(error)")
        }
    }

    private func copies(_ effect: Effect) -> Bool {
        if case .copyValue = effect { return true }
        if case .copyFrame = effect { return true }
        return false
    }

    /// What `y` copies: the value as the Decoded tab shows it (pretty JSON, UTF-8 text, a protobuf
    /// tree, or hex), never raw binary (NUL bytes on a clipboard).
    private func copiedValue(segment: Int, row: Int) throws(LogError) -> Event? {
        guard directory.segments.indices.contains(segment),
            let record = try directory.record(segment: segment, slot: row, maxValueBytes: 1 << 20), let value = record.value
        else { return nil }
        let decoded = DecodedValue(value)
        let text = decoded.text(of: value)
        let part = value.count < record.valueLength ?? value.count ? "the first \(ByteSize.compact(UInt64(value.count))) of " : ""
        let how = decoded == .binary ? "binary, as hex" : decoded.kind
        return .clipboardRead(
            bytes: Array(text.utf8),
            description: "copied \(part)the value of offset \(record.offset) (\(how), \(Plural.count(text.utf8.count, "byte"))) with OSC 52")
    }

    /// What `Y` copies: the frame's bytes as the Detail pane has them, as hex.
    private func copiedFrame(segment: Int, row: Int, shown: DirectorySnapshot) throws(LogError) -> Event {
        if missingSegment(segment) != nil { return .failed("nothing to copy here") }
        let detail = try detail(segment: segment, row: row, shown: shown)
        let hex = HexString.encode(detail.frameBytes)
        return .clipboardRead(
            bytes: Array(hex.utf8), description: "copied \(Plural.count(detail.frameBytes.count, "byte")) at \(detail.frameStart) as hex with OSC 52")
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
