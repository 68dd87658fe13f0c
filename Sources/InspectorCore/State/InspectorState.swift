import LogCore

/// The panes that can have focus.
public enum Pane: Int, Sendable, Equatable, CaseIterable {
    case segments, records, detail
}

/// The tabs of the detail pane.
public enum DetailTab: Int, Sendable, Equatable, CaseIterable {
    case decoded, hex, index, checks

    public var title: String {
        switch self {
        case .decoded: return "Decoded"
        case .hex: return "Hex"
        case .index: return "Index"
        case .checks: return "Checks"
        }
    }
}

/// A line being typed at the bottom: `:` command, `/` search or `&` filter.
public struct InputLine: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable {
        case command = ":"
        case search = "/"
        case filter = "&"
    }

    public var mode: Mode
    public var text: String
    /// While ↑/↓ recall earlier searches: which one (an index into the history).
    public var recalled: Int?
    /// What was typed before the first ↑.
    public var draft = ""

    /// A line of `mode` holding `text`.
    public init(mode: Mode, text: String) {
        self.mode = mode
        self.text = text
    }

    /// What a key did to the line.
    enum Edit: Equatable {
        /// `Esc`, or `Backspace` on an empty line: the line is gone.
        case cancelled
        /// `Enter`: the line is done.
        case submitted
        /// A character added or removed.
        case edited
        /// A key the line does not take (the view's: `↑` `↓` for the history).
        case other
    }

    /// Applies a key typed into the line, as every view's input line takes it.
    mutating func edit(_ key: Key) -> Edit {
        switch key {
        case .escape: return .cancelled
        case .enter: return .submitted
        case .backspace:
            guard !text.isEmpty else { return .cancelled }
            text.removeLast()
        case .character(let c):
            text.append(c)
        default:
            return .other
        }
        recalled = nil
        return .edited
    }
}

/// An overlay drawn over the panes.
public enum Overlay: Sendable, Equatable {
    /// The keys, the focused pane's first; `scroll` lines scrolled when they do not fit.
    case help(scroll: Int)
    case anomalies(selected: Int)
    /// A node's logs (`L`), one selected.
    case logs(selected: Int)
}

/// A one-line message in the bottom bar, with how long it holds: every message ends, by time or when
/// the state it speaks of ends, so the bars never contradict each other.
public struct StatusMessage: Sendable, Equatable {
    /// When a message stops being true.
    public enum Lifetime: Sendable, Equatable {
        /// This many seconds of the state's clock after it was shown.
        case seconds(Double)
        /// Until the selection leaves this segment and row (it is about what is selected).
        case selection(segment: Int, row: Int)
        /// While follow mode is this one.
        case follow(LiveState.Follow)
        /// While a check runs.
        case checking
    }

    public var text: String
    public var isError: Bool
    public var lifetime: Lifetime
    /// When it was shown, on the state's clock (set when the event that said it has been reduced).
    public var shownAt: Double?
    /// The selection (segment, row) when it was shown: a message for some seconds also ends when the
    /// selection moves on (it spoke of what was on screen then: "filter cleared", "check done").
    public var shownAtSelection: [Int]?

    public init(text: String, isError: Bool, lifetime: Lifetime = .seconds(StatusMessage.defaultSeconds)) {
        self.text = text
        self.isError = isError
        self.lifetime = lifetime
    }

    /// How long a message without an owner stays.
    public static let defaultSeconds: Double = 6

    /// What `o` says it did, in either view.
    static func hexOffsets(_ on: Bool) -> StatusMessage {
        StatusMessage(text: on ? "hex dumps count bytes in hex (o: decimal)" : "hex dumps count bytes in decimal (o: hex)", isError: false)
    }

    /// What `w` says it did, in either view.
    static func detailWrap(_ on: Bool) -> StatusMessage {
        StatusMessage(text: on ? "detail: long lines wrap (w cuts them)" : "detail: long lines are cut, ← → scroll them (w wraps)", isError: false)
    }

    /// What `F2` says it did, in either view.
    static func mouseCapture(_ on: Bool) -> StatusMessage {
        StatusMessage(
            text: on ? "mouse capture on (F2 to select text)" : "mouse capture off: select text with the mouse (F2 to turn it back on)", isError: false)
    }
}

/// The records pane's filter: only rows whose value contains the pattern.
public struct RecordFilter: Sendable, Equatable {
    public var pattern: String
    public var segment: Int
    /// Matching rows, or `nil` while they are being found.
    public var rows: [Int]?
}

