import LogCore
import TestSupport
import Testing

@testable import InspectorCore

/// Paging as in less, sideways scrolling, the detail pane's wrap, hex offsets, and the help that
/// follows the focus, through the pure state machine.
@Suite struct ScrollingTests {
    func state() -> InspectorState { InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot()) }

    func press(_ keys: String, _ state: inout InspectorState) throws {
        for key in try KeyNotation.parse(keys) { _ = reduce(&state, .key(key)) }
    }

    func row(_ offset: UInt64, preview: String) -> RowData {
        RowData(
            offset: offset, relativeOffset: UInt32(offset), position: offset * 20, frameSize: 20, valueLength: preview.utf8.count,
            verdict: .readable, value: Array(preview.utf8), note: "")
    }

    @Test func spaceAndCtrlFPageDownCtrlBPagesUpAsInLess() throws {
        var s = state()
        try press("100G", &s)
        try press("g", &s)
        let page = s.layout.recordRows
        try press("<Space>", &s)
        #expect(s.selectedRow == page)
        try press("<C-f>", &s)
        #expect(s.selectedRow == 2 * page)
        try press("<C-b>", &s)
        #expect(s.selectedRow == page)
        #expect(try KeyNotation.parse(" ") == [.character(" ")])
    }

    @Test func leftAndRightScrollTheValuesSidewaysAndNeverChangeThePane() throws {
        var s = state()
        let long = String(repeating: "a", count: 150) + "THE END"
        _ = reduce(&s, .rowsLoaded(segment: 0, rows: [0: row(0, preview: long), 1: row(1, preview: "short")]))
        let width = RecordsView.Columns(width: s.layout.records.width - 2).valueWidth
        try press("<Right>", &s)
        #expect(s.focus == .records)
        #expect(s.recordsColumn == width / 2)
        try press("<Right><Right><Right><Right><Right>", &s)
        #expect(s.recordsColumn == 157 - width, "no further than the longest value needs")
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        #expect(buffer.lines.contains { $0.contains("aaaTHE END") })
        #expect(buffer.lines.contains { $0.contains("value (from column \(158 - width), ← → scroll)") })
        try press("<Left><Left><Left><Left><Left><Left>", &s)
        #expect(s.recordsColumn == 0)
        try press("h", &s)
        #expect(s.focus == .segments, "h, l and Tab change the pane")
        try press("<Right>", &s)
        #expect(s.focus == .segments)
        #expect(s.message?.text.hasPrefix("← → scroll long lines in the Records and Detail panes") == true)
    }

    @Test func cutValuesEndInAnEllipsis() throws {
        var s = state()
        _ = reduce(&s, .rowsLoaded(segment: 0, rows: [0: row(0, preview: String(repeating: "b", count: 200))]))
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        let records = s.layout.records
        let y = records.y + 2
        #expect(buffer[records.maxX - 2, y].character == "…")
        #expect(buffer[records.maxX - 2, y].style == Theme.selection, "the mark keeps the selected row's style")
        try press("<Right>", &s)
        render(s, into: &buffer)
        let valueX = records.x + 1 + RecordsView.Columns(width: records.width - 2).valueX
        #expect(buffer[valueX, y].character == "…", "scrolled text shows that it goes on to the left")
    }

    /// Scrolled sideways, a hex preview starts on a whole byte after its `…` (`00 00 00 08 09 0a` read
    /// as `…0000008090a0b`), and a header too long for the pane ends in `…`.
    @Test func aHexPreviewScrolledSidewaysStartsOnAWholeByte() throws {
        var s = InspectorState(size: Size(width: 100, height: 30), snapshot: syntheticSnapshot())
        let bytes = (0..<48).map { UInt8($0) }
        let binary = RowData(
            offset: 0, relativeOffset: 0, position: 0, frameSize: 60, valueLength: bytes.count, verdict: .readable, value: bytes, note: "")
        _ = reduce(&s, .rowsLoaded(segment: 0, rows: [0: binary]))
        let records = s.layout.records
        let valueX = records.x + 1 + RecordsView.Columns(width: records.width - 2).valueX
        var buffer = Buffer(size: s.size)
        for _ in 0..<4 {
            try press("<Right>", &s)
            render(s, into: &buffer)
            let shown = String(buffer.lines[records.y + 2].dropFirst(valueX).prefix(8))
            #expect(shown.hasPrefix("…"), "\(shown)")
            let hex = String(shown.dropFirst())
            let full = HexString.encode(bytes)
            let start = try #require(full.range(of: hex)).lowerBound
            #expect(full.distance(from: full.startIndex, to: start) % 2 == 0, "column \(s.recordsColumn): \(shown)")
            #expect(buffer[records.maxX - 2, records.y + 1].character == "…", "\(buffer.lines[records.y + 1])")
        }
    }

    @Test func aLineCutAtEitherEdgeShowsAnEllipsisAndNeverHalfAWideCharacter() {
        var buffer = Buffer(size: Size(width: 12, height: 3))
        let line = StyledLine([("ab日本語", Theme.text), ("xyz", Theme.number)])  // 11 columns
        line.draw(x: 0, y: 0, limit: 12, into: &buffer)
        line.draw(x: 0, y: 1, limit: 6, into: &buffer)
        line.draw(x: 0, y: 2, limit: 8, skip: 3, into: &buffer)
        #expect(buffer.lines == ["ab日本語xyz", "ab日 …", "…本語xyz"])
        #expect(buffer[7, 2].style == Theme.number)
        var highlighted = StyledLine("Hello alice, ALICE", Theme.text).highlighting(SearchPattern("alice"))
        #expect(highlighted.runs.map(\.0) == ["Hello ", "alice", ", ", "ALICE"])
        #expect(highlighted.runs.map(\.1) == [Theme.text, Theme.match, Theme.text, Theme.match])
        highlighted = StyledLine("ünïcödé ünï", Theme.text).highlighting(SearchPattern("ünï"))
        #expect(highlighted.runs.map(\.0) == ["ünï", "cödé ", "ünï"])
        #expect(StyledLine("abcdefgh", Theme.text).chopped(width: 3).map(\.text) == ["abc", "def", "gh"])
    }

    @Test func wAndOToggleWrappingAndHexOffsets() throws {
        var s = state()
        try press("w", &s)
        #expect(s.detailWrap)
        #expect(s.message?.text == "detail: long lines wrap (w cuts them)")
        try press("l<Right>", &s)
        #expect(s.focus == .detail)
        #expect(s.detailColumn == 0)
        #expect(s.message?.text == "the detail pane wraps long lines: w cuts them so that ← → scroll")
        try press("wo", &s)
        #expect(!s.detailWrap)
        #expect(s.hexOffsets)
        try press("o", &s)
        #expect(!s.hexOffsets)
    }

    @Test func helpListsTheFocusedPanesKeysFirstAndScrolls() throws {
        var s = state()
        #expect(Overlays.helpLines(focus: .records).first?.text == " Records pane (focused)")
        #expect(Overlays.helpLines(focus: .detail).first?.text == " Detail pane (focused)")
        #expect(Overlays.helpLines(focus: .detail).dropFirst().first?.text.hasPrefix(" j k ↓ ↑") == true)
        #expect(Overlays.helpLines(focus: .segments)[6].text == " Everywhere")
        _ = reduce(&s, .resize(Size(width: 100, height: 30)))
        try press("?jjj", &s)
        #expect(s.overlay == .help(scroll: 3))
        try press("<Space><Space><Space><Space>", &s)
        let last = Overlays.helpLines(focus: .records, width: Overlays.helpWidth(in: s.size)).count - Overlays.helpRows(in: s.size)
        #expect(s.overlay == .help(scroll: last))
        try press("k", &s)
        #expect(s.overlay == .help(scroll: last - 1))
        try press("x", &s)
        #expect(s.overlay == nil)
    }

    @Test func theBottomBarsHintsFollowTheFocus() throws {
        var s = state()
        func bottom() -> String {
            var buffer = Buffer(size: s.size)
            render(s, into: &buffer)
            return buffer.lines.last ?? ""
        }
        #expect(bottom().contains("Space page  ←/→ scroll  Enter detail"))
        try press("l", &s)
        #expect(bottom().contains("j/k scroll  [ ] tab  ←/→ scroll  w wrap  o offsets  y copy"))
        try press("l", &s)
        #expect(bottom().contains("j/k move  Enter records"))
    }

    @Test func everyBindingIsInTheReadme() throws {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        for binding in KeyBindings.segments + KeyBindings.records + KeyBindings.detail + KeyBindings.everywhere + KeyBindings.compare {
            for key in binding.keys.split(separator: " ") where key != "then" {
                let written = ["`\(key)`", "`\(key) ", " \(key)`", "| \(key) |"].contains { readme.contains($0) }
                #expect(written, "README's key table lacks \(key)")
            }
        }
    }
}

