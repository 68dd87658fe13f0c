import LogCore
import LogInspection

/// The inspector's I/O: reads the directory (strictly read-only) to satisfy the state's data needs and
/// to perform its effects, answering with events.
public final class InspectorSession {
    public let directory: LogDirectory
    /// Follows the directory while a writer appends: the live segments' index entries, the head, what
    /// changed between refreshes (the engine `logscope tail` uses too).
    let follower: LogFollower

    /// Lists `path` and runs the quick check (clean segments trusted in O(1)).
    public convenience init(path: String) throws(LogError) {
        try self.init(source: .directory(path))
    }

    /// Opens `source` and runs the quick check (clean segments trusted in O(1)).
    ///
    /// - Parameter checkingFirstOnly: on a directory of more than ``windowedCheckThreshold``
    ///   segments, the quick check looks only at the first `checkingFirstOnly` segments (the first
    ///   screen) and the newest ones; the others are marked not checked yet until a full check finds
    ///   them clean (``checkedSegments(_:shown:)``) or its report is adopted
    ///   (``adopt(_:referenceReopen:)``). `nil` checks every segment.
    public convenience init(source: LogSource, checkingFirstOnly: Int? = nil) throws(LogError) {
        try self.init(source: source, access: FileAccessRoutes.access(for: source.path), checkingFirstOnly: checkingFirstOnly)
    }

    /// Above this many segments (a few screens), a session asked to check only the first screen
    /// does: the 686 segments of a 100M-record log cost the first frame 20–40 ms more checked whole.
    public static let windowedCheckThreshold = 256

    /// Opens `source` through `access` (every listing, `stat` and read of the log goes through it)
    /// and runs the quick check.
    package init(source: LogSource, access: any FileAccess, checkingFirstOnly window: Int? = nil) throws(LogError) {
        // The follower watches before it lists, so its first look needs no second listing; live
        // refreshes come up to ten times a second, and who writes the log is looked up once a second.
        follower = try source.follow(access: access)
        directory = follower.directory
        // The check looks through `/proc` for writers on another thread while it runs.
        var checker = IntegrityChecker(directory: directory, quick: true)
        let count = directory.segments.count
        if let window, count > Self.windowedCheckThreshold {
            // The first screen, and the newest segments (where a writer appends and follow goes).
            checker.onlySegments = Set(0..<min(count, window)).union(max(0, count - window)..<count)
        }
        let report = try checker.run()
        lastReport = report
        opening = try SnapshotBuilder.build(
            directory: directory, report: report, fullCheck: report.segments.allSatisfy(\.walked), referenceReopen: nil)
        directory.releaseIdleFiles()
    }

    /// The snapshot built when the session opened, until ``takeOpeningSnapshot()`` hands it over.
    private var opening: DirectorySnapshot?

    /// Hands over the snapshot built when the session opened (an empty one after the first call).
    ///
    /// The session keeps no snapshot of its own: the caller's is the one shown, and every call that
    /// depends on it (``liveUpdate(at:shown:modified:)``, ``load(_:shown:)``,
    /// ``perform(_:shown:)``) is given it. A second copy would double what a directory of 100,000
    /// segments costs, and patching one shared copy would copy it whole.
    public func takeOpeningSnapshot() -> DirectorySnapshot {
        defer { opening = nil }
        return opening ?? DirectorySnapshot(path: directory.path, segments: [], findings: [], fullCheck: false, live: false, strays: [])
    }

    /// The latest report (full where the background check has run): a live refresh reuses it for
    /// every segment whose files did not change, so sealed segments are not read again.
    private var lastReport: IntegrityChecker.Report?

    /// Rebuilds the snapshot from a full report and its reference reopen paragraph (computed
    /// elsewhere, on another ``LogDirectory``).
    ///
    /// A writer may have rolled (or a truncation removed segments) while the check ran: the segments
    /// it walked and that did not change since keep its results, and the others get the quick check,
    /// so the result of a long check is never thrown away (and "checking…" never stays for good).
    public func adopt(_ report: IntegrityChecker.Report, referenceReopen: String? = nil) throws(LogError) -> DirectorySnapshot {
        try follower.refresh()
        var merged = report
        if report.segments.map(\.baseOffset) != directory.segments.baseOffsets {
            merged = try IntegrityChecker(directory: directory, liveSegments: writerHolds(), quick: true, threads: 1, reusing: report).run()
        }
        lastReport = merged
        let snapshot = try SnapshotBuilder.build(directory: directory, report: merged, fullCheck: true, referenceReopen: referenceReopen)
        directory.releaseIdleFiles()
        return snapshot
    }

