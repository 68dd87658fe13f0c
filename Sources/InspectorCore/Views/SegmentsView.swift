import LogCore
import LogInspection

/// The segments pane: one row per segment with its range, sizes, index fill, health mark and a
/// coverage bar of what its store holds.
enum SegmentsView {
    static func draw(_ state: InspectorState, in rect: Rect, into buffer: inout Buffer) {
        let segments = state.snapshot.segments
        var right = state.snapshot.strays.isEmpty ? "" : "+\(Plural.count(state.snapshot.strays.count, "other file"))"
        if state.snapshot.live, state.live.recordsPerSecond > 0 {
            right =
                "active \(ByteSize.compact(state.live.activeBytes))" + (state.live.estimatedSegmentBytes.map { " of ~\(ByteSize.compact($0))" } ?? "")
                + (state.live.secondsUntilRoll.map { (state.live.rollEstimateKnowsStore ? " · rolls in ~" : " · index full in ~") + RoughDuration.format($0) }
                    ?? "")
                + (right.isEmpty ? "" : " · " + right)
        }
        let inner = PaneFrame.draw(
            rect, title: "Segments (\(segments.count))", focused: state.focus == .segments, into: &buffer, right: right)
        guard inner.height > 0 else { return }
        if segments.isEmpty {
            buffer.drawLine("no <offset>.store / <offset>.index files here", in: inner, row: 0, style: Theme.warning)
            return
        }
        let columns = Columns(width: inner.width, other: state.snapshot.someSegmentHoldsMore)
        buffer.drawLine(columns.header, in: inner, row: 0, style: Theme.header)
        // More segments than rows (two at 80×24): the border says which are shown.
        PaneFrame.scrollFigure(first: state.segmentScroll, rows: inner.height - 1, of: segments.count, on: rect, into: &buffer)
        for line in 0..<(inner.height - 1) {
            let index = state.segmentScroll + line
            guard index < segments.count else { break }
            let segment = segments[index]
            let selected = index == state.selectedSegment
            let rowStyle = selected ? (state.focus == .segments ? Theme.selection : Theme.selectionUnfocused) : Theme.text
            let y = line + 1
            buffer.drawLine("", in: inner, row: y, style: rowStyle)
            let (mark, markStyle) = Theme.mark(segment.mark)
            var x = buffer.draw(" " + mark + " ", x: inner.x, y: inner.y + y, style: selected ? rowStyle : markStyle)
            let unchecked = segment.mark == .unchecked
            let range =
                segment.isUnreadable
                ? "unreadable"
                : unchecked
                    ? "checking…" : segment.lastOffset.map { RangeNotation.closed("\(segment.firstOffset ?? segment.baseOffset)", "\($0)") } ?? "empty"
            var text =
                "\(segment.baseOffset)".fitted(columns.base) + " " + range.fitted(columns.range) + " "
                + (segment.isUnreadable || unchecked ? "?" : "\(segment.counts.records)").fitted(columns.records, right: true)
            x = buffer.draw(text, x: x, y: inner.y + y, style: rowStyle, limit: inner.maxX)
            text = ""
            if columns.other > 0 {
                let (note, style) = other(segment) ?? ("", rowStyle)
                x = buffer.draw(" " + note.fitted(columns.other), x: x, y: inner.y + y, style: selected ? rowStyle : style, limit: inner.maxX)
            }
            if columns.sizes {
                text += " " + ByteSize.compact(segment.storeBytes).fitted(6, right: true) + " " + ByteSize.compact(segment.indexBytes).fitted(6, right: true)
            }
            if columns.fill {
                text += " " + (segment.isUnreadable ? "?" : "\(Int((segment.indexFill * 100).rounded()))%").fitted(5, right: true)
            }
            x = buffer.draw(text + " ", x: x, y: inner.y + y, style: rowStyle, limit: inner.maxX)
            if columns.bar > 0 { drawCoverage(segment, x: x, y: inner.y + y, width: min(columns.bar, inner.maxX - x), into: &buffer) }
        }
        drawDirectoryFindings(state, below: min(segments.count - state.segmentScroll, inner.height - 1) + 1, in: inner, into: &buffer)
    }

