import LogCore

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
        let content = Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 1, height: inner.height - 1)
        let lines = contentLines(state, width: content.width)
        let maxScroll = max(0, lines.count - content.height)
        let scroll = min(state.detailScroll, maxScroll)
        for row in 0..<content.height {
            let i = scroll + row
            guard i < lines.count else { break }
            lines[i].draw(x: content.x, y: content.y + row, limit: content.maxX, into: &buffer)
        }
        if lines.count > content.height {
            let text = " \(scroll + 1)–\(min(lines.count, scroll + content.height))/\(lines.count) "
            buffer.draw(text, x: rect.maxX - 2 - TextWidth.of(text), y: rect.maxY - 1, style: Theme.dim)
        }
    }

    /// The selected tab's lines for the selected row.
    static func contentLines(_ state: InspectorState, width: Int) -> [StyledLine] {
        guard let segment = state.segment else { return [StyledLine("Nothing selected.", Theme.dim)] }
        if segment.totalRows == 0 {
            return [
                StyledLine(
                    segment.live ? "This segment holds no record yet: the writer has not appended to it." : "This segment holds no record.", Theme.dim)
            ]
        }
        guard let detail = state.detail, detail.segment == state.selectedSegment, detail.row == state.selectedRow else {
            return [StyledLine("loading…", Theme.dim)]
        }
        switch state.detailTab {
        case .decoded: return DecodedTab.lines(detail, state: state, width: width)
        case .hex: return hexLines(detail, live: segment.live, width: width)
        case .index: return IndexTab.lines(detail, state: state, width: width)
        case .checks: return checkLines(detail, state: state, width: width)
        }
    }

    static func hexLines(_ detail: DetailData, live: Bool, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let prefix = detail.anomaly == nil ? min(8, detail.frameBytes.count) : 0
        var marked: [Range<Int>] = []
        if let anomaly = detail.anomaly {
            lines.append(
                StyledLine("\(anomaly.file ?? "") bytes \(anomaly.bytes.map { "\($0.lowerBound)..<\($0.upperBound)" } ?? "")", Theme.severity(anomaly.severity))
            )
            if anomaly.severity == .error { marked = [0..<detail.frameBytes.count] }
        } else if let record = detail.record {
            var legend = StyledLine()
            legend.append("length prefix", Theme.lengthPrefix)
            legend.append(" payload ", .plain)
            let verdict = RecordVerdict(record, live: live)
            if verdict != .readable, verdict != .pending {
                legend.append(" damaged ", Theme.damagedByte)
                marked = [prefix..<detail.frameBytes.count]
            }
            legend.append("  \(detail.frameByteCount) bytes at \(detail.frameStart)", Theme.dim)
            lines.append(legend)
        }
        if detail.frameBytes.isEmpty {
            lines.append(
                live && detail.anomaly == nil
                    ? StyledLine("no bytes yet: the writer has not flushed this frame", Theme.info)
                    : StyledLine("no bytes: the position is past the end of the store", Theme.error))
        }
        lines += HexDump.lines(detail.frameBytes, start: detail.frameStart, width: width, prefixLength: prefix, marked: marked)
        if UInt64(detail.frameBytes.count) < detail.frameByteCount {
            lines.append(StyledLine("… \(detail.frameByteCount - UInt64(detail.frameBytes.count)) more bytes not shown", Theme.dim))
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
            let finding = state.snapshot.findings[index]
            var head = StyledLine()
            head.append(finding.id.rawValue, Theme.severity(finding.severity))
            head.append(" " + finding.severity.rawValue, Theme.dim)
            lines.append(head)
            lines += StyledLine.wrap(finding.summary, width: width, indent: "  ")
            if let file = finding.file {
                var place = file
                if let bytes = finding.bytes { place += " bytes \(bytes.lowerBound)..<\(bytes.upperBound)" }
                if let offsets = finding.offsets { place += ", " + offsets.offsetText() }
                lines.append(StyledLine("  " + place, Theme.dim))
            }
            if let expected = finding.expected { lines += StyledLine.wrap("expected: " + expected, width: width, indent: "  ") }
            if let actual = finding.actual { lines += StyledLine.wrap("found:    " + actual, width: width, indent: "  ") }
            lines += StyledLine.wrap(finding.explanation, width: width, style: Theme.dim, indent: "  ")
            lines.append(StyledLine())
        }
        return lines
    }
}