    /// The summaries of the segments in `clean` (healths the running full check found clean, read
    /// through its own listing) that `shown` still has unchecked, where this session lists the same
    /// files for them. The newest segment is left to the live look and to the report.
    func checkedSegments(_ clean: CompactColumn<SegmentHealth>, shown: DirectorySnapshot) -> CheckedSegments {
        var checked = CheckedSegments()
        let segments = directory.segments
        for health in clean {
            let base = health.baseOffset
            guard let index = directory.segmentIndex(containing: base), index < segments.count - 1 else { continue }
            // What the listing says: no object is made for each of thousands of segments.
            let listed = segments.listed(index)
            guard listed.baseOffset == base, shown.segments.indices.contains(index), shown.segments[index].baseOffset == base,
                shown.segments[index].mark == .unchecked, listed.files.fingerprint == health.files,
                let summary = try? SnapshotBuilder.summary(of: index, in: directory, health: health, anomalies: [])
            else { continue }
            checked.append(summary, at: index)
        }
        return checked
    }

    /// The head, the segments a writer held and the sealed stores' bytes at the last live look.
    private var lastLive: (head: UInt64?, held: Set<UInt64>, sealedBytes: UInt64)?

    /// The segments a writer holds open (the newest under a LogCore writer's lock; every segment whose
    /// files a process has open or mapped for writing, as the Go reference does), looked up through
    /// `/proc` at most once a second (``LogDirectory/holderScanInterval``), and at once when a new
    /// segment appeared (the writer rolled to it).
    func writerHolds() -> Set<UInt64> { follower.segmentsHeldByWriter }

    /// Looks for appends since the last call, and for sealed segments written in place; `nil` when
    /// nothing changed. A patch is made for `shown`, the snapshot on screen: the caller applies it.
    ///
    /// What it costs follows what changed, not the directory's size: the follower looks only at the
    /// files inotify named and at the newest index. When a writer only appended (to the newest
    /// segment, or rolled to new ones), only those segments are checked again and their summaries
    /// patched in (``LiveUpdate/patch``); a segment removed, replaced or damaged runs the quick check,
    /// which reuses every unchanged segment's result.
    ///
    /// - Parameters:
    ///   - at: the time to stamp the update with (the state's clock, in seconds).
    ///   - shown: the snapshot shown now (the last one this session built, patched).
    ///   - modified: names of files known to be written besides what inotify saw; a sealed segment
    ///     among them is checked again in full (damage done in place does not change a file's size).
    public func liveUpdate(at: Double, shown: DirectorySnapshot, modified: Set<String> = []) throws(LogError) -> LiveUpdate? {
        let change = try follower.refresh(modified: modified)
        let head = try follower.headOffset()
        let held = writerHolds()
        // The first look compares with what the first snapshot showed.
        let previous =
            lastLive
            ?? (
                head, Set(shown.segments.filter(\.isBeingWritten).map(\.baseOffset)),
                directory.segments.dropLast().reduce(UInt64(0)) { $0.saturatingAdd($1.storeSize) }
            )
        lastLive = previous
        guard change.listed || !change.changedInPlace.isEmpty || head != previous.head || held != previous.held else { return nil }
        var patch: TailPatch?
        if appendedOnly(change, held: held, previous: previous.held, shown: shown), var report = lastReport {
            // Taken out while it changes: the report of thousands of segments is changed in place.
            lastReport = nil
            let checker = IntegrityChecker(directory: directory, liveSegments: held, quick: true, threads: 1)
            if let recheck = try checker.recheckTail(in: &report) {
                patch = try SnapshotBuilder.tailPatch(for: shown, directory: directory, report: report, recheck: recheck)
            }
            lastReport = report
        }
        var rebuilt: DirectorySnapshot?
        if patch == nil {
            let report = try IntegrityChecker(
                directory: directory, liveSegments: held, quick: true, threads: 1, reusing: lastReport, changed: change.changedInPlace
            ).run()
            lastReport = report
            rebuilt = try SnapshotBuilder.build(
                directory: directory, report: report, fullCheck: shown.fullCheck, referenceReopen: shown.referenceReopen)
        }
        // Appended bytes: sealed stores, and the active segment up to its newest entry (a buffered
        // writer's store file lags its index and grows in bursts). Sealed stores are summed again only
        // when more than the newest segment changed.
        var sealed = previous.sealedBytes
        if let patch {
            // The segments sealed since (the earlier newest among them) add their stores.
            for summary in patch.summaries.dropLast() { sealed = sealed.saturatingAdd(summary.storeBytes) }
        } else {
            sealed = directory.segments.dropLast().reduce(UInt64(0)) { $0.saturatingAdd($1.storeSize) }
        }
        lastLive = (head, held, sealed)
        let active = try follower.activeEnd()
        return LiveUpdate(
            snapshot: rebuilt, patch: patch, at: at, head: head, appendedBytes: sealed.saturatingAdd(active),
            activeBytes: active)
    }

