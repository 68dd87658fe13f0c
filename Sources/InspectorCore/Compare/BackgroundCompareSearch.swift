import LogCore
import LogInspection

/// The compare view's search scan on a thread of its own: each directory opened again (its own
/// files and budget), then the offsets of the scan in order, a chunk at a time, each chunk's matches
/// (in any directory) published as soon as it is read. Offsets no directory holds are skipped.
enum BackgroundCompareSearch {
    /// Offsets read per published chunk.
    static let chunkOffsets: UInt64 = 8192

    static func start(paths: [String?], scan: CompareSearchScan) -> BackgroundJob<CompareSearchProgress> {
        BackgroundJob(
            name: "compare search",
            unstarted: { error in
                CompareSearchProgress(id: scan.id, from: scan.from, next: scan.from, matching: [], failure: "\(error)")
            },
            work: { read(scan, in: paths, $0) })
    }

    private static func read(_ scan: CompareSearchScan, in paths: [String?], _ context: BackgroundJob<CompareSearchProgress>.Context) {
        var cursor = scan.from
        do throws(LogError) {
            var directories: [LogDirectory] = []
            for case let path? in paths { directories.append(try LogDirectory(path: path)) }
            while !context.isCancelled {
                var start: UInt64?
                for directory in directories {
                    if let held = try firstHeld(in: directory, from: cursor) { start = min(start ?? held, held) }
                }
                guard let start, start <= scan.through else {
                    // Nothing more is held up to the end asked for: read through it.
                    let next = scan.through == .max ? nil : scan.through + 1
                    context.publish(CompareSearchProgress(id: scan.id, from: cursor, next: next, matching: []))
                    return
                }
                let end = min(scan.through, start.saturatingAdd(chunkOffsets - 1))
                var found = Set<UInt64>()
                for directory in directories { try matching(scan.pattern, in: directory, start...end, into: &found) }
                context.publish(CompareSearchProgress(id: scan.id, from: cursor, next: end == .max ? nil : end + 1, matching: found.sorted()))
                if end == scan.through || end == .max { return }
                cursor = end + 1
            }
        } catch {
            context.publish(CompareSearchProgress(id: scan.id, from: cursor, next: cursor, matching: [], failure: "\(error)"))
        }
    }

    /// The lowest offset at or above `offset` that `directory` holds a record for.
    private static func firstHeld(in directory: LogDirectory, from offset: UInt64) throws(LogError) -> UInt64? {
        let segments = directory.segments
        var i = directory.segmentIndex(containing: offset) ?? segments.firstIndex { $0.baseOffset > offset } ?? segments.count
        while i < segments.count {
            let segment = segments[i]
            let count = UInt64(try segment.validEntryCount())
            let first = max(offset, segment.baseOffset)
            if count > 0, first - segment.baseOffset < count { return first }
            i += 1
        }
        return nil
    }

    /// Adds the offsets in `range` whose record in `directory` matches `pattern`.
    private static func matching(
        _ pattern: SearchPattern, in directory: LogDirectory, _ range: ClosedRange<UInt64>, into found: inout Set<UInt64>
    ) throws(LogError) {
        let segments = directory.segments
        var i = directory.segmentIndex(containing: range.lowerBound) ?? segments.firstIndex { $0.baseOffset > range.lowerBound } ?? segments.count
        while i < segments.count, segments[i].baseOffset <= range.upperBound {
            let segment = segments[i]
            let count = try segment.validEntryCount()
            let low = Int(clamping: max(range.lowerBound, segment.baseOffset) - segment.baseOffset)
            let high = Int(clamping: min(UInt64(count), (range.upperBound - segment.baseOffset).saturatingAdd(1)))
            if low < high {
                for slot in try segment.slots(matching: pattern, in: low..<high) { found.insert(segment.baseOffset + UInt64(slot)) }
            }
            i += 1
        }
    }
}