    /// The findings about the directory itself (stray files, bad names), one line each in the rows
    /// the segments leave free: they are no segment's rows. The one `e` went to is highlighted.
    private static func drawDirectoryFindings(_ state: InspectorState, below first: Int, in inner: Rect, into buffer: inout Buffer) {
        // A directory with no other file (nearly every one) has none: its findings are not looked at.
        guard first < inner.height, !state.snapshot.strays.isEmpty else { return }
        let targets = state.snapshot.anomalyTargets
        let current = state.anomalyCursor.flatMap { targets.indices.contains($0) && targets[$0].isDirectory ? targets[$0].finding : nil }
        let findings = state.snapshot.findings.indices.filter {
            state.snapshot.findings[$0].isAboutTheDirectory && state.snapshot.findings[$0].id != .noSegments
        }
        let nameWidth = min(30, findings.map { TextWidth.of(state.snapshot.findings[$0].file ?? "") }.max() ?? 0)
        var row = first
        for index in findings {
            let finding = state.snapshot.findings[index]
            guard row < inner.height else { return }
            let style = index == current ? Theme.selection : Theme.severity(finding.severity)
            buffer.drawLine("", in: inner, row: row, style: style)
            let mark = finding.severity == .error ? "✖" : "▲"
            StyledLine(" \(mark) " + (finding.file ?? "").fitted(nameWidth) + "  " + finding.summary, style)
                .draw(x: inner.x, y: inner.y + row, limit: inner.maxX, into: &buffer)
            row += 1
        }
    }

    /// What a segment holds besides its readable records, for the column after them: pending entries
    /// (a live writer's, waiting for its flush), lost ones, unindexed frames or damaged entries; `nil`
    /// when it holds only records.
    static func other(_ segment: SegmentSummary) -> (String, Style)? {
        let counts = segment.counts
        if counts.pendingEntries > 0 {
            return segment.isBeingWritten ? ("+\(counts.pendingEntries) pend", Theme.info) : ("+\(counts.pendingEntries) lost", Theme.error)
        }
        if counts.unindexedFrames > 0 { return ("+\(counts.unindexedFrames) unidx", Theme.warning) }
        if counts.damagedEntries > 0 { return ("+\(counts.damagedEntries) bad", Theme.error) }
        return nil
    }

    /// Column widths for the pane's width: the sizes, the fill and the bar are dropped when narrow. The
    /// column of what else segments hold shows only when one holds something else.
    struct Columns {
        var base = 8
        var range = 15
        var records = 7
        var other: Int
        var sizes: Bool
        var fill: Bool
        var bar: Int

        init(width: Int, other: Bool = false) {
            self.other = other ? 10 : 0
            let fixed = 3 + 8 + 1 + 15 + 1 + 7 + 1 + (other ? 11 : 0)
            sizes = width >= fixed + 14 + 6
            fill = width >= fixed + 14 + 6 + 6
            let used = fixed + (sizes ? 14 : 0) + (fill ? 6 : 0)
            bar = max(0, min(64, width - used - 1))
            if bar < 4 { bar = 0 }
        }

        var header: String {
            var text = "   " + "base".fitted(base) + " " + "offsets".fitted(range) + " " + "records".fitted(records, right: true)
            if other > 0 { text += " " + "not read".fitted(other) }
            if sizes { text += " " + "store".fitted(6, right: true) + " " + "index".fitted(6, right: true) }
            if fill { text += " " + "fill".fitted(5, right: true) }
            if bar > 0 { text += " " + "coverage".fitted(bar) }
            return text
        }
    }

    /// A bar of the store's bytes: █ indexed, ▒ unindexed, ░ zeros, ✕ damaged or torn.
    static func drawCoverage(_ segment: SegmentSummary, x: Int, y: Int, width: Int, into buffer: inout Buffer) {
        guard width > 0 else { return }
        let total = max(segment.storeBytes, 1)
        for column in 0..<width {
            let start = UInt64(column) * total / UInt64(width)
            let end = max(start + 1, UInt64(column + 1) * total / UInt64(width))
            var worst: SegmentHealth.RegionKind?
            for region in segment.regions where region.bytes.lowerBound < end && region.bytes.upperBound > start {
                if worst == nil || rank(region.kind) > rank(worst!) { worst = region.kind }
            }
            let (glyph, style): (String, Style)
            switch worst {
            case .indexed?: (glyph, style) = ("█", Theme.ok)
            case .unindexed?: (glyph, style) = ("▒", Theme.warning)
            case .zeros?: (glyph, style) = ("░", Theme.error)
            case .damaged?, .torn?: (glyph, style) = ("✕", Theme.error)
            case .pending?: (glyph, style) = ("▫", Theme.info)
            case nil: (glyph, style) = (segment.storeBytes == 0 ? " " : "·", Theme.dim)
            }
            buffer.draw(glyph, x: x + column, y: y, style: style)
        }
    }

    private static func rank(_ kind: SegmentHealth.RegionKind) -> Int {
        switch kind {
        case .indexed: return 0
        case .pending: return 1
        case .unindexed: return 1
        case .zeros: return 2
        case .damaged, .torn: return 3
        }
    }
}
