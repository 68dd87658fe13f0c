import LogCore
import LogInspection

/// Draws the compare view for `state` into `buffer`. Pure: reads only the state.
public func render(_ state: CompareState, into buffer: inout Buffer) {
    buffer.fill(buffer.bounds)
    let layout = CompareLayout(size: buffer.size)
    guard !layout.tooSmall else {
        TooSmall.draw(into: &buffer)
        return
    }
    CompareView.topBar(state, in: layout.topBar, into: &buffer)
    CompareView.rows(state, in: layout.rows, into: &buffer)
    CompareDetailView.draw(state, in: layout.detail, into: &buffer)
    CompareView.bottomBar(state, in: layout.bottomBar, into: &buffer)
    if let selected = state.logList {
        LogList.draw(state.logs, current: state.currentLog, selected: selected, title: "Logs of each node", in: buffer.size, into: &buffer)
    }
    if let scroll = state.helpScroll { CompareView.help(state, scroll: scroll, into: &buffer) }
}

/// The compare view's bars, its rows pane (one row per offset: the verdict, then each directory's
/// record) and its help.
enum CompareView {
    /// The top bar: the directories by number, the log, the selected offset; the differences counted.
    static func topBar(_ state: CompareState, in rect: Rect, into buffer: inout Buffer) {
        buffer.fill(rect, with: Cell(" ", style: Theme.bar))
        var x = buffer.draw(" logscope ", x: rect.x, y: rect.y, style: Theme.barAccent)
        var path = "compare " + state.commonParent + " " + state.shortNames.enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: " · ")
        if !state.logs.isEmpty { path += " › " + state.logs[state.currentLog] }
        if state.span != nil { path += " › offset \(state.selected)" }
        var right: [(String, Style)] = [(" READ-ONLY ", Theme.badge), ("  ", Theme.bar)]
        switch state.follow {
        case .following(let untilDifference, _): right.append((untilDifference ? " FOLLOW → difference " : " FOLLOW ", Theme.followBadge))
        case .paused: right.append((" PAUSED · G resumes ", Theme.pausedBadge))
        case .off: break
        }
        if state.follow != .off { right.append(("  ", Theme.bar)) }
        let counts = Theme.bar.background
        let index = state.differences
        if index.total == 0 {
            right.append((index.complete ? "✔ the \(state.directories.count) directories agree" : "✔ no difference so far", Theme.ok.with(background: counts)))
        } else {
            right.append(
                ("✖ \(Plural.count(index.total, "difference")) (\(Plural.count(index.offsets, "offset")))", Theme.error.with(background: counts)))
        }
        if !index.complete { right.append(("  (diffing…)", Theme.bar)) }
        right.append((" ", Theme.bar))
        let rightWidth = right.reduce(0) { $0 + TextWidth.of($1.0) }
        x = buffer.draw(path.fitted(max(0, rect.width - rightWidth - x - 1)), x: x, y: rect.y, style: Theme.bar)
        var rx = rect.maxX - rightWidth
        for (text, style) in right { rx = buffer.draw(text, x: max(rx, x), y: rect.y, style: style) }
    }

    /// The columns of the rows pane.
    struct Columns {
        var offset: Int
        static let verdict = 11
        /// Each directory's column, separator included.
        var directory: Int
        var raft: Bool

        init(width: Int, state: CompareState) {
            offset = max(6, String(state.span?.upperBound ?? 0).count)
            raft = state.raft
            let rest = width - (1 + offset + 1 + Self.verdict)
            directory = max(4, rest / max(1, state.directories.count))
        }

        /// Where directory `i`'s column starts, from the pane's inner left edge.
        func start(of i: Int) -> Int { 1 + offset + 1 + Self.verdict + i * directory }

        /// The columns a value gets in a directory's column (after the separator, and a Raft
        /// record's term and type).
        var valueWidth: Int { max(1, directory - 2 - (raft ? 13 : 0)) }
    }

    /// The rows pane: a virtual list of offsets, each with its verdict and each directory's record.
    static func rows(_ state: CompareState, in rect: Rect, into buffer: inout Buffer) {
        var title = "Rows"
        if !state.logs.isEmpty { title += " · " + state.logs[state.currentLog] }
        if state.valueColumn > 0 { title += " · values from column \(state.valueColumn + 1) (← →)" }
        var right = state.span.map { Plural.count($0.offsetCount, "offset") } ?? ""
        if let filter = state.filter, let span = state.span {
            right = "&\(filter.pattern.text): \(state.listCount)\(state.scan(.filter) != nil ? " so far" : "") of \(Plural.count(span.offsetCount, "offset"))"
        }
        let inner = PaneFrame.draw(rect, title: title, focused: state.focus == .rows, into: &buffer, right: right)
        guard inner.height > 0 else { return }
        let columns = Columns(width: inner.width, state: state)
        buffer.drawLine(" " + "offset".fitted(columns.offset) + " " + "verdict".fitted(Columns.verdict), in: inner, row: 0, style: Theme.header)
        for (i, name) in state.shortNames.enumerated() {
            let label = "│ \(i) "
            let x = inner.x + columns.start(of: i)
            let end = min(inner.maxX, x + columns.directory)
            let after = buffer.draw(label, x: x, y: inner.y, style: Theme.header, limit: end)
            buffer.draw(name.leftFitted(max(0, end - after - 1)), x: after, y: inner.y, style: Theme.header, limit: end)
        }
        guard state.span != nil else {
            buffer.drawLine(" the directories hold no record", in: inner, row: 1, style: Theme.dim)
            return
        }
        if let filter = state.filter, state.listCount == 0 {
            let text = state.scan(.filter) != nil ? " filtering: no match yet…" : " no offset matches &\(filter.pattern.text) (& Enter lists them all)"
            buffer.drawLine(text, in: inner, row: 1, style: Theme.dim)
            return
        }
        // More offsets than rows: the border says which are shown, as the single view's panes do.
        PaneFrame.scrollFigure(
            first: state.listIndex(of: state.scroll), rows: UInt64(max(0, inner.height - 1)), of: state.listCount, on: rect, into: &buffer)
        for (line, offset) in state.visibleOffsets.prefix(max(0, inner.height - 1)).enumerated() {
            let y = inner.y + line + 1
            let selected = offset == state.selected
            let base = selected ? (state.focus == .rows ? Theme.selection : Theme.selectionUnfocused) : Theme.text
            buffer.drawLine("", in: inner, row: line + 1, style: base)
            var x = buffer.draw(" " + "\(offset)".fitted(columns.offset) + " ", x: inner.x, y: y, style: selected ? base : Theme.number)
            guard let row = state.rows[offset] else {
                buffer.draw("…", x: x, y: y, style: selected ? base : Theme.dim)
                continue
            }
            let word = row.verdict?.rawValue ?? "-"
            x = buffer.draw(word.fitted(Columns.verdict), x: x, y: y, style: selected ? base : Theme.verdict(row.verdict))
            for (i, entry) in row.entries.enumerated() {
                let start = inner.x + columns.start(of: i)
                let end = min(inner.maxX, start + columns.directory)
                let prefix = cell(entry, raft: columns.raft, selected: selected, base: base)
                prefix.draw(x: start, y: y, limit: end, into: &buffer)
                if let entry {
                    StyledLine(entry.preview(.auto), selected ? base : Theme.text).highlighting(state.search?.pattern)
                        .draw(x: start + TextWidth.of(prefix.text), y: y, limit: end, skip: state.valueColumn, into: &buffer)
                }
            }
        }
    }

    /// What comes before one directory's value in a row: term and type in a Raft log, the status when
    /// not ok (the value is drawn after it, from ``CompareState/valueColumn`` on).
    static func cell(_ entry: RowData?, raft: Bool, selected: Bool, base: Style) -> StyledLine {
        var line = StyledLine("│ ", selected ? base : Theme.dim)
        guard let entry else {
            line.append("—", selected ? base : Theme.dim)
            return line
        }
        if raft {
            line.append((entry.term.map(String.init) ?? "-").fitted(4, right: true) + " ", selected ? base : Theme.number)
            line.append((entry.type?.shortName ?? "-").fitted(7) + " ", selected ? base : Theme.text)
        }
        if entry.status != "ok" { line.append(entry.status + " ", selected ? base : Theme.severity(entry.severity)) }
        return line
    }

    /// The bottom bar: the position, the difference the selection is in, a message or the key hints.
    static func bottomBar(_ state: CompareState, in rect: Rect, into buffer: inout Buffer) {
        buffer.fill(rect, with: Cell(" ", style: Theme.bar))
        if let input = state.input {
            let x = buffer.draw(input.mode.rawValue + input.text, x: rect.x, y: rect.y, style: Theme.bar.bolded)
            buffer.draw("█", x: x, y: rect.y, style: Theme.barAccent)
            let hint =
                input.mode == .filter
                ? "only offsets where some directory matches (empty clears) · Enter filter · Esc cancel"
                : "lower case ignores case · x:0a0b for hex · term:N type:NAME · Esc cancel"
            StyledLine(hint, Theme.bar.dimmed).draw(x: max(x + 2, rect.maxX - TextWidth.of(hint) - 1), y: rect.y, limit: rect.maxX, into: &buffer)
            return
        }
        var position = ""
        if state.span != nil {
            let count = state.listCount
            position = " offset \(state.selected) · row \(count == 0 ? 0 : state.listIndex(of: state.selected) + 1)/\(count)"
            if let filter = state.filter { position += " &\(filter.pattern.text)" }
            position += " "
        }
        var x = buffer.draw(position, x: rect.x, y: rect.y, style: Theme.barAccent)
        if let (number, run) = state.selectedDifference {
            x = buffer.draw(" difference \(number) of \(state.differences.total): \(run.verdict.rawValue) ", x: x + 1, y: rect.y, style: Theme.badge)
        }
        // The search stays in view with its count, beside any message.
        if let search = state.search, let status = state.searchStatus {
            // "no match" is said here alone, in the error colour a note would have had.
            let style = status == "no match" ? Theme.errorBar : Theme.match
            x = buffer.draw(" /\(search.pattern.text) · \(status) ", x: x + 1, y: rect.y, style: style, limit: rect.maxX)
        }
        if let message = state.message {
            let style = message.isError ? Theme.errorBar : Theme.bar.bolded
            StyledLine(" " + message.text + " ", style).draw(x: x + 1, y: rect.y, limit: rect.maxX, into: &buffer)
            return
        }
        if !state.mouseCapture { x = buffer.draw(" mouse off ", x: x + 1, y: rect.y, style: Theme.badge) }
        x += 1
        for (key, label) in KeyBindings.compareHints(logs: state.logs.count > 1) {
            let width = TextWidth.of(key) + TextWidth.of(label) + 3
            if x + width > rect.maxX { break }
            x = buffer.draw(" " + key, x: x, y: rect.y, style: Theme.barAccent)
            x = buffer.draw(" " + label + " ", x: x, y: rect.y, style: Theme.bar)
        }
    }

    /// The help's lines for a terminal of `size`: every key, its action wrapped to the overlay.
    static func helpLines(in size: Size) -> [StyledLine] {
        Overlays.bindingLines(KeyBindings.compare, width: min(100, size.width - 4) - 2)
    }

    /// Where the help goes for a terminal of `size`.
    static func helpBox(in size: Size) -> Rect {
        Overlays.box(width: 100, height: helpLines(in: size).count + 3, in: size)
    }

    /// How many lines of keys the help shows at once (its last row holds the legend).
    static func helpRows(in size: Size) -> Int { max(1, helpBox(in: size).height - 3) }

    /// The keys of the compare view, over the panes, from line `scroll` on.
    static func help(_ state: CompareState, scroll: Int, into buffer: inout Buffer) {
        let rect = helpBox(in: state.size)
        let lines = helpLines(in: state.size)
        let rows = helpRows(in: state.size)
        let right = "logscope \(LogscopeVersion.current) · " + (lines.count > rows ? "j k scroll · any other key closes" : "any key closes")
        let inner = Overlays.frame(rect, title: "Keys (compare)", right: right, into: &buffer)
        guard inner.height > 1 else { return }
        for (i, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            line.draw(x: inner.x, y: inner.y + i, limit: inner.maxX, into: &buffer)
        }
        PaneFrame.scrollFigure(first: scroll, rows: rows, of: lines.count, on: rect, into: &buffer)
        let y = inner.maxY - 1
        var x = inner.x
        for (i, verdict) in ReplicaDiff.Verdict.allCases.enumerated() {
            if i == 0 { x = buffer.draw(" Verdicts:", x: x, y: y, style: Theme.dim, limit: inner.maxX) }
            x = buffer.draw(" " + verdict.rawValue, x: x, y: y, style: Theme.verdict(verdict), limit: inner.maxX)
        }
        // The sample byte only where it fits whole.
        if x + TextWidth.of(" · bytes that differ:  ff ") <= inner.maxX {
            x = buffer.draw(" · bytes that differ:", x: x, y: y, style: Theme.dim, limit: inner.maxX)
            buffer.draw(" ff ", x: x + 1, y: y, style: Theme.differingByte, limit: inner.maxX)
        }
    }
}

extension String {
    /// Pads or cuts to exactly `width` columns, cutting at the start (`…ode-0`): the end of a path
    /// names it best.
    func leftFitted(_ width: Int) -> String {
        guard TextWidth.of(self) > width else { return fitted(width) }
        guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
        var out = ""
        var used = 0
        for scalar in unicodeScalars.reversed() {
            let w = TextWidth.of(scalar)
            if used + w > width - 1 { break }
            out.unicodeScalars.insert(scalar, at: out.unicodeScalars.startIndex)
            used += w
        }
        return ("…" + out).fitted(width)
    }
}
