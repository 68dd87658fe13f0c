import LogCore
import LogInspection

/// The top bar: directory › segment › offset, the read-only badge, anomaly counts.
enum TopBar {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        buffer.fill(rect, with: Cell(" ", style: Theme.bar))
        var x = buffer.draw(" logscope ", x: rect.x, y: rect.y, style: Theme.barAccent)
        var path = state.snapshot.path
        if let segment = state.segment {
            path += " › segment \(segment.baseOffset)"
            if let offset = state.selectedOffset { path += " › offset \(offset)" } else if let anomaly = state.selectedAnomaly { path += " › \(anomaly.label)" }
        }
        let errors = state.snapshot.count(.error)
        let warnings = state.snapshot.count(.warning)
        var right: [(String, Style)] = []
        switch state.live.follow {
        case .following(let untilAnomaly): right.append((untilAnomaly ? " FOLLOW → anomaly " : " FOLLOW ", Theme.followBadge))
        case .paused(let arrived, _): right.append((" PAUSED +\(arrived) ", Theme.pausedBadge))
        case .off: break
        }
        if state.snapshot.live { right.append((" LIVE ", Theme.badge)) }
        right.append((state.demo ? " DEMO " : " READ-ONLY ", Theme.badge))
        right.append(("  ", Theme.bar))
        if errors == 0 && warnings == 0 {
            let checking = " (\(CheckFigure.label(state.checkFigure)))"
            right.append(("✔ no anomalies" + (state.snapshot.fullCheck ? "" : checking), Theme.ok.with(background: .palette(236))))
        } else {
            // A count of none is not drawn in its alarm colour (a red cross for "0 errors" reads as an error).
            let quiet = Theme.dim.with(background: .palette(236))
            right.append(("✖ \(Plural.count(errors, "error"))", errors > 0 ? Theme.error.with(background: .palette(236)) : quiet))
            right.append(("  ▲ \(Plural.count(warnings, "warning"))", warnings > 0 ? Theme.warning.with(background: .palette(236)) : quiet))
            if !state.snapshot.fullCheck { right.append(("  (\(CheckFigure.label(state.checkFigure)))", Theme.bar)) }
        }
        right.append((" ", Theme.bar))
        let rightWidth = right.reduce(0) { $0 + TextWidth.of($1.0) }
        let available = rect.width - rightWidth - x - 1
        x = buffer.draw(path.fitted(max(0, available)), x: x, y: rect.y, style: Theme.bar)
        var rx = rect.maxX - rightWidth
        for (text, style) in right { rx = buffer.draw(text, x: max(rx, x), y: rect.y, style: style) }
    }
}

/// The line under the top bar on a damaged log: the anomaly `e` / `E` went to last (at first the most
/// severe finding) by name, place and summary, so the first screen says what is wrong and where, and
/// stepping shows each in turn.
enum FindingsBar {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        let targets = state.snapshot.anomalyTargets
        guard rect.height > 0, !targets.isEmpty else { return }
        let index = state.anomalyCursor.flatMap { targets.indices.contains($0) ? $0 : nil } ?? 0
        let finding = state.snapshot.shownFinding(targets[index].finding)
        let style = Theme.severity(finding.severity)
        buffer.fill(rect, with: Cell(" ", style: .plain))
        var x = buffer.draw(" " + (finding.severity == .error ? "✖ " : "▲ ") + finding.id.rawValue + " ", x: rect.x, y: rect.y, style: style)
        let count = state.snapshot.anomalyCount
        let wide = rect.width >= 120
        let hint = count > 1 ? (wide ? "  \(index + 1) of \(count) · e next · ! all " : "  \(index + 1)/\(count) ") : (wide ? "  e select · ! details " : " ")
        let text = place(of: finding, in: state.snapshot) + ": " + finding.summary
        x = buffer.draw(text.fitted(max(0, rect.maxX - x - TextWidth.of(hint))), x: x, y: rect.y, style: Theme.text)
        buffer.draw(hint, x: x, y: rect.y, style: Theme.dim, limit: rect.maxX)
    }

    /// `segment 34, 34.store[863..<884], offset 49`, or the file for a directory-level finding.
    static func place(of finding: Finding, in snapshot: DirectorySnapshot) -> String {
        var parts: [String] = []
        if let file = finding.file {
            if let base = SegmentFileName(parsing: file)?.baseOffset {
                parts.append("segment \(base)")
                parts.append(RangeNotation.location(file: file, bytes: finding.bytes))
            } else {
                parts.append(file)
            }
        }
        if let offsets = finding.offsets { parts.append(offsets.offsetText()) }
        return parts.isEmpty ? "the directory" : parts.joined(separator: ", ")
    }
}

/// The bottom bar: position, key hints, the active search or filter, messages and the input line.
enum BottomBar {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        buffer.fill(rect, with: Cell(" ", style: Theme.bar))
        if let input = state.input {
            let x = buffer.draw(input.mode.rawValue + input.text, x: rect.x, y: rect.y, style: Theme.bar.bolded)
            buffer.draw("█", x: x, y: rect.y, style: Theme.barAccent)
            let hint: String
            switch input.mode {
            case .command: hint = "offset, or pos 0x1f · Enter go · Esc cancel"
            case .search: hint = "lower case ignores case · x:0a0b for hex · ↑ ↓ history · Esc cancel"
            case .filter: hint = "text or x:0a0b (empty clears) · Enter filter · Esc cancel"
            }
            let hintX = max(x + 2, rect.maxX - TextWidth.of(hint) - 1)
            StyledLine(hint, Theme.bar.dimmed).draw(x: hintX, y: rect.y, limit: rect.maxX, into: &buffer)
            return
        }
        var position = ""
        if let segment = state.segment {
            let index = state.visibleRowCount == 0 ? 0 : state.selectedListIndex + 1
            position = " row \(index)/\(state.visibleRowCount)"
            if state.filter != nil { position += " (filtered of \(segment.totalRows))" }
            position += " · segment \(state.selectedSegment + 1)/\(state.snapshot.segments.count) "
        }
        var x = buffer.draw(position, x: rect.x, y: rect.y, style: Theme.barAccent)
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
        var active: [String] = []
        if let filter = state.filter { active.append("&\(filter.pattern)") }
        if !state.mouseCapture { active.append("mouse off") }
        if !active.isEmpty { x = buffer.draw(" " + active.joined(separator: " ") + " ", x: x + 1, y: rect.y, style: Theme.badge) }
        let hints = KeyBindings.hints(focus: state.focus)
        x += 1
        for (key, label) in hints {
            let width = TextWidth.of(key) + TextWidth.of(label) + 3
            if x + width > rect.maxX { break }
            x = buffer.draw(" " + key, x: x, y: rect.y, style: Theme.barAccent)
            x = buffer.draw(" " + label + " ", x: x, y: rect.y, style: Theme.bar)
        }
    }
}
