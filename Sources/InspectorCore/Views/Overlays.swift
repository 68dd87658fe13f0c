import LogCore
import LogInspection

/// Every key binding, as the help overlay lists them (and README repeats), by the pane they act in.
public enum KeyBindings {
    /// One line of the help: the keys and what they do.
    public struct Binding: Sendable, Equatable {
        /// The keys, separated by spaces.
        public var keys: String
        /// What they do.
        public var action: String

        init(_ keys: String, _ action: String) {
            self.keys = keys
            self.action = action
        }
    }

    /// Keys of the segments pane.
    public static let segments: [Binding] = [
        Binding("j k ↓ ↑", "move between segments"),
        Binding("Space PgDn Ctrl-f", "page down (PgUp Ctrl-b: up)"),
        Binding("g G Home End", "first / last segment"),
        Binding("Enter", "open the segment's records"),
    ]

    /// Keys of the records pane.
    public static let records: [Binding] = [
        Binding("j k ↓ ↑", "move the selection"),
        Binding("Space PgDn Ctrl-f", "page down, as in less (PgUp Ctrl-b: up)"),
        Binding("Ctrl-d Ctrl-u", "half a page down / up"),
        Binding("g G Home End", "first / last row"),
        Binding("← →", "scroll the values sideways"),
        Binding("v", "value preview: auto (text when it is text, else hex), text, hex"),
        Binding("Enter", "open the record in the detail pane"),
    ]

    /// Keys of the detail pane.
    public static let detail: [Binding] = [
        Binding("j k ↓ ↑", "scroll a line"),
        Binding("Space PgDn Ctrl-f", "page down (PgUp Ctrl-b: up; Ctrl-d Ctrl-u: half a page)"),
        Binding("g G Home End", "top / bottom"),
        Binding("← →", "scroll long lines sideways (cut lines end in …)"),
        Binding("w", "wrap long lines / cut them"),
        Binding("[ ]", "previous / next tab: Decoded, Hex, Index, Checks"),
        Binding("o", "hex dumps: offsets in decimal / hex"),
    ]

    /// Keys that act whichever pane has the focus.
    public static let everywhere: [Binding] = [
        Binding("Tab Shift-Tab h l", "focus the next / previous pane"),
        Binding("NG  :N", "go to offset N, across segments"),
        Binding(":pos 0x1f", "find the frame holding a byte position of this segment's store"),
        Binding("/text  /x:0a0b", "search values after the selection (lower-case text ignores case)"),
        Binding("/ then ↑ ↓", "recall earlier searches"),
        Binding("n N", "next / previous match, wrapping around the log"),
        Binding("&text", "show only this segment's rows whose value matches (& then Enter clears)"),
        Binding("&term:N &type:T", "in a Raft log: only rows of this term or type, e.g. &term:4 &type:config (/ too)"),
        Binding("L", "on a node's data directory: switch log (log, raft/log, each snapshot's state.bin)"),
        Binding("e E", "next / previous anomaly, most severe first"),
        Binding("!", "list every anomaly, most severe first (Enter jumps to it)"),
        Binding("y", "copy the value as the Decoded tab shows it: JSON, text, or hex (OSC 52)"),
        Binding("Y", "copy the raw frame as hex (OSC 52)"),
        Binding("f", "follow new records (sticky bottom; k pauses, G resumes; f stops)"),
        Binding("F", "follow until the next new anomaly, then pause on it"),
        Binding("r", "rescan the directory"),
        Binding("F2", "mouse capture on / off (off: select text with the mouse)"),
        Binding("mouse", "wheel scrolls, click focuses and selects"),
        Binding("Esc", "cancel input; clear the filter, the message, then the search"),
        Binding("?  F1", "this help (j k scroll it)"),
        Binding("q  Ctrl-c", "quit"),
    ]

    /// The help's sections: the focused pane's keys first, then the keys that work everywhere, then
    /// the other panes'.
    public static func sections(focus: Pane) -> [(title: String, bindings: [Binding])] {
        let panes: [(Pane, String, [Binding])] = [
            (.segments, "Segments pane", segments), (.records, "Records pane", records), (.detail, "Detail pane", detail),
        ]
        let focused = panes.first { $0.0 == focus }!
        return [(focused.1 + " (focused)", focused.2), ("Everywhere", everywhere)] + panes.filter { $0.0 != focus }.map { ($0.1, $0.2) }
    }

    /// Every key of the inspector, for the manual page: the keys that work everywhere, each pane's,
    /// then the compare view's.
    public static var manualSections: [(title: String, bindings: [Binding])] {
        [
            ("Everywhere", everywhere), ("Segments pane", segments), ("Records pane", records), ("Detail pane", detail),
            ("Compare view (two or more directories)", compare),
        ]
    }

