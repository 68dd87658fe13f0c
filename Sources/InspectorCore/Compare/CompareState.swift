import LogCore
import LogInspection

/// The panes of the compare view.
public enum ComparePane: Int, Sendable, Equatable, CaseIterable {
    case rows, detail
}

/// One offset of the compare view: the verdict the diff engine gives it and each directory's record.
public struct CompareRow: Sendable, Equatable {
    /// The offset (a Raft index in a Raft log).
    public var offset: UInt64
    /// The diff's verdict, `nil` where no directory holds the offset.
    public var verdict: ReplicaDiff.Verdict?
    /// Each directory's record there, by position; `nil` where the directory holds nothing.
    public var entries: [RowData?]
    /// For a Raft log: the same index and term hold different entries.
    public var logMatchingViolation = false

    /// A row of `offset`.
    public init(offset: UInt64, verdict: ReplicaDiff.Verdict?, entries: [RowData?], logMatchingViolation: Bool = false) {
        self.offset = offset
        self.verdict = verdict
        self.entries = entries
        self.logMatchingViolation = logMatchingViolation
    }
}

/// What the detail pane shows for the selected offset: each directory's frame.
public struct CompareDetail: Sendable, Equatable {
    /// One directory's record at the offset.
    public struct Side: Sendable, Equatable {
        /// The row's fields (status, preview, term, type).
        public var row: RowData
        /// The store file the frame is in.
        public var file: String
        /// The frame's bytes from its length prefix on (at most ``DetailData/maxFrameBytes``).
        public var frameBytes: [UInt8]
        /// The frame's byte count in the store (more than `frameBytes` holds for a huge frame).
        public var frameByteCount: UInt64
        /// Why the frame cannot be read, if it cannot.
        public var problem: RecordProblem?

        /// A side showing `row`'s frame.
        public init(row: RowData, file: String, frameBytes: [UInt8], frameByteCount: UInt64, problem: RecordProblem?) {
            self.row = row
            self.file = file
            self.frameBytes = frameBytes
            self.frameByteCount = frameByteCount
            self.problem = problem
        }
    }

    /// The offset.
    public var offset: UInt64
    /// The diff's row for this one offset (`nil` where no directory holds it).
    public var row: ReplicaDiff.Row?
    /// Each directory's frame, by position; `nil` where the directory holds nothing.
    public var sides: [Side?]

    /// The detail of `offset`.
    public init(offset: UInt64, row: ReplicaDiff.Row?, sides: [Side?]) {
        self.offset = offset
        self.row = row
        self.sides = sides
    }

    /// The bytes of `side`'s frame that differ from the same position of another directory's frame
    /// (or that another frame lacks), as ranges of `frameBytes`. Directories holding nothing there, or
    /// no byte of a frame (an entry past the store's end), are left out.
    public func differingRanges(of side: Int) -> [Range<Int>] {
        guard sides.indices.contains(side), let mine = sides[side]?.frameBytes else { return [] }
        let others = sides.indices.filter { $0 != side }.compactMap { sides[$0]?.frameBytes }.filter { !$0.isEmpty }
        var ranges: [Range<Int>] = []
        var start: Int?
        for i in 0...mine.count {
            let differs = i < mine.count && others.contains { i >= $0.count || $0[i] != mine[i] }
            if differs, start == nil { start = i }
            if !differs, let first = start {
                ranges.append(first..<i)
                start = nil
            }
        }
        return ranges
    }
}

/// A run of offsets that do not agree, as the difference index keeps it.
public struct CompareDifference: Sendable, Equatable {
    /// The offsets.
    public var offsets: ClosedRange<UInt64>
    /// Which way they differ (never ``ReplicaDiff/Verdict/agree``).
    public var verdict: ReplicaDiff.Verdict

    /// A difference over `offsets`.
    public init(offsets: ClosedRange<UInt64>, verdict: ReplicaDiff.Verdict) {
        self.offsets = offsets
        self.verdict = verdict
    }
}

/// The runs that do not agree, found by a background diff of the whole log (`e` and `E` step
/// through them, the top bar counts them).
public struct DifferenceIndex: Sendable, Equatable {
    /// The most runs kept (about 32 bytes each); beyond them the index only counts.
    public static let maxKept = 100_000

    /// The runs found so far, in offset order (at most ``maxKept``).
    public var runs: [CompareDifference] = []
    /// How many runs do not agree, kept or not.
    public var total = 0
    /// How many offsets they cover.
    public var offsets: UInt64 = 0
    /// The offset after the last run the diff emitted: the runs below it are final (until a writer
    /// changes them); a diff resumed there finds the rest. `nil` before the first run.
    public var frontier: UInt64?
    /// Whether the diff has read everything (until the next change).
    public var complete = false
    /// Where the next diff starts once the running one ends: writers changed the logs meanwhile (a
    /// running diff is not restarted on every append, or it would never end beside a busy writer).
    public var pendingRestart: UInt64?
    /// Numbers the diffs, so that the results of a superseded one are dropped.
    public var serial = 0

    /// An empty index.
    public init() {}

    /// Where the runs of the diff running now start: its first results replace the runs from there
    /// on (until then the earlier ones are shown, so a count does not flicker beside a busy writer).
    public var replacedFrom: UInt64?

