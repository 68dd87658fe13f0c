import LogCore

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
            case .search(let pattern, let from, let forward):
                return .searchFinished(pattern: pattern.text, found: try search(pattern, from: from, forward: forward), forward: forward)
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

    /// The bytes `y` (the value) or `Y` (the frame as hex) copy, and a description.
    public func clipboardContent(for effect: Effect) -> (bytes: [UInt8], description: String)? {
        do {
            switch effect {
            case .copyValue(let segment, let row):
                guard let record = try directory.record(segment: segment, slot: row, maxValueBytes: 1 << 20), let value = record.value else { return nil }
                return (value, "copied the value of offset \(record.offset) (\(Plural.count(value.count, "byte"))) with OSC 52")
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

    /// The first offset after (or before) `from` whose record matches `needle`.
    func search(_ needle: SearchPattern, from: UInt64, forward: Bool) throws(LogError) -> UInt64? {
        let segments = directory.segments
        guard !segments.isEmpty else { return nil }
        if forward {
            var i = directory.segmentIndex(containing: from) ?? 0
            while i < segments.count {
                let count = try segments[i].validEntryCount()
                let start = from > segments[i].baseOffset ? Int(min(UInt64(count), from - segments[i].baseOffset)) : 0
                if let slot = try firstMatch(needle, segment: segments[i], slots: Array(start..<count)) {
                    return segments[i].baseOffset.saturatingAdd(UInt64(slot))
                }
                i += 1
            }
        } else {
            guard var i = directory.segmentIndex(containing: from) else { return nil }
            while i >= 0 {
                let count = try segments[i].validEntryCount()
                // `from` may be UInt64.max (`N` at offset 0 wraps around): count the slots up to it
                // without computing `from - base + 1`.
                let distance = from - segments[i].baseOffset
                let end = distance < UInt64(count) ? Int(distance) + 1 : count
                if end > 0, let slot = try firstMatch(needle, segment: segments[i], slots: Array((0..<end).reversed())) {
                    return segments[i].baseOffset.saturatingAdd(UInt64(slot))
                }
                i -= 1
            }
        }
        return nil
    }

    private func firstMatch(_ needle: SearchPattern, segment: InspectedSegment, slots: [Int]) throws(LogError) -> Int? {
        // A search may pass thousands of segments: keep no more than this one's files open.
        defer { segment.releaseDescriptors() }
        for slot in slots {
            guard let entry = try segment.rawEntry(at: slot) else { continue }
            if try Self.matches(needle, segment: segment, at: entry.position) { return slot }
        }
        return nil
    }

    /// Whether the valid frame at `position` matches: its value contains the pattern's bytes, or it
    /// has the pattern's Raft term or type.
    static func matches(_ pattern: SearchPattern, segment: InspectedSegment, at position: UInt64) throws(LogError) -> Bool {
        switch pattern.raftField {
        case .term(let term)?:
            return try segment.frame(at: position).fields?.term == term
        case .type(let type)?:
            return try segment.frame(at: position).fields.flatMap(RaftLogType.init(fields:)) == type
        case nil:
            return try segment.withValue(at: position, { contains($0, pattern.bytes) }) == true
        }
    }

    /// Rows of segment `index` whose record matches `needle`.
    func matchingRows(_ needle: SearchPattern, segment index: Int) throws(LogError) -> [Int] {
        let segment = directory.segments[index]
        var rows: [Int] = []
        var failure: LogError?
        try segment.forEachEntry(in: 0..<segment.validEntryCount()) { slot, entry in
            do throws(LogError) {
                if try Self.matches(needle, segment: segment, at: entry.position) { rows.append(slot) }
            } catch {
                failure = error
                return false
            }
            return true
        }
        if let failure { throw failure }
        return rows
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

    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