    /// The bottom bar's hints for the focused pane, most useful first.
    public static func hints(focus: Pane) -> [(key: String, label: String)] {
        switch focus {
        case .segments:
            return [
                ("j/k", "move"), ("Enter", "records"), ("Tab", "pane"), (":", "go"), ("/", "search"), ("e/E", "anomaly"), ("!", "list"),
                ("?", "help"), ("q", "quit"),
            ]
        case .records:
            return [
                ("j/k", "move"), ("Space", "page"), ("←/→", "scroll"), ("Enter", "detail"), ("/", "search"), ("n/N", "match"), ("&", "filter"),
                ("e/E", "anomaly"), ("?", "help"), ("q", "quit"),
            ]
        case .detail:
            return [
                ("j/k", "scroll"), ("[ ]", "tab"), ("←/→", "scroll"), ("w", "wrap"), ("o", "offsets"), ("y", "copy"), ("Tab", "pane"),
                ("?", "help"), ("q", "quit"),
            ]
        }
    }
}

enum Overlays {
    static func draw(_ overlay: Overlay, state: InspectorState, into buffer: inout Buffer) {
        switch overlay {
        case .help(let scroll): help(state, scroll: scroll, into: &buffer)
        case .anomalies(let selected): anomalies(state, selected: selected, into: &buffer)
        case .logs(let selected): logs(state, selected: selected, into: &buffer)
        }
    }

    /// The logs of a node's data directory, the shown one marked.
    static func logs(_ state: InspectorState, selected: Int, into buffer: inout Buffer) {
        LogList.draw(state.logs, current: state.currentLog, selected: selected, title: "Logs of this node", in: state.size, into: &buffer)
    }

    /// A centred box of at most `width` × `height` that leaves the top and bottom bars and a margin
    /// of one cell on every side (see ``frame(_:title:right:into:)``).
    static func box(width: Int, height: Int, in size: Size) -> Rect {
        let w = min(width, size.width - 4)
        let h = min(height, size.height - 4)
        return Rect(x: (size.width - w) / 2, y: (size.height - h) / 2, width: w, height: h)
    }

    /// Draws an overlay's frame at `rect` with a blank margin of one cell around it, so its border
    /// never runs into the borders of the panes under it; returns the inside.
    static func frame(_ rect: Rect, title: String, right: String, into buffer: inout Buffer) -> Rect {
        // Not over the bars: the top bar, the findings line under it, the bottom bar.
        let top = max(rect.y - 1, 2)
        let bottom = min(rect.maxY + 1, buffer.size.height - 1)
        buffer.fill(Rect(x: rect.x - 1, y: top, width: rect.width + 2, height: max(0, bottom - top)))
        return PaneFrame.draw(rect, title: title, focused: true, into: &buffer, right: right)
    }

    /// The lines of `bindings` for an overlay `width` columns wide inside: the keys in a column of
    /// 20, each action wrapped beside them (a terminal of 80 columns cuts none of them).
    static func bindingLines(_ bindings: [KeyBindings.Binding], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for binding in bindings {
            let action = StyledLine.wrap(binding.action, width: max(10, width - 21), style: Theme.text)
            for (i, part) in (action.isEmpty ? [StyledLine()] : action).enumerated() {
                var line = StyledLine()
                line.append(" " + (i == 0 ? binding.keys : "").fitted(20), Theme.key)
                line.append(part.text, Theme.text)
                lines.append(line)
            }
        }
        return lines
    }