    /// Whether `change` is what a writer appending makes: the segment that was the newest grew,
    /// segments after it appeared, and the segments a writer holds changed only among those; nothing
    /// was removed, replaced or written in place.
    private func appendedOnly(_ change: LogFollower.Change, held: Set<UInt64>, previous: Set<UInt64>, shown: DirectorySnapshot) -> Bool {
        guard let newest = shown.segments.last?.baseOffset, change.removed.isEmpty, change.replaced.isEmpty,
            change.changedInPlace.isEmpty, !change.straysChanged, change.truncated.isEmpty
        else { return false }
        return change.updated.allSatisfy { $0 >= newest } && held.symmetricDifference(previous).allSatisfy { $0 >= newest }
    }

    /// Lists again and re-runs the quick check, trusting nothing from earlier checks (the runtime then
    /// starts a new full check in the background).
    public func rescan() throws(LogError) -> DirectorySnapshot {
        try follower.refresh()
        follower.forgetValidation()
        for segment in directory.segments.read { segment.invalidateCaches() }
        let report = try IntegrityChecker(directory: directory, quick: true).run()
        lastReport = report
        // No reopen prediction until the full check that the runtime starts now.
        return try SnapshotBuilder.build(directory: directory, report: report, fullCheck: false, referenceReopen: nil)
    }

    /// Loads what the state lacks; `shown` is the snapshot it shows.
    public func load(_ need: DataNeed, shown: DirectorySnapshot) -> Event {
        do {
            switch need {
            case .rows(let segment, let range):
                return .rowsLoaded(segment: segment, rows: try rows(segment: segment, range: range, shown: shown))
            case .detail(let segment, let row):
                if let missing = missingSegment(segment) { return missing }
                return .detailLoaded(try detail(segment: segment, row: row, shown: shown))
            }
        } catch {
            return .failed("\(error)")
        }
    }

    func rows(segment index: Int, range: Range<Int>, shown: DirectorySnapshot) throws(LogError) -> [Int: RowData] {
        guard directory.segments.indices.contains(index) else { return [:] }
        let live = shown.segments.indices.contains(index) && shown.segments[index].isBeingWritten
        var result: [Int: RowData] = [:]
        for row in range {
            result[row] = try Self.rowData(in: directory, segment: index, slot: row, live: live)
        }
        return result
    }

    /// The row of `slot` of segment number `segment` (`nil` past the index's end).
    static func rowData(in directory: LogDirectory, segment index: Int, slot: Int, live: Bool) throws(LogError) -> RowData? {
        guard var record = try directory.record(segment: index, slot: slot, maxValueBytes: RowData.previewBytes) else { return nil }
        // A Raft command's value is decoded whole for its preview (up to the detail pane's limit).
        if record.frame.fields?.term != nil, let length = record.valueLength, length > RowData.previewBytes {
            record = try directory.record(segment: index, slot: slot, maxValueBytes: DetailData.maxFrameBytes) ?? record
        }
        return RowData(record, live: live)
    }

