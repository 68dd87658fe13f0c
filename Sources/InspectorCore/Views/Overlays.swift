import LogCore

/// Every key binding, as the help overlay lists them (and README repeats).
public enum KeyBindings {
    public static let all: [(keys: String, action: String)] = [
        ("j k ↓ ↑", "move the selection (or scroll the detail pane)"),
        ("h l ← → Tab S-Tab", "focus the previous / next pane"),
        ("Enter", "drill in: segments → records → detail"),
        ("g G Home End", "first / last row"),
        ("PgUp PgDn", "page up / down"),
        ("Ctrl-d Ctrl-u", "half a page down / up"),
        ("NG  :N", "go to offset N, across segments"),
        (":pos 0x1f", "find the frame holding a byte position of this segment's store"),
        ("/text  /x:0a0b", "search values from the selection on (text or hex bytes)"),
        ("n N", "next / previous match"),
        ("&text", "show only this segment's rows whose value matches (& then Enter clears)"),
        ("e E", "next / previous anomaly, most severe first"),
        ("!", "list every anomaly, most severe first (Enter jumps to it)"),
        ("v", "value preview: auto (text when it is text, else hex), text, hex"),
        ("[ ]", "previous / next detail tab: Decoded, Hex, Index, Checks"),
        ("y", "copy the decoded value (OSC 52: works over SSH)"),
        ("Y", "copy the raw frame as hex (OSC 52)"),
        ("f", "follow new records (sticky bottom; k pauses, G resumes; f stops)"),
        ("F", "follow until the next new anomaly, then pause on it"),
        ("r", "rescan the directory"),
        ("F2", "mouse capture on / off (off: select text with the mouse)"),
        ("mouse", "wheel scrolls, click focuses and selects"),
        ("Esc", "clear the filter or message; cancel input"),
        ("?  F1", "this help"),
        ("q  Ctrl-c", "quit"),
    ]
}

enum Overlays {
    static func draw(_ overlay: Overlay, state: InspectorState, into buffer: inout Buffer) {
        switch overlay {
        case .help: help(state, into: &buffer)
        case .anomalies(let selected): anomalies(state, selected: selected, into: &buffer)
        }
    }

    static func box(width: Int, height: Int, in size: Size) -> Rect {
        let w = min(width, size.width - 4)
        let h = min(height, size.height - 2)
        return Rect(x: (size.width - w) / 2, y: (size.height - h) / 2, width: w, height: h)
    }

    static func help(_ state: InspectorState, into buffer: inout Buffer) {
        let rect = box(width: 100, height: KeyBindings.all.count + 5, in: state.size)
        let inner = PaneFrame.draw(rect, title: "Keys", focused: true, into: &buffer, right: "any key closes")
        for (i, binding) in KeyBindings.all.enumerated() where i + 1 < inner.height {
            var line = StyledLine()
            line.append(" " + binding.keys.fitted(20), Theme.key)
            line.append(binding.action, Theme.text)
            line.draw(x: inner.x, y: inner.y + i, limit: inner.maxX, into: &buffer)
        }
        let legend = " ✔ ok ▲ warning ✖ error ● live · coverage █ indexed ▒ unindexed ░ zeros ✕ damaged ▫ pending"
        buffer.draw(legend, x: inner.x, y: inner.maxY - 1, style: Theme.dim, limit: inner.maxX)
    }

    static func anomalies(_ state: InspectorState, selected: Int, into buffer: inout Buffer) {
        let targets = state.snapshot.anomalyTargets
        let rect = box(width: state.size.width - 8, height: state.size.height - 4, in: state.size)
        let title = "Anomalies (\(targets.count))" + (state.snapshot.fullCheck ? "" : " · full check running")
        var inner = PaneFrame.draw(rect, title: title, focused: true, into: &buffer, right: "Enter jump · Esc close")
        guard inner.height > 0 else { return }
        inner.height -= reopenPrediction(state.snapshot.referenceReopen, at: inner, into: &buffer)
        if targets.isEmpty {
            buffer.drawLine(" No anomalies.", in: inner, row: 0, style: Theme.ok)
            return
        }
        let top = max(0, min(selected - inner.height / 2, targets.count - inner.height))
        for row in 0..<inner.height {
            let index = top + row
            guard index < targets.count else { break }
            let finding = state.snapshot.findings[targets[index].finding]
            let isSelected = index == selected
            buffer.drawLine("", in: inner, row: row, style: isSelected ? Theme.selection : Theme.text)
            var line = StyledLine()
            line.append(" " + finding.id.rawValue.fitted(26), isSelected ? Theme.selection : Theme.severity(finding.severity))
            line.append(finding.line.dropFirst(finding.id.rawValue.count + 1).description, isSelected ? Theme.selection : Theme.text)
            line.draw(x: inner.x, y: inner.y + row, limit: inner.maxX, into: &buffer)
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