/// The whole state of the inspector: a value, changed only by ``reduce(_:_:)``.
public struct InspectorState: Sendable, Equatable {
    public var size: Size
    public var snapshot: DirectorySnapshot
    public var focus: Pane = .segments
    public var selectedSegment = 0
    public var segmentScroll = 0
    public var selectedRow = 0
    public var recordScroll = 0
    public var detailTab: DetailTab = .decoded
    public var detailScroll = 0
    /// Loaded rows of the selected segment, by row.
    public var rows: [Int: RowData] = [:]
    public var detail: DetailData?
    public var input: InputLine?
    public var overlay: Overlay?
    public var message: StatusMessage?
    /// The active search (`nil` before the first, and after `Esc` cleared it).
    public var search: SearchState?
    /// Searches typed with `/`, oldest first (↑ and ↓ recall them).
    public var searchHistory: [String] = []
    /// Numbers searches, so that results of a superseded one are dropped.
    public var searchSerial = 0
    /// Columns the records pane's value column is scrolled sideways (← and →).
    public var recordsColumn = 0
    /// Columns the detail pane is scrolled sideways (← and →, when it does not wrap).
    public var detailColumn = 0
    /// Whether the detail pane wraps long lines (`w`) instead of cutting them.
    public var detailWrap = false
    /// Whether hex dumps number bytes in hex (`o`) rather than in decimal, as the rest of the screen.
    public var hexOffsets = false
    public var filter: RecordFilter?
    /// Digits typed before `G`.
    public var count = ""
    public var mouseCapture = true
    public var checking = false
    /// How far the background check has got (`nil` before it reports, and once it ends).
    public var checkFigure: CheckFigure?
    public var quit = false
    /// Follow mode and rates while a writer appends.
    public var live = LiveState()
    /// The state's clock in seconds (monotonic), advanced by ``Event/tick(_:)`` and live updates.
    public var now: Double = 0
    /// The anomaly `e` / `E` last went to, as an index into ``DirectorySnapshot/anomalyTargets``.
    public var anomalyCursor: Int?
    /// The finding about the directory itself (a stray file) that `e`, `E` or the anomaly list went
    /// to: the detail pane shows it until the next key.
    public var directoryFinding: Int?
    /// How record values are previewed in the records pane.
    public var preview: PreviewMode = .auto
    /// The built-in demo (its badge says DEMO).
    public var demo = false
    /// The names of the logs of a node's data directory (`log`, `raft/log`, snapshots), empty for a
    /// plain log directory; `L` lists them.
    public var logs: [String] = []
    /// Which of ``logs`` is shown.
    public var currentLog = 0

    public init(size: Size, snapshot: DirectorySnapshot) {
        self.size = size
        self.snapshot = snapshot
        if !snapshot.segments.isEmpty { focus = .records }
    }

    /// What a message said with ``say(_:error:until:)`` lasts for.
    enum Until {
        case seconds(Double)
        /// While the selection stays where it is now.
        case selection
        case follow(LiveState.Follow)
        case checking
    }

    /// Shows `text` in the bottom bar until `until` ends.
    mutating func say(_ text: String, error: Bool = false, until: Until = .seconds(StatusMessage.defaultSeconds)) {
        let lifetime: StatusMessage.Lifetime
        switch until {
        case .seconds(let seconds): lifetime = .seconds(seconds)
        case .selection: lifetime = .selection(segment: selectedSegment, row: selectedRow)
        case .follow(let follow): lifetime = .follow(follow)
        case .checking: lifetime = .checking
        }
        message = StatusMessage(text: text, isError: error, lifetime: lifetime)
        message?.shownAt = now
        message?.shownAtSelection = [selectedSegment, selectedRow]
    }

    /// Drops the message once what it speaks of is over; stamps a new one with the time.
    mutating func expireMessage() {
        guard var current = message else { return }
        if current.shownAt == nil {
            current.shownAt = now
            current.shownAtSelection = [selectedSegment, selectedRow]
            message = current
        }
        let over: Bool
        switch current.lifetime {
        case .seconds(let seconds):
            over = now - (current.shownAt ?? now) >= seconds || current.shownAtSelection.map { $0 != [selectedSegment, selectedRow] } ?? false
        case .selection(let segment, let row): over = segment != selectedSegment || row != selectedRow
        case .follow(let follow): over = follow != live.follow
        case .checking: over = !checking
        }
        if over { message = nil }
    }

    /// The selected segment's summary.
    public var segment: SegmentSummary? {
        snapshot.segments.indices.contains(selectedSegment) ? snapshot.segments[selectedSegment] : nil
    }

    /// Rows the records pane lists (the filter's matches when one is active).
    public var visibleRowCount: Int {
        if let rows = filter?.rows, filter?.segment == selectedSegment { return rows.count }
        return segment?.totalRows ?? 0
    }

    /// The segment row behind list position `index` (they differ under a filter).
    public func row(atListIndex index: Int) -> Int {
        if let rows = filter?.rows, filter?.segment == selectedSegment { return rows.indices.contains(index) ? rows[index] : 0 }
        return index
    }

    /// The list position of the selected row.
    public var selectedListIndex: Int {
        if let rows = filter?.rows, filter?.segment == selectedSegment { return rows.firstIndex(of: selectedRow) ?? 0 }
        return selectedRow
    }

    /// The offset of the selected record row, when a record row is selected.
    public var selectedOffset: UInt64? {
        guard let segment, selectedRow < segment.rowCount else { return nil }
        return segment.baseOffset + UInt64(selectedRow)
    }

    /// The anomaly row selected, if any.
    public var selectedAnomaly: AnomalyRow? {
        guard let segment, selectedRow >= segment.rowCount, selectedRow < segment.totalRows else { return nil }
        return segment.anomalyRows[selectedRow - segment.rowCount]
    }

    /// The layout for the current size.
    public var layout: Layout { layout(for: size) }

    /// The layout for a frame of `size` (the segments strip takes no more rows than it has segments
    /// and the directory's other files, which it lists under them).
    public func layout(for size: Size) -> Layout {
        Layout(size: size, segmentCount: max(3, snapshot.segments.count + snapshot.strays.count), findingsLine: snapshot.anomalyCount > 0)
    }
}