    /// A failure to show when segment `index` is not in the directory as the session last listed it:
    /// the state may still show a segment that a live refresh removed, or ask for segment 0 of an
    /// empty directory. `nil` when the segment is there.
    func missingSegment(_ index: Int) -> Event? {
        guard !directory.segments.indices.contains(index) else { return nil }
        let count = directory.segments.count
        return .failed("the directory now holds \(count) segment\(count == 1 ? "" : "s"), not segment \(index + 1); press r to reload")
    }

    func detail(segment index: Int, row: Int, shown: DirectorySnapshot) throws(LogError) -> DetailData {
        let segment = directory.segments[index]
        let summary = shown.segments.indices.contains(index) ? shown.segments[index] : nil
        if let summary, row >= summary.rowCount {
            let anomaly = summary.anomalyRows[row - summary.rowCount]
            var bytes: [UInt8] = []
            var start: UInt64 = 0
            if let range = anomaly.bytes {
                start = range.lowerBound
                let count = Int(min(UInt64(DetailData.maxFrameBytes), range.byteCount))
                bytes =
                    anomaly.file == segment.indexName
                    ? try segment.indexBytes(at: range.lowerBound, count: count) : try segment.storeBytes(at: range.lowerBound, count: count)
            }
            var detail = DetailData(
                segment: index, row: row, record: nil, frameBytes: bytes, frameByteCount: anomaly.bytes?.byteCount ?? 0,
                frameStart: start, neighbours: [], entryBytes: [], anomaly: anomaly, findingIndexes: [anomaly.findingIndex])
            if !bytes.isEmpty { try addContext(to: &detail, segment: segment, inIndex: anomaly.file == segment.indexName) }
            return detail
        }
        // The frame's prefix says its shape; its bytes, value and context come from one read.
        guard var record = try directory.record(segment: index, slot: row, maxValueBytes: 0) else {
            throw LogError.endOfIndex(path: segment.indexPath ?? segment.indexName, entry: Int64(row))
        }
        let frameCount = record.frameBytesOnDisk(storeSize: segment.storeSize)
        let bytes = try FrameBytes(record: record, frameCount: frameCount, in: segment)
        record.value = bytes.value
        let frameBytes = bytes.frame
        var neighbours: [DetailData.IndexNeighbour] = []
        let count = try segment.validEntryCount()
        // The entries around the row that the index holds (none when the row lies past them all).
        for slot in max(0, row - 2)..<max(0, min(count, row + 3)) {
            if let entry = try segment.rawEntry(at: slot) { neighbours.append(DetailData.IndexNeighbour(slot: slot, entry: entry)) }
        }
        let entryBytes = try segment.indexBytes(at: UInt64(row * IndexEntry.size), count: IndexEntry.size)
        let footprint = RecordFootprint(
            offset: record.offset, store: segment.storeName,
            frame: record.entry.position..<record.entry.position.saturatingAdd(max(frameCount, 1)), index: segment.indexName,
            entry: UInt64(row * IndexEntry.size)..<UInt64(row * IndexEntry.size + IndexEntry.size))
        let touching = footprint.touching(shown.findings)
        var detail = DetailData(
            segment: index, row: row, record: record, frameBytes: frameBytes, frameByteCount: frameCount,
            frameStart: record.entry.position, neighbours: neighbours, entryBytes: entryBytes, anomaly: nil, findingIndexes: touching)
        if record.problem != nil { (detail.contextBefore, detail.contextAfter) = (bytes.before, bytes.after) }
        return detail
    }

    /// Reads the bytes just before and just after an anomaly's bytes (after them only when all of
    /// them were read).
    private func addContext(to detail: inout DetailData, segment: InspectedSegment, inIndex: Bool) throws(LogError) {
        let read = { (position: UInt64, count: Int) throws(LogError) -> [UInt8] in
            inIndex ? try segment.indexBytes(at: position, count: count) : try segment.storeBytes(at: position, count: count)
        }
        let before = min(UInt64(DetailData.contextBytes), detail.frameStart)
        detail.contextBefore = try read(detail.frameStart - before, Int(before))
        if UInt64(detail.frameBytes.count) == detail.frameByteCount {
            detail.contextAfter = try read(detail.frameStart.saturatingAdd(UInt64(detail.frameBytes.count)), DetailData.contextBytes)
        }
    }
}
