import LogCore
import LogInspection

/// The compare view's search (or filter) scan on a thread of its own, over the directories its kind
/// of scan keeps (``BackgroundDirectories``): the offsets of the scan in order, a chunk at a time,
/// each chunk's matches (in any directory) published as soon as it is read. Offsets no directory
/// holds are skipped.
enum BackgroundCompareSearch {
    /// Offsets read per published chunk.
    static let chunkOffsets: UInt64 = 8192

    static func start(directories: BackgroundDirectories, scan: CompareSearchScan) -> BackgroundJob<CompareSearchProgress> {
        BackgroundJob(
            name: "compare search",
            unstarted: { error in
                CompareSearchProgress(kind: scan.kind, id: scan.id, from: scan.from, next: scan.from, matching: [], failure: "\(error)")
            },
            work: { context in
                var cursor = scan.from
                do throws(LogError) {
                    try directories.read { (directories) throws(LogError) in
                        try read(scan, in: directories.compactMap { $0 }, from: &cursor, context)
                    }
                } catch {
                    context.publish(CompareSearchProgress(kind: scan.kind, id: scan.id, from: cursor, next: cursor, matching: [], failure: "\(error)"))
                }
            })
    }

    private static func read(
        _ scan: CompareSearchScan, in directories: [LogDirectory], from cursor: inout UInt64, _ context: BackgroundJob<CompareSearchProgress>.Context
    ) throws(LogError) {
        // A record whose frame a writer has not written yet is read once it is there: the scan
        // stops before it and waits (the next look at the logs starts it again).
        var through = scan.through
        var waiting = false
        for directory in directories {
            if let pending = try firstPending(in: directory), pending <= through {
                (through, waiting) = (pending, true)
            }
        }
        if waiting, through <= cursor {
            context.publish(CompareSearchProgress(kind: scan.kind, id: scan.id, from: cursor, next: cursor, matching: [], waiting: true))
            return
        }
        if waiting { through -= 1 }
        while !context.isCancelled {
            var start: UInt64?
            for directory in directories {
                if let held = try firstHeld(in: directory, from: cursor) { start = min(start ?? held, held) }
            }
            guard let start, start <= through else {
                // Nothing more is held up to the end asked for: read through it.
                let next = through == .max ? nil : through + 1
                context.publish(CompareSearchProgress(kind: scan.kind, id: scan.id, from: cursor, next: next, matching: [], waiting: waiting))
                return
            }
            let end = min(through, start.saturatingAdd(chunkOffsets - 1))
            var found = Set<UInt64>()
            for directory in directories { try matching(scan.pattern, in: directory, start...end, into: &found) }
            let last = end == through
            context.publish(
                CompareSearchProgress(
                    kind: scan.kind, id: scan.id, from: cursor, next: end == .max ? nil : end + 1, matching: found.sorted(), waiting: last && waiting))
            if last || end == .max { return }
            cursor = end + 1
        }
    }

    /// The first offset of `directory`'s newest segment whose index entry is there but whose frame is
    /// not yet wholly in the store (a writer's pending entries), if there is one.
    private static func firstPending(in directory: LogDirectory) throws(LogError) -> UInt64? {
        guard let segment = directory.segments.last else { return nil }
        var slot = try segment.validEntryCount()
        while slot > 0, let entry = try segment.rawEntry(at: slot - 1),
            try segment.frame(at: entry.position).verdict(expectedOffset: segment.baseOffset + UInt64(slot - 1), storeSize: segment.storeSize).isTorn
        {
            slot -= 1
        }
        return slot < (try segment.validEntryCount()) ? segment.baseOffset + UInt64(slot) : nil
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
