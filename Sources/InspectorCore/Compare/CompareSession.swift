import LogCore
import LogInspection

/// The compare view's I/O: the directories (strictly read-only), the diff engine of LogCore run over
/// the rows on screen and the selected offset, and each directory's records there.
public final class CompareSession {
    /// What is compared: one log of plain directories, or each log of node directories.
    public let comparison: ReplicaComparison
    /// Which of the comparison's logs is shown.
    public private(set) var current = 0
    /// How the logs are named (`log`, `raft/log`); empty for plain log directories.
    public var logNames: [String] { comparison.nodes == nil ? [] : comparison.logs.map { $0.name ?? "" } }

    /// Opens `paths` read-only: node directories (each log compared, the data log shown first) when
    /// every path is one, else log directories.
    ///
    /// - Throws: ``LogError`` when a directory cannot be listed.
    public init(paths: [String]) throws(LogError) {
        let nodes = paths.compactMap(NodeDirectory.recognise)
        comparison = nodes.count == paths.count ? try ReplicaComparison(nodes: nodes) : try ReplicaComparison(logDirectories: paths)
        // Each directory is followed by changes (who writes it is looked up once a second).
        for log in comparison.logs {
            for case let directory? in log.diff.directories { followers[ObjectIdentifier(directory)] = LogFollower(directory: directory) }
        }
    }

    /// The follower of each directory of every log, by the directory's identity.
    private var followers: [ObjectIdentifier: LogFollower] = [:]

    /// The followers of the log shown.
    private var shownFollowers: [LogFollower] {
        diff.directories.compactMap { $0.flatMap { followers[ObjectIdentifier($0)] } }
    }

    /// Whether segment `index` of `directory` is being written: a writer's entries past its store's
    /// end are pending, not damage (as the single view says).
    /// Every segment a writer holds counts, not only the newest: the Go reference buffers every store
    /// it has open (``LogDirectory/segmentsHeldByWriter``, as the single view asks).
    private func isLive(_ directory: LogDirectory, segment index: Int, held: Set<UInt64>) -> Bool {
        directory.segments.indices.contains(index) && held.contains(directory.segments[index].baseOffset)
    }

    /// The segments a writer holds in each directory shown, looked up once for a whole load (a look
    /// through `/proc` a row cost most of what following a rolling writer costs).
    private func heldSegments() -> [Set<UInt64>] {
        diff.directories.map { $0?.segmentsHeldByWriter ?? [] }
    }

    /// The diff of the log shown.
    var diff: ReplicaDiff { comparison.logs[current].diff }

    /// Whether the log shown is a Raft log.
    public var raft: Bool { diff.raft }

    /// The log shown in each directory, by position: its path, or `nil` where a node has no such log.
    public var logPaths: [String?] { diff.directories.map { $0?.path } }

    /// Shows log `index` of the comparison.
    public func switchLog(to index: Int) {
        if comparison.logs.indices.contains(index) { current = index }
    }

    /// Each directory's offsets, by position (`nil` for one holding none), read fresh: a live index
    /// changes in place.
    public func heads() throws(LogError) -> [ClosedRange<UInt64>?] {
        var heads: [ClosedRange<UInt64>?] = []
        for directory in diff.directories {
            guard let directory, let first = try directory.firstIndexedOffset(atOrAfter: 0) else {
                heads.append(nil)
                continue
            }
            var last = first
            for segment in directory.segments.reversed() {
                let count = try segment.validEntryCount()
                if count > 0 {
                    last = max(first, segment.baseOffset.saturatingAdd(UInt64(count - 1)))
                    break
                }
            }
            heads.append(first...last)
        }
        return heads
    }

    /// Takes what changed in the directories (the files inotify named, the newest indexes) and reads
    /// their offsets: what a writer appended (`nil` when the offsets did not change), and whether any
    /// file changed at all (a writer's frame arriving for an index entry already there moves no
    /// offset).
    func look(from previous: [ClosedRange<UInt64>?]) throws(LogError) -> (heads: [ClosedRange<UInt64>?]?, filesChanged: Bool) {
        var changed = false
        for follower in shownFollowers {
            let delta = try follower.refresh()
            changed = changed || delta.listed || !delta.updated.isEmpty || !delta.added.isEmpty || !delta.changedInPlace.isEmpty
        }
        let heads = try heads()
        return (heads == previous ? nil : heads, changed)
    }

    /// Forgets every cached read, so that a rescan trusts nothing read before.
    public func invalidate() throws(LogError) {
        for follower in shownFollowers {
            try follower.refresh()
            follower.forgetValidation()
            for segment in follower.directory.segments { segment.invalidateCaches() }
        }
    }

    /// Loads what the state lacks.
    public func load(_ need: CompareNeed) -> CompareEvent {
        do {
            switch need {
            case .rows(let offsets): return .rowsLoaded(try rows(offsets))
            case .detail(let offset): return .detailLoaded(try detail(offset))
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// The rows of `offsets`: the diff's verdicts and each directory's record.
    func rows(_ offsets: ClosedRange<UInt64>) throws(LogError) -> [CompareRow] {
        var verdicts: [UInt64: (ReplicaDiff.Verdict, Bool)] = [:]
        try diff.run(from: offsets.lowerBound, through: offsets.upperBound) { row in
            for offset in row.offsets { verdicts[offset] = (row.verdict, row.logMatchingViolation) }
        }
        var rows: [CompareRow] = []
        let held = heldSegments()
        for offset in offsets {
            var entries: [RowData?] = []
            for (i, directory) in diff.directories.enumerated() {
                guard let directory, let (segment, slot) = try directory.locate(offset) else {
                    entries.append(nil)
                    continue
                }
                entries.append(
                    try InspectorSession.rowData(in: directory, segment: segment, slot: slot, live: isLive(directory, segment: segment, held: held[i])))
            }
            let verdict = verdicts[offset]
            rows.append(CompareRow(offset: offset, verdict: verdict?.0, entries: entries, logMatchingViolation: verdict?.1 ?? false))
        }
        return rows
    }

    /// The detail of `offset`: the diff's row for it and each directory's frame.
    func detail(_ offset: UInt64) throws(LogError) -> CompareDetail {
        var found: ReplicaDiff.Row?
        try diff.run(from: offset, through: offset) { found = $0 }
        var sides: [CompareDetail.Side?] = []
        let held = heldSegments()
        for (i, directory) in diff.directories.enumerated() {
            guard let directory, let (index, slot) = try directory.locate(offset),
                let record = try directory.record(segment: index, slot: slot, maxValueBytes: DetailData.maxFrameBytes)
            else {
                sides.append(nil)
                continue
            }
            let segment = directory.segments[index]
            let count = record.frameBytesOnDisk(storeSize: segment.storeSize)
            let bytes = try segment.storeBytes(at: record.entry.position, count: Int(min(UInt64(DetailData.maxFrameBytes), count)))
            let row = RowData(record, live: isLive(directory, segment: index, held: held[i]))
            sides.append(CompareDetail.Side(row: row, file: segment.storeName, frameBytes: bytes, frameByteCount: count, problem: record.problem))
        }
        return CompareDetail(offset: offset, row: found, sides: sides)
    }
}
