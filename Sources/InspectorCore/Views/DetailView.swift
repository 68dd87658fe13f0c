import LogCore
import LogInspection

/// The detail pane: tabs Decoded, Hex, Index and Checks for the selected row.
enum DetailView {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        let inner = PaneFrame.draw(rect, title: "Detail", focused: state.focus == .detail, into: &buffer)
        guard inner.height > 0 else { return }
        var x = inner.x
        for tab in DetailTab.allCases {
            let selected = tab == state.detailTab
            x = buffer.draw(" \(tab.title) ", x: x, y: inner.y, style: selected ? Theme.badge : Theme.dim, limit: inner.maxX)
            x = buffer.draw(" ", x: x, y: inner.y, limit: inner.maxX)
        }
        let content = Rect(x: inner.x + 1, y: inner.y + 1, width: contentWidth(rect), height: inner.height - 1)
        let lines = contentLines(state, width: content.width)
        let maxScroll = max(0, lines.count - content.height)
        let scroll = min(state.detailScroll, maxScroll)
        let column = state.detailWrap ? 0 : state.detailColumn
        for row in 0..<content.height {
            let i = scroll + row
            guard i < lines.count else { break }
            lines[i].draw(x: content.x, y: content.y + row, limit: content.maxX, skip: column, into: &buffer)
        }
        var position: [String] = []
        if lines.count > content.height {
            position.append(RangeNotation.closed("\(scroll + 1)", "\(min(lines.count, scroll + content.height))") + "/\(lines.count)")
        }
        if column > 0 { position.append("col \(column + 1)") }
        if state.detailWrap { position.append("wrap") }
        if !position.isEmpty {
            let text = " " + position.joined(separator: " · ") + " "
            buffer.draw(text, x: rect.maxX - 2 - TextWidth.of(text), y: rect.maxY - 1, style: Theme.dim)
        }
    }

    /// The columns the pane's content has inside `rect` (border and a margin).
    static func contentWidth(_ rect: Rect) -> Int { max(0, rect.width - 3) }

    /// The selected tab's lines for the selected row (wrapped to `width` when wrap is on).
    static func contentLines(_ state: InspectorState, width: Int) -> [StyledLine] {
        if let index = state.directoryFinding, state.snapshot.findings.indices.contains(index) {
            return findingLines(state.snapshot.findings[index], width: width)
        }
        guard let segment = state.segment else { return [StyledLine("Nothing selected.", Theme.dim)] }
        if segment.totalRows == 0 {
            return [
                StyledLine(
                    segment.isBeingWritten ? "This segment holds no record yet: the writer has not appended to it." : "This segment holds no record.", Theme.dim
                )
            ]
        }
        guard let detail = state.detail, detail.segment == state.selectedSegment, detail.row == state.selectedRow else {
            return [StyledLine("loading…", Theme.dim)]
        }
        let lines: [StyledLine]
        switch state.detailTab {
        case .decoded: lines = DecodedTab.lines(detail, state: state, width: width)
        case .hex: lines = hexLines(detail, state: state, width: width)
        case .index: lines = IndexTab.lines(detail, state: state, width: width)
        case .checks: lines = checkLines(detail, state: state, width: width)
        }
        return state.detailWrap ? lines.flatMap { $0.chopped(width: width) } : lines
    }

    /// The frame's bytes (for a damaged frame or an anomaly, with the bytes around them), the search's
    /// matches marked.
    static func hexLines(_ detail: DetailData, state: InspectorState, width: Int) -> [StyledLine] {
        let live = state.segment?.isBeingWritten ?? false
        var lines: [StyledLine] = []
        var legend = StyledLine()
        var marks = HexDump.Marks()
        let frame = detail.frameBytes
        if let anomaly = detail.anomaly {
            lines.append(
                StyledLine(RangeNotation.location(file: anomaly.file ?? "", bytes: anomaly.bytes), Theme.severity(anomaly.severity))
            )
            if anomaly.severity == .error {
                legend.append(" damaged ", Theme.damagedByte)
                marks.damaged = [0..<frame.count]
            }
        } else if let record = detail.record {
            marks.prefix = 0..<min(8, frame.count)
            legend.append("length prefix", Theme.lengthPrefix)
            legend.append(" payload ", .plain)
            let verdict = RecordVerdict(record, live: live)
            if verdict != .readable, verdict != .pending {
                legend.append(" damaged ", Theme.damagedByte)
                marks.damaged = [marks.prefix.upperBound..<frame.count]
            }
        }
        if let pattern = state.search?.pattern {
            marks.matches = pattern.occurrences(in: frame)
            if !marks.matches.isEmpty { legend.append(" /\(pattern.text) ", Theme.match) }
        }
        // Context: two rows each side, so the frame starts a row of its own.
        let perRow = HexDump.bytesPerRow(
            width: width, end: detail.frameStart.saturatingAdd(UInt64(frame.count + detail.contextAfter.count)), hexOffsets: state.hexOffsets)
        let before = Array(detail.contextBefore.suffix(2 * perRow))
        let after = Array(detail.contextAfter.prefix(2 * perRow))
        if !before.isEmpty || !after.isEmpty { legend.append(" context ", Theme.contextByte) }
        legend.append("  \(detail.frameByteCount) bytes at \(detail.frameStart)", Theme.dim)
        lines.append(legend)
        if frame.isEmpty {
            lines.append(
                live && detail.anomaly == nil
                    ? StyledLine("no bytes yet: the writer has not flushed this frame", Theme.info)
                    : StyledLine("no bytes: the position is past the end of the store", Theme.error))
        }
        func shifted(_ range: Range<Int>) -> Range<Int> { (range.lowerBound + before.count)..<(range.upperBound + before.count) }
        marks.prefix = shifted(marks.prefix)
        marks.damaged = marks.damaged.map(shifted)
        marks.matches = marks.matches.map(shifted)
        marks.context = [0..<before.count, (before.count + frame.count)..<(before.count + frame.count + after.count)]
        lines += HexDump.lines(
            before + frame + after, start: detail.frameStart - UInt64(before.count), width: width, hexOffsets: state.hexOffsets, marks: marks)
        if UInt64(frame.count) < detail.frameByteCount {
            lines.append(StyledLine("… \(detail.frameByteCount - UInt64(frame.count)) more bytes not shown", Theme.dim))
        }
        return lines
    }

    static func checkLines(_ detail: DetailData, state: InspectorState, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        if detail.findingIndexes.isEmpty {
            lines.append(
                StyledLine(
                    state.snapshot.fullCheck ? "No finding touches this record." : "No finding touches this record so far (the full check is running).",
                    Theme.ok))
            return lines
        }
        for index in detail.findingIndexes where state.snapshot.findings.indices.contains(index) {
            lines += findingLines(state.snapshot.findings[index], width: width) + [StyledLine()]
        }
        return lines
    }

    /// One finding as the Checks tab shows it: its ID and severity, summary, place, what was expected
    /// and found, and what it means.
    static func findingLines(_ finding: Finding, width: Int) -> [StyledLine] {
        var head = StyledLine()
        head.append(finding.id.rawValue, Theme.severity(finding.severity))
        head.append(" " + finding.severity.rawValue, Theme.dim)
        var lines = [head]
        lines += StyledLine.wrap(finding.summary, width: width, indent: "  ")
        if let location = finding.location {
            lines.append(StyledLine("  " + location + (finding.offsets.map { ", " + $0.offsetText() } ?? ""), Theme.dim))
        }
        if let expected = finding.expected { lines += StyledLine.wrap("expected: " + expected, width: width, indent: "  ") }
        if let actual = finding.actual { lines += StyledLine.wrap("found:    " + actual, width: width, indent: "  ") }
        lines += StyledLine.wrap(finding.explanation, width: width, style: Theme.dim, indent: "  ")
        return lines
    }
}