    /// Takes what the diff found: runs, the offset after its last run, whether it has ended.
    mutating func receive(_ found: [CompareDifference], frontier: UInt64?, finished: Bool) {
        if let point = replacedFrom {
            dropRuns(from: point)
            replacedFrom = nil
        }
        for run in found {
            total += 1
            offsets = offsets.saturatingAdd(run.offsets.offsetCount)
            if runs.count < Self.maxKept { runs.append(run) }
        }
        if let frontier { self.frontier = frontier }
        complete = finished
    }

    /// Starts over from `point`: a new diff (numbered anew) finds the runs from there on again.
    mutating func restart(at point: UInt64) {
        serial += 1
        replacedFrom = point
        frontier = point
        complete = false
        pendingRestart = nil
    }

    /// Forgets the runs from `point` on (all of them from 0, the uncounted ones too).
    private mutating func dropRuns(from point: UInt64) {
        if point == 0 {
            (runs, total, offsets) = ([], 0, 0)
            return
        }
        let removed = runs.filter { $0.offsets.lowerBound >= point }
        runs.removeAll { $0.offsets.lowerBound >= point }
        total -= removed.count
        offsets -= removed.reduce(UInt64(0)) { $0.saturatingAdd($1.offsets.offsetCount) }
    }
}

/// The state of the compare view (`logscope DIR DIR…`): a value, changed only by
/// ``reduce(_:_:)-(CompareState,_)``.
public struct CompareState: Sendable, Equatable {
    /// The terminal's size.
    public var size: Size
    /// The directories as given, by position.
    public var directories: [String]
    /// The logs compared in node directories (`log`, `raft/log`); empty for log directories.
    public var logs: [String] = []
    /// Which of ``logs`` is shown.
    public var currentLog = 0
    /// Whether the log is a Raft log (rows show term and type).
    public var raft = false
    /// The offsets any directory holds, lowest to highest; `nil` when all are empty.
    public var span: ClosedRange<UInt64>?
    /// Each directory's offsets (`nil`: it holds none), as the session last read them.
    public var heads: [ClosedRange<UInt64>?] = []
    /// The pane keys act in.
    public var focus: ComparePane = .rows
    /// The selected offset.
    public var selected: UInt64 = 0
    /// The offset on the rows pane's first line.
    public var scroll: UInt64 = 0
    /// Loaded rows, by offset.
    public var rows: [UInt64: CompareRow] = [:]
    /// The selected offset's detail, once loaded.
    public var detail: CompareDetail?
    /// Lines the detail pane is scrolled.
    public var detailScroll = 0
    /// Whether hex dumps number bytes in hex (`o`).
    public var hexOffsets = false
    /// The runs that do not agree, as the background diff found them.
    public var differences = DifferenceIndex()
    /// The help overlay's first line shown, or `nil` when the help is closed.
    public var helpScroll: Int?
    /// The search (`/`), `n` and `N` go to its matches.
    public var search: CompareSearch?
    /// The filter (`&`): only the offsets it matched are listed.
    public var filter: CompareSearch?
    /// How many searches and filters were started (each one's id).
    var searchSerial = 0
    /// The line being typed after `/` or `&`.
    public var input: InputLine?
    /// The list of the nodes' logs `L` opened, and the log selected in it; `nil` when it is closed.
    public var logList: Int?
    /// The column each directory's value is shown from in the rows pane (`←` `→`).
    public var valueColumn = 0
    /// Whether the selection follows the offsets writers append (`f`, `F`).
    public var follow = CompareFollow.off
    /// The bottom bar's message.
    public var message: StatusMessage?
    /// Whether the mouse is captured (`F2`).
    public var mouseCapture = true
    /// Digits typed before `G`.
    public var count = ""
    /// Whether the user quit.
    public var quit = false

    /// The state of a comparison of `directories`, holding `heads`.
    public init(size: Size, directories: [String], heads: [ClosedRange<UInt64>?], raft: Bool) {
        self.size = size
        self.directories = directories
        self.raft = raft
        setHeads(heads)
        selected = span?.lowerBound ?? 0
        scroll = selected
    }

    /// Takes the directories' offsets, and the span they make together.
    mutating func setHeads(_ heads: [ClosedRange<UInt64>?]) {
        self.heads = heads
        let held = heads.compactMap { $0 }
        span = held.isEmpty ? nil : held.map(\.lowerBound).min()!...held.map(\.upperBound).max()!
    }

    /// The directories' common parent (`Fixtures/raft/B-follower-lag/`), empty when they have none.
    public var commonParent: String {
        guard directories.count > 1, var prefix = directories.first else { return "" }
        for name in directories.dropFirst() {
            while !name.hasPrefix(prefix) { prefix.removeLast() }
        }
        guard let slash = prefix.lastIndex(of: "/") else { return "" }
        return String(prefix[...slash])
    }

    /// The directories without their common parent (`node-0`), as the rows pane heads its columns.
    public var shortNames: [String] {
        let parent = commonParent
        return directories.map { String($0.dropFirst(parent.count)) }
    }

    /// The layout for the current size.
    public var layout: CompareLayout { CompareLayout(size: size) }

    /// The difference the selected offset is in, and its number (from 1) among the kept runs.
    public var selectedDifference: (number: Int, run: CompareDifference)? {
        let runs = differences.runs
        guard let i = SegmentSearch.lastIndex(notAbove: selected, count: runs.count, base: { runs[$0].offsets.lowerBound }),
            runs[i].offsets.contains(selected)
        else { return nil }
        return (i + 1, runs[i])
    }
}
