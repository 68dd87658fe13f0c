import LogCore
import LogInspection

/// The records pane: a virtual list of the selected segment's index entries (row → entry in O(1)),
/// then its anomalies as rows of their own.
/// Compact rates: `950`, `12.5k`, `1.2M`.
enum Rate {
    static func format(_ value: Double) -> String {
        if value < 1000 { return "\(Int(value.rounded()))" }
        if value < 1_000_000 { return "\((value / 100).rounded() / 10)k" }
        return "\((value / 100_000).rounded() / 10)M"
    }
}

enum RecordsView {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        let segment = state.segment
        var title = "Records"
        if let segment { title += " · segment \(segment.baseOffset)" }
        if let filter = state.filter { title += " · &\(filter.pattern)" }
        let counts =
            segment.map {
                $0.mark == .unchecked
                    ? "\(Plural.count($0.rowCount, "index entry", "index entries")), checking…"
                    : $0.counts.description(live: $0.isBeingWritten)
                        + ($0.anomalyRows.isEmpty ? "" : " + \(Plural.count($0.anomalyRows.count, "anomaly", "anomalies"))")
            } ?? ""
        // While a writer appends (or lately appended), the rates come first; where the title has no
        // room for everything, the sparkline shortens, then goes, and only then the counts (a large
        // live segment's counts are long), then the rates. A writer that stopped is "idle", not
        // "0 rec/s · 0B/s".
        var choices = [counts]
        if state.live.recordsPerSecond > 0 || state.live.follow != .off || state.live.recentlyActive(now: state.now) {
            let rates =
                state.live.recordsPerSecond > 0
                ? "\(Rate.format(state.live.recordsPerSecond)) rec/s · \(ByteSize.compact(UInt64(state.live.bytesPerSecond)))B/s" : "idle"
            let spark = state.live.sparkline(now: state.now)
            let recent = String(spark.suffix(8))
            let idleLong = state.live.recordsPerSecond == 0 && !state.live.recentlyActive(now: state.now)
            let sparks = idleLong ? [""] : [" " + spark, " " + recent, ""]
            choices = sparks.map { rates + $0 + " · " + counts } + [counts] + sparks.map { rates + $0 }
        }
        if state.preview != .auto { title += " · \(state.preview.rawValue)" }
        let room = rect.width - 9 - TextWidth.of(title)  // what PaneFrame leaves beside the title
        let right = choices.first { TextWidth.of($0) <= room } ?? ""
        let inner = PaneFrame.draw(rect, title: title, focused: state.focus == .records, into: &buffer, right: right)
        guard inner.height > 0, let segment else { return }
        let columns = Columns(width: inner.width, raft: state.snapshot.hasRaftTerms)
        // A header cut at the right edge says so with `…`, as a cut row does.
        buffer.drawLine("", in: inner, row: 0, style: Theme.header)
        StyledLine(columns.header + (state.recordsColumn > 0 ? " (from column \(state.recordsColumn + 1), ← → scroll)" : ""), Theme.header)
            .draw(x: inner.x, y: inner.y, limit: inner.maxX, into: &buffer)
        if state.visibleRowCount == 0 {
            let text =
                state.filter?.rows == nil && state.filter != nil ? "filtering…" : (state.filter != nil ? "no row matches" : "this segment holds no record")
            buffer.drawLine(" " + text, in: inner, row: 1, style: Theme.dim)
            return
        }
        PaneFrame.scrollFigure(first: state.recordScroll, rows: inner.height - 1, of: state.visibleRowCount, on: rect, into: &buffer)
        for line in 0..<(inner.height - 1) {
            let index = state.recordScroll + line
            guard index < state.visibleRowCount else { break }
            let row = state.row(atListIndex: index)
            let selected = row == state.selectedRow
            let base = selected ? (state.focus == .records ? Theme.selection : Theme.selectionUnfocused) : Theme.text
            buffer.drawLine("", in: inner, row: line + 1, style: base)
            if row >= segment.rowCount {
                let anomaly = segment.anomalyRows[row - segment.rowCount]
                let style = selected ? base : Theme.severity(anomaly.severity)
                buffer.drawLine("", in: inner, row: line + 1, style: style)
                StyledLine(" ▶ " + anomaly.label, style).draw(x: inner.x, y: inner.y + line + 1, limit: inner.maxX, into: &buffer)
                continue
            }
            guard let data = state.rows[row] else {
                buffer.drawLine(
                    " " + "\(segment.baseOffset + UInt64(row))".fitted(columns.offset) + "  …", in: inner, row: line + 1, style: selected ? base : Theme.dim)
                continue
            }
            var x = inner.x
            let y = inner.y + line + 1
            let fresh = state.live.tintFrom.map { data.offset >= $0 } ?? false
            // A pending entry is the normal state of a live log: dimmed, not an error.
            let pending = data.verdict == .pending
            let text = pending ? Theme.dim : Theme.text
            x = buffer.draw(
                " " + "\(data.offset)".fitted(columns.offset) + " ", x: x, y: y,
                style: selected ? base : (pending ? Theme.dim : fresh ? Theme.fresh : Theme.number))
            if columns.relative { x = buffer.draw("\(data.relativeOffset)".fitted(6, right: true) + " ", x: x, y: y, style: selected ? base : Theme.dim) }
            if columns.raft {
                x = buffer.draw((data.term.map(String.init) ?? "-").fitted(5, right: true) + " ", x: x, y: y, style: selected ? base : Theme.number)
                x = buffer.draw((data.type?.shortName ?? "-").fitted(7) + " ", x: x, y: y, style: selected ? base : text)
            }
            x = buffer.draw("\(data.position)".fitted(columns.position, right: true) + " ", x: x, y: y, style: selected ? base : text)
            x = buffer.draw((data.valueLength.map(String.init) ?? "-").fitted(6, right: true) + " ", x: x, y: y, style: selected ? base : text)
            x = buffer.draw(data.status.fitted(columns.status) + " ", x: x, y: y, style: selected ? base : Theme.severity(data.severity))
            let shown = data.preview(state.preview)
            var preview = StyledLine(shown, selected ? base : (data.severity == nil ? Theme.text : Theme.dim))
            if let pattern = state.search?.pattern {
                preview = preview.highlighting(pattern)
                if shown.hasPrefix("0x") { preview = preview.highlighting(pattern.asHexDigits) }
            }
            // A hex preview scrolled sideways starts on a whole byte after its `…` (the mark takes the
            // first column shown; bytes start at even columns after `0x`).
            let hexShift = shown.hasPrefix("0x") && state.recordsColumn > 0 && state.recordsColumn % 2 == 0 ? 1 : 0
            preview.draw(x: x, y: y, limit: inner.maxX, skip: state.recordsColumn + hexShift, into: &buffer)
        }
    }

    struct Columns {
        var width: Int
        var offset = 9
        var relative: Bool
        /// Term and Type columns, for a Raft log.
        var raft: Bool
        var position = 8
        var status: Int

        init(width: Int, raft: Bool = false) {
            self.width = width
            self.raft = raft
            relative = width >= (raft ? 78 : 64)
            status = width >= 80 ? 10 : 7
        }

        /// Where the value column starts, and how wide it is (← → scroll it).
        var valueX: Int { 1 + offset + 1 + (relative ? 7 : 0) + (raft ? 14 : 0) + position + 1 + 6 + 1 + status + 1 }
        var valueWidth: Int { max(0, width - valueX) }

        var header: String {
            " " + "offset".fitted(offset) + " " + (relative ? "rel".fitted(6, right: true) + " " : "")
                + (raft ? "term".fitted(5, right: true) + " " + "type".fitted(7) + " " : "") + "position".fitted(position, right: true)
                + " " + "length".fitted(6, right: true) + " " + "status".fitted(status) + " value"
        }
    }
}
