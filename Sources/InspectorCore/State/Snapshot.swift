import LogCore
import LogInspection

/// What the inspector knows about the directory as a whole: one summary per segment and the findings.
/// Built by the runtime from a ``LogDirectory`` and an integrity report; the state never does I/O.
public struct DirectorySnapshot: Sendable, Equatable {
    public var path: String
    public var segments: CompactColumn<SegmentSummary> {
        didSet { if !updatingTogether { updateDerived() } }
    }
    public var findings: [Finding] {
        didSet { if !updatingTogether { updateDerived() } }
    }
    /// Set while ``updateTogether(_:)`` changes both (what is derived from them is worked out once).
    private var updatingTogether = false

    /// Changes the summaries and the findings together, in place, working out the anomaly targets
    /// once. Only the summaries from `tail` on may change how many segments hold more than records.
    mutating func updateTogether(from tail: Int, _ body: (inout CompactColumn<SegmentSummary>, inout [Finding]) -> Void) {
        segmentsHoldingMore -= segments[min(tail, segments.count)...].count { $0.holdsMoreThanRecords }
        updatingTogether = true
        // Moved out and back, so each array stays uniquely held (changed in place, not copied).
        var (movedSegments, movedFindings) = (CompactColumn<SegmentSummary>(), [Finding]())
        swap(&movedSegments, &segments)
        swap(&movedFindings, &findings)
        body(&movedSegments, &movedFindings)
        swap(&movedSegments, &segments)
        swap(&movedFindings, &findings)
        updatingTogether = false
        segmentsHoldingMore += segments[min(tail, segments.count)...].count { $0.holdsMoreThanRecords }
        updateDerived(counting: tail..<segments.count)
    }

    /// Changes summaries in place where nothing worked out from them can change: the caller replaces
    /// only summaries with no anomaly rows that hold nothing beyond their records, by others alike
    /// (the findings, their targets and the count of segments holding more stay as they are; on a
    /// directory of 100,000 segments they are not worked out again for each batch).
    mutating func replaceSummariesAlike(_ body: (inout CompactColumn<SegmentSummary>) -> Void) {
        updatingTogether = true
        var moved = CompactColumn<SegmentSummary>()
        swap(&moved, &segments)
        body(&moved)
        swap(&moved, &segments)
        updatingTogether = false
    }

    /// Whether some segment holds more than readable records (pending or lost entries, unindexed
    /// frames, damaged entries): the segments pane then shows a column for them.
    public var someSegmentHoldsMore: Bool { segmentsHoldingMore > 0 }
    /// How many segments hold more than readable records.
    private var segmentsHoldingMore = 0

    private mutating func updateDerived(counting changed: Range<Int>? = nil) {
        // Warnings and errors only: they are what is counted and stepped to (a Go writer's thousands of
        // pending zero tails are info, and folding them on every append would cost their count).
        folds = FindingFold.folds(findings, above: .info)
        anomalyTargets = targets()
        if changed == nil { segmentsHoldingMore = segments.indices.count { segments[$0].holdsMoreThanRecords } }
    }
    /// Where each finding points, most severe first, then in (segment, row) order: the order of `e`/`E`,
    /// the anomaly list and the findings line. Info findings (a live writer's pending entries) are
    /// not anomalies and are left out. Kept up to date with ``segments`` and ``findings`` (a frame
    /// reads it, so it is not sorted again for each one).
    public private(set) var anomalyTargets: [AnomalyTarget] = []
    /// The number of findings ``anomalyTargets`` lists (warnings and errors).
    public var anomalyCount: Int { anomalyTargets.count }
    /// Whether the findings come from a full walk of every segment (else clean segments were trusted).
    public var fullCheck: Bool
    public var live: Bool
    public var strays: [String]
    /// What the Go reference would do if it reopened the directory as it was at the last full check
    /// (the paragraph `check` prints as "reference reopen"); `nil` until a full check has run.
    public var referenceReopen: String?
    /// Whether the log's records carry Raft terms (a node's `raft/log`): the records pane then shows
    /// Term and Type columns.
    public var hasRaftTerms = false

    public init(path: String, segments: [SegmentSummary], findings: [Finding], fullCheck: Bool, live: Bool, strays: [String]) {
        self.init(path: path, segments: CompactColumn(segments), findings: findings, fullCheck: fullCheck, live: live, strays: strays)
    }

