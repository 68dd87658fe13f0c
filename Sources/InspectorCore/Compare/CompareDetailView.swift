import LogCore

/// The compare view's detail pane: the diff's verdict for the selected offset, then each directory's
/// frame in hex, the bytes that differ from another directory's frame highlighted.
enum CompareDetailView {
    static func draw(_ state: CompareState, in rect: Rect, into buffer: inout Buffer) {
        let title = state.span == nil ? "Detail" : "Detail · offset \(state.selected)"
        let inner = PaneFrame.draw(rect, title: title, focused: state.focus == .detail, into: &buffer)
        guard inner.height > 0 else { return }
        let content = Rect(x: inner.x + 1, y: inner.y, width: DetailView.contentWidth(rect), height: inner.height)
        let lines = lines(state, width: content.width)
        let scroll = min(state.detailScroll, max(0, lines.count - content.height))
        for (row, line) in lines.dropFirst(scroll).prefix(content.height).enumerated() {
            line.draw(x: content.x, y: content.y + row, limit: content.maxX, into: &buffer)
        }
        PaneFrame.scrollFigure(first: scroll, rows: content.height, of: lines.count, on: rect, into: &buffer)
    }

    /// The columns the pane's content has inside `rect` (border and a margin).

    /// The pane's lines for the selected offset.
    static func lines(_ state: CompareState, width: Int) -> [StyledLine] {
        guard state.span != nil else { return [StyledLine("The directories hold no record.", Theme.dim)] }
        guard let detail = state.detail, detail.offset == state.selected else { return [StyledLine("loading…", Theme.dim)] }
        var lines: [StyledLine] = []
        if let row = detail.row {
            lines.append(StyledLine(row.heading, Theme.verdict(row.verdict).bolded))
            lines += StyledLine.wrap(row.holders(raft: state.raft), width: width, indent: "  ")
        } else {
            lines.append(StyledLine("No directory holds offset \(detail.offset).", Theme.dim))
        }
        var legend = StyledLine("length prefix", Theme.lengthPrefix)
        legend.append(" payload ", .plain)
        legend.append(" differs ", Theme.differingByte)
        legend.append(" (from another directory's byte there)", Theme.dim)
        lines.append(legend)
        for (i, side) in detail.sides.enumerated() {
            lines.append(StyledLine())
            var head = StyledLine("\(i) ", Theme.barAccent.with(background: .default))
            head.append(state.directories.indices.contains(i) ? state.directories[i] : "", Theme.title)
            guard let side else {
                head.append("  nothing at this offset", Theme.dim)
                lines.append(head)
                continue
            }
            head.append("  \(side.frameByteCount) bytes at \(side.row.position) of \(side.file)", Theme.dim)
            if side.row.status != "ok" { head.append("  " + side.row.status, Theme.severity(side.row.severity)) }
            lines.append(head)
            if let problem = side.problem?.description {
                lines += StyledLine.wrap(problem, width: width, style: Theme.severity(side.row.severity ?? .error), indent: "  ")
            }
            if side.row.preview(.auto) != side.problem?.description {
                var summary = StyledLine("  ")
                if let term = side.row.term { summary.append("term \(term) \(side.row.type?.name ?? "") ", Theme.number) }
                summary.append(side.row.preview(.auto), Theme.text)
                lines.append(summary)
            }
            var marks = HexDump.Marks()
            marks.prefix = 0..<min(8, side.frameBytes.count)
            marks.differing = detail.differingRanges(of: i)
            lines += HexDump.lines(side.frameBytes, start: side.row.position, width: width, hexOffsets: state.hexOffsets, marks: marks)
            if UInt64(side.frameBytes.count) < side.frameByteCount {
                lines.append(StyledLine("… \(side.frameByteCount - UInt64(side.frameBytes.count)) more bytes not shown", Theme.dim))
            }
        }
        return lines
    }
}