    /// The help's lines with the `focus` pane's keys first, for a help `width` columns wide inside.
    static func helpLines(focus: Pane, width: Int = 102) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (i, section) in KeyBindings.sections(focus: focus).enumerated() {
            if i > 0 { lines.append(StyledLine()) }
            lines.append(StyledLine(" " + section.title, i == 0 ? Theme.focusedBorder : Theme.header))
            lines += bindingLines(section.bindings, width: width)
        }
        return lines
    }

    /// How wide the help is inside on a terminal of `size`.
    static func helpWidth(in size: Size) -> Int { min(104, size.width - 4) - 2 }

    /// Where the help goes for a terminal of `size`.
    static func helpBox(in size: Size) -> Rect {
        box(width: 104, height: helpLines(focus: .records, width: helpWidth(in: size)).count + 3, in: size)
    }

    /// How many lines of keys the help shows at once (its last row holds the legend).
    static func helpRows(in size: Size) -> Int { max(1, helpBox(in: size).height - 3) }

    static func help(_ state: InspectorState, scroll: Int, into buffer: inout Buffer) {
        let rect = helpBox(in: state.size)
        let lines = helpLines(focus: state.focus, width: helpWidth(in: state.size))
        let rows = helpRows(in: state.size)
        let right = "logscope \(LogscopeVersion.current) · " + (lines.count > rows ? "j k scroll · any other key closes" : "any key closes")
        let inner = frame(rect, title: "Keys", right: right, into: &buffer)
        guard inner.height > 1 else { return }
        for (i, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            line.draw(x: inner.x, y: inner.y + i, limit: inner.maxX, into: &buffer)
        }
        PaneFrame.scrollFigure(first: scroll, rows: rows, of: lines.count, on: rect, into: &buffer)
        // The marks and the coverage bar's shades, shorter where the full legend does not fit.
        let full = " Segments: ✔ ok ▲ warning ✖ error ● live · coverage █ indexed ▒ unindexed ░ zeros ✕ damaged ▫ pending"
        let short = " ✔ok ▲warn ✖error ●live · █indexed ▒unindexed ░zeros ✕damaged ▫pending"
        let legend = TextWidth.of(full) <= inner.width ? full : short
        StyledLine(legend, Theme.dim).draw(x: inner.x, y: inner.maxY - 1, limit: inner.maxX, into: &buffer)
    }

    static func anomalies(_ state: InspectorState, selected: Int, into buffer: inout Buffer) {
        let targets = state.snapshot.anomalyTargets
        let rect = box(width: state.size.width - 8, height: state.size.height - 4, in: state.size)
        let title = "Anomalies (\(targets.count))" + (state.snapshot.fullCheck ? "" : " · full check running")
        var inner = frame(rect, title: title, right: "Enter jump · Esc close", into: &buffer)
        guard inner.height > 0 else { return }
        inner.height -= reopenPrediction(state.snapshot.referenceReopen, at: inner, into: &buffer)
        if targets.isEmpty {
            buffer.drawLine(" No anomalies.", in: inner, row: 0, style: Theme.ok)
            return
        }
        let top = max(0, min(selected - inner.height / 2, targets.count - inner.height))
        let shown = (top..<min(targets.count, top + inner.height)).map { state.snapshot.shownFinding(targets[$0].finding) }
        let columns = AnomalyColumns(shown)
        for (row, finding) in shown.enumerated() {
            let isSelected = top + row == selected
            buffer.drawLine("", in: inner, row: row, style: isSelected ? Theme.selection : Theme.text)
            var line = StyledLine()
            line.append(" " + finding.id.rawValue.fitted(columns.id), isSelected ? Theme.selection : Theme.severity(finding.severity))
            line.append(" " + columns.rest(of: finding), isSelected ? Theme.selection : Theme.text)
            line.draw(x: inner.x, y: inner.y + row, limit: inner.maxX, into: &buffer)
        }
    }

    /// The anomaly list's columns (ID, severity, `file[bytes]`, offsets, then the summary), each as
    /// wide as its widest entry on screen, so rows line up whatever a finding leaves out.
    struct AnomalyColumns {
        var id = 0
        var severity = 0
        var location = 0
        var offsets = 0

        init(_ findings: [Finding]) {
            for finding in findings {
                id = max(id, TextWidth.of(finding.id.rawValue))
                severity = max(severity, TextWidth.of(finding.severity.rawValue))
                location = max(location, TextWidth.of(finding.shortLocation ?? ""))
                offsets = max(offsets, TextWidth.of(finding.offsets?.offsetText() ?? ""))
            }
        }

        /// Severity, location and offsets padded to their columns, then (two spaces on, so offsets and
        /// a summary starting with a number do not run together) the detail.
        func rest(of finding: Finding) -> String {
            [(finding.severity.rawValue, severity), (finding.shortLocation ?? "", location), (finding.offsets?.offsetText() ?? "", offsets)]
                .filter { $0.1 > 0 }
                .map { $0.0.fitted($0.1) + " " }
                .joined() + " " + finding.detail
        }
    }

    /// Draws what the Go reference would do on reopening at the bottom of `inner` (at most half of
    /// it, and never the first row); returns how many rows it took.
    static func reopenPrediction(_ paragraph: String?, at inner: Rect, into buffer: inout Buffer) -> Int {
        guard let paragraph, inner.height >= 4 else { return 0 }
        let text = StyledLine.wrap(paragraph, width: inner.width - 1, style: Theme.text, indent: " ")
        let shown = min(text.count, inner.height / 2 - 1)
        guard shown > 0 else { return 0 }
        let top = inner.maxY - shown - 1
        buffer.drawLine(" Reference reopen (Go proglog), as of the last full check:", in: inner, row: top - inner.y, style: Theme.header)
        for (i, line) in text.prefix(shown).enumerated() {
            var line = line
            if i == shown - 1, text.count > shown { line = StyledLine(line.text.dropLast(1) + "…", Theme.text) }
            line.draw(x: inner.x, y: top + 1 + i, limit: inner.maxX, into: &buffer)
        }
        return shown + 1
    }
}