    /// A snapshot of summaries already kept small (a directory of 100,000 segments never holds them whole).
    public init(path: String, segments: CompactColumn<SegmentSummary>, findings: [Finding], fullCheck: Bool, live: Bool, strays: [String]) {
        self.path = path
        self.segments = segments
        self.findings = findings
        self.fullCheck = fullCheck
        self.live = live
        self.strays = strays
        updateDerived()
    }

    /// The findings folded as `check` shows them (``FindingFold``: a zero tail in every index of a Raft
    /// log is one finding): each keeps its row in its segment, but only the first of a group is
    /// counted, listed and stepped to, and it names the others.
    private var folds = FindingFold.Folds()

    /// Finding `index` as the banner, the anomaly list and the detail show it (``folds``).
    public func shownFinding(_ index: Int) -> Finding { folds.shown(index, of: findings) }

    /// The number of findings at each severity, as `check` counts warnings and errors (folded).
    public func count(_ severity: Finding.Severity) -> Int {
        findings.indices.count { findings[$0].severity == severity && !folds.foldedAway.contains($0) }
    }

    /// The segment whose base is the greatest not above `offset`.
    public func segmentIndex(containing offset: UInt64) -> Int? {
        SegmentSearch.lastIndex(notAbove: offset, count: segments.count) { segments[$0].baseOffset }
    }

    private func targets() -> [AnomalyTarget] {
        // A healthy log's findings are all info (a writer's pending entries): no segment is visited.
        guard findings.contains(where: { $0.severity > .info }) else { return [] }
        var rows: [Int: (segment: Int, row: Int)] = [:]
        // By index: a summary is not copied to look at its anomaly rows.
        for s in segments.indices where !segments[s].anomalyRows.isEmpty {
            for (i, row) in segments[s].anomalyRows.enumerated() where rows[row.findingIndex] == nil {
                rows[row.findingIndex] = (s, segments[s].rowCount + i)
            }
        }
        var targets: [AnomalyTarget] = []
        for (i, finding) in findings.enumerated() where finding.severity > .info && !folds.foldedAway.contains(i) {
            if let (s, row) = rows[i] {
                targets.append(AnomalyTarget(segment: s, row: row, finding: i))
            } else if finding.isAboutTheDirectory {
                targets.append(AnomalyTarget(segment: -1, row: -1, finding: i))
            } else {
                targets.append(target(of: finding, index: i))
            }
        }
        return targets.sorted {
            let (a, b) = (findings[$0.finding].severity, findings[$1.finding].severity)
            return a != b ? a > b : ($0.segment, $0.row, $0.finding) < ($1.segment, $1.row, $1.finding)
        }
    }

    private func target(of finding: Finding, index: Int) -> AnomalyTarget {
        let fileBase = finding.file.flatMap { SegmentFileName(parsing: $0)?.baseOffset }
        var segment = fileBase.flatMap { base in segments.firstIndex { $0.baseOffset == base } }
        if segment == nil, let file = finding.file { segment = segments.firstIndex { $0.storeName == file || $0.indexName == file } }
        if segment == nil, let offset = finding.offsets?.lowerBound { segment = segmentIndex(containing: offset) }
        guard let s = segment else { return AnomalyTarget(segment: 0, row: 0, finding: index) }
        let summary = segments[s]
        if let offset = finding.offsets?.lowerBound, offset >= summary.baseOffset {
            let row = offset - summary.baseOffset
            return AnomalyTarget(segment: s, row: row < UInt64(summary.rowCount) ? Int(row) : max(0, summary.totalRows - 1), finding: index)
        }
        return AnomalyTarget(segment: s, row: 0, finding: index)
    }
}

/// Where a finding is shown: a segment and a row of the records pane.
public struct AnomalyTarget: Sendable, Equatable {
    /// The segment, or -1 for a finding about the directory itself (listed under the segments).
    public var segment: Int
    /// The row in that segment (-1 for the directory).
    public var row: Int
    public var finding: Int

    /// Whether the finding is about the directory itself, no segment's files.
    public var isDirectory: Bool { segment < 0 }
}

