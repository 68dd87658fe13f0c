import Testing

@testable import InspectorCore

/// Single views drawn into a small buffer, asserting on their text and styles (whole screens are in
/// SnapshotTests): the segments pane, the status bar, the findings line, the hex view.
@Suite struct WidgetTests {
    func state(focus: Pane = .records) -> InspectorState {
        var state = InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot())
        state.focus = focus
        return state
    }

    /// Draws with `draw` into a fresh `width`×`height` buffer.
    func drawn(_ width: Int, _ height: Int, _ draw: (Rect, inout Buffer) -> Void) -> Buffer {
        var buffer = Buffer(size: Size(width: width, height: height))
        draw(buffer.bounds, &buffer)
        return buffer
    }

    /// The style of the first cell of line `y` that shows `text`'s first character.
    func style(of text: String, inLine y: Int, of buffer: Buffer) -> Style? {
        column(of: text, inLine: y, of: buffer).map { buffer[$0, y].style }
    }

    /// Two of three segments fit: the border says which (there was no sign of the third).
    @Test func theSegmentsPaneShowsAsManyRowsAsFitWithTheirMarksAndTheSelection() {
        let buffer = drawn(60, 5) { SegmentsView.draw(state(focus: .segments), in: $0, into: &$1) }
        #expect(
            buffer.lines == [
                "┌─ Segments (3) ───────────────────────────────────────────┐",
                "│   base     offsets         records  store  index covera… │",
                "│ ✔ 0        0...9                10   1000    120 ······· │",
                "│ ✖ 10       10...28              19   1000    228 ······· │",
                "└──────────────────────────────────────────────── 1...2/3 ─┘",
            ])
        #expect(buffer[0, 0].style == Theme.focusedBorder, "the focused pane's frame is highlighted")
        #expect(style(of: "base", inLine: 1, of: buffer) == Theme.header)
        #expect(style(of: "0...9", inLine: 2, of: buffer) == Theme.selection, "the selected segment")
        #expect(style(of: "✖", inLine: 3, of: buffer) == Theme.error, "a damaged segment's mark")
        #expect(style(of: "10...28", inLine: 3, of: buffer) == Theme.text)
    }

    @Test func anUnfocusedSegmentsPaneKeepsTheSelectionDimmed() {
        let buffer = drawn(60, 5) { SegmentsView.draw(state(focus: .records), in: $0, into: &$1) }
        #expect(buffer[0, 0].style == Theme.border)
        #expect(style(of: "0...9", inLine: 2, of: buffer) == Theme.selectionUnfocused)
    }

    @Test func theStatusBarShowsThePositionThenAMessageOrTheKeyHints() {
        var s = state()
        let hints = drawn(40, 1) { BottomBar.draw(s, in: $0, into: &$1) }
        #expect(hints.lines[0].hasPrefix(" row 1/10 · segment 1/3 "))
        #expect(hints[1, 0].style == Theme.barAccent)
        s.message = StatusMessage(text: "no match", isError: true)
        let message = drawn(40, 1) { BottomBar.draw(s, in: $0, into: &$1) }
        #expect(message.lines[0] == " row 1/10 · segment 1/3   no match")
        #expect(style(of: "no match", inLine: 0, of: message) == Theme.errorBar)
    }

    @Test func theStatusBarShowsTheInputLineWithItsCursor() {
        var s = state()
        s.input = InputLine(mode: .search, text: "lor")
        let buffer = drawn(30, 1) { BottomBar.draw(s, in: $0, into: &$1) }
        #expect(buffer.lines[0].hasPrefix("/lor█"))
        #expect(buffer[0, 0].style == Theme.bar.bolded)
        #expect(buffer[4, 0].style == Theme.barAccent, "the cursor")
    }

    @Test func theFindingsLineNamesTheMostSevereFindingWhereItIsAndCutsToFit() {
        let buffer = drawn(60, 1) { FindingsBar.draw(state(), in: $0, into: &$1) }
        #expect(buffer.lines[0] == " ✖ STORE-TORN-TAIL segment 10, 10.store[500..<520], o…  1/2")
        #expect(buffer[1, 0].style == Theme.error)
        #expect(style(of: "segment", inLine: 0, of: buffer) == Theme.text)
        #expect(style(of: "1/2", inLine: 0, of: buffer) == Theme.dim)
    }

    @Test func theHexViewColoursBytesByClassAndMarksTheLengthPrefix() {
        let bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8) + [0xff]
        var marks = HexDump.Marks()
        marks.prefix = 0..<8
        let lines = HexDump.lines(bytes, start: 16, width: 60, hexOffsets: false, marks: marks)
        let buffer = drawn(60, lines.count) { rect, buffer in
            for (y, line) in lines.enumerated() { line.draw(x: 0, y: y, limit: rect.maxX, into: &buffer) }
        }
        #expect(
            buffer.lines == [
                "    16 │ 00 00 00 00 00 00 00 03 │⋄⋄⋄⋄⋄⋄⋄•│",
                "    24 │ 68 69 0a ff             │hi_×    │",
            ])
        #expect(style(of: "00", inLine: 0, of: buffer) == Theme.lengthPrefix, "the length prefix")
        #expect(style(of: "68", inLine: 1, of: buffer) == Theme.bytePrintable)
        #expect(style(of: "0a", inLine: 1, of: buffer) == Theme.byteWhitespace)
        #expect(style(of: "ff", inLine: 1, of: buffer) == Theme.byteHigh)
        #expect(style(of: "16", inLine: 0, of: buffer) == Theme.dim, "the offset column")
    }
}