/// At 80×24 the help wraps what it cannot show in a line and floats clear of the panes' borders.
@Suite struct HelpAt80x24Tests {
    @Test func theHelpWrapsItsActionsAndKeepsAMarginAtEightyColumns() throws {
        var s = InspectorState(size: Size(width: 80, height: 24), snapshot: syntheticSnapshot())
        _ = reduce(&s, .key(.character("?")))
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        let lines = buffer.lines
        let rect = Overlays.helpBox(in: s.size)
        #expect(rect.x == 2 && rect.y == 2 && rect.maxY == 22, "\(rect)")
        #expect(lines[0].contains("logscope"), "the top bar stays")
        for y in rect.y..<rect.maxY {
            #expect(!lines[y].contains("…"), "a wrapped help cuts nothing: \(lines[y])")
            #expect(buffer[1, y].character == " " && buffer[78, y].character == " ", "a blank margin beside the border: \(lines[y])")
        }
        #expect(lines.contains { $0.contains("find the frame holding a byte position of this") })
        #expect(lines.contains { $0.contains("                     segment's store") })
        // Every line of every section can be scrolled to.
        let all = Overlays.helpLines(focus: .records, width: Overlays.helpWidth(in: s.size))
        #expect(all.allSatisfy { TextWidth.of($0.text) <= Overlays.helpWidth(in: s.size) })
    }
}