extension Finding {
    /// Whether the finding is about the directory itself rather than a segment's files: a stray
    /// file, a name that is no base offset, no segment at all.
    var isAboutTheDirectory: Bool {
        switch id {
        case .strayFile, .noSegments: return true
        case .badSegmentName: return file.map { SegmentFileName(parsing: $0) == nil } ?? false
        default: return false
        }
    }
}

/// One segment as the segments pane shows it.
public struct SegmentSummary: Sendable, Equatable {
    public enum Mark: String, Sendable, Equatable {
        case ok, warning, error, live
        /// Not looked at yet: the first frame of a large directory checks what is on screen and the
        /// newest segment; the background check fills the rest in.
        case unchecked
    }

    public var baseOffset: UInt64
    /// Rows backed by validated index entries.
    public var rowCount: Int
    public var firstOffset: UInt64?
    public var lastOffset: UInt64?
    public var storeBytes: UInt64
    public var indexBytes: UInt64
    /// Entries / whole slots of the index file (``indexFill(entries:indexBytes:)`` of the rows).
    public var indexFill: Double { LogInspection.indexFill(entries: rowCount, indexBytes: indexBytes) }
    public var mark: Mark
    /// The store's bytes by what they hold, for the coverage bar.
    public var regions: CompactList<SegmentHealth.Region>
    /// Damage shown as rows of their own after the segment's records.
    public var anomalyRows: [AnomalyRow]
    /// Records, index entries, unindexed frames and pending entries, as `stat` and `check` count them.
    public var counts: SegmentCounts
    /// Whether a file of the segment cannot be read (its records are unknown).
    public var isUnreadable: Bool
    /// Whether a writer holds this segment's files for writing now (the newest segment of a live log;
    /// with the Go reference, every segment it has open, as it flushes no store before closing): its
    /// pending entries wait for a flush.
    public var isBeingWritten: Bool
    /// The store's file name (`<base>.store`, or a stream's own name such as `state.bin`).
    public var storeName: String {
        get { streamNames?[0] ?? "\(baseOffset).store" }
        set { streamNames = [newValue, indexName] }
    }
    /// The index's name (`<base>.index`; a stream's index is built by walking it).
    public var indexName: String {
        get { streamNames?[1] ?? "\(baseOffset).index" }
        set { streamNames = [storeName, newValue] }
    }
    /// A store stream's two names, set only for a stream; a directory's segments are named by their
    /// base offsets, worked out when asked (100,000 segments keep no names).
    private var streamNames: [String]?

    public init(
        baseOffset: UInt64, rowCount: Int, firstOffset: UInt64?, lastOffset: UInt64?, storeBytes: UInt64, indexBytes: UInt64,
        mark: Mark, regions: CompactList<SegmentHealth.Region>, anomalyRows: [AnomalyRow], counts: SegmentCounts? = nil,
        isBeingWritten: Bool = false, isUnreadable: Bool = false
    ) {
        self.counts = counts ?? SegmentCounts(indexEntries: rowCount, records: rowCount)
        self.isBeingWritten = isBeingWritten
        self.baseOffset = baseOffset
        self.rowCount = rowCount
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.storeBytes = storeBytes
        self.indexBytes = indexBytes
        self.mark = mark
        self.regions = regions
        self.anomalyRows = anomalyRows
        self.isUnreadable = isUnreadable
    }

    /// Rows in the records pane: records, then anomaly rows.
    public var totalRows: Int { rowCount + anomalyRows.count }

    /// Whether the segment holds more than readable records: pending or lost entries, unindexed
    /// frames, damaged entries.
    public var holdsMoreThanRecords: Bool { counts.pendingEntries > 0 || counts.unindexedFrames > 0 || counts.damagedEntries > 0 }

    /// Rows before the pending entries at the end of the index (whose frames are not in the store).
    public var readableRows: Int { max(0, rowCount - counts.pendingEntries) }
}

/// Damage that has no index entry of its own (an unindexed or torn tail, zeros, a gap), shown as a row.
public struct AnomalyRow: Sendable, Equatable {
    public var findingIndex: Int
    public var severity: Finding.Severity
    public var label: String
    public var bytes: Range<UInt64>?
    public var file: String?

    public init(findingIndex: Int, severity: Finding.Severity, label: String, bytes: Range<UInt64>?, file: String?) {
        self.findingIndex = findingIndex
        self.severity = severity
        self.label = label
        self.bytes = bytes
        self.file = file
    }
}
