import TestSupport
import Testing

@testable import InspectorCore

/// Whole frames rendered into the in-memory terminal, compared with `Snapshots/*.txt`.
@Suite(.serialized) struct SnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var fixture: String
        var keys: String
        var width = 160
        var height = 48
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "small-first-frame", fixture: "golden/small", keys: ""),
        Case(name: "small-json-decoded", fixture: "golden/small", keys: ":2<Enter>"),
        Case(name: "small-hex-tab", fixture: "golden/small", keys: ":7<Enter>]"),
        Case(name: "small-index-tab", fixture: "golden/small", keys: ":12<Enter>]]"),
        Case(name: "small-checks-tab", fixture: "golden/small", keys: ":12<Enter>["),
        Case(name: "help-overlay", fixture: "golden/small", keys: "?"),
        Case(name: "crashed-first-anomaly", fixture: "damaged/crashed", keys: "e"),
        Case(name: "crashed-past-end-row", fixture: "damaged/crashed", keys: ":14<Enter>"),
        Case(name: "crashed-anomaly-list", fixture: "damaged/crashed", keys: "!j"),
        Case(name: "length-max-reopen-prediction", fixture: "damaged/store-length-max", keys: "!"),
        Case(name: "undecodable-hex", fixture: "damaged/store-undecodable", keys: ":16<Enter>]"),
        Case(name: "zero-run-anomaly-row", fixture: "damaged/store-zero-run", keys: "hj<Enter>G"),
        Case(name: "narrow-80x24", fixture: "damaged/crashed", keys: "jj", width: 80, height: 24),
        Case(name: "wide-200x50", fixture: "golden/large", keys: ":50000<Enter>", width: 200, height: 50),
        Case(name: "too-small-50x10", fixture: "golden/small", keys: "", width: 50, height: 10),
        Case(name: "stray-file-row", fixture: "damaged/stray-files", keys: "e"),
        Case(name: "zeroed-record", fixture: "damaged/store-zero-run", keys: ":16<Enter>"),
        Case(name: "torn-tail-first-screen", fixture: "damaged/store-torn-tail", keys: ""),
        Case(name: "hex-preview-mode", fixture: "golden/small", keys: "vv"),
        Case(name: "raft-log-command", fixture: "raft/A-healthy/node-0/raft/log", keys: ":5<Enter>"),
        Case(name: "raft-log-configuration", fixture: "raft/A-healthy/node-0/raft/log", keys: ":4<Enter>"),
        Case(name: "node-logs-overlay", fixture: "raft/E-snapshot/node-0", keys: "Lj"),
        Case(name: "search-count-and-highlight", fixture: "golden/small", keys: ":12<Enter>/lorem<Enter>n"),
        Case(name: "search-hex-in-hex-tab", fixture: "golden/small", keys: ":3<Enter>/x:0a0b0c<Enter>]"),
        Case(name: "records-scrolled-right", fixture: "golden/small", keys: ":9<Enter><Right><Right>"),
        Case(name: "detail-cut-then-scrolled", fixture: "golden/small", keys: ":9<Enter>l<Right><Right>"),
        Case(name: "detail-wrapped", fixture: "golden/small", keys: ":9<Enter>w"),
        Case(name: "hex-16-a-row-hex-offsets", fixture: "golden/small", keys: ":3<Enter>]o", width: 172, height: 40),
        Case(name: "hex-squeezed-zero-run", fixture: "damaged/store-zero-run", keys: "hj<Enter>G]"),
        Case(name: "help-detail-focused", fixture: "golden/small", keys: "l?"),
    ]

    @Test(arguments: cases)
    func frameMatchesItsSnapshot(_ c: Case) throws {
        let (runtime, _) = try makeRuntime(c.fixture, size: Size(width: c.width, height: c.height))
        try runtime.press(c.keys)
        assertSnapshot(runtime.frame().lines, named: c.name)
    }

    @Test func selectionAndSeverityAreStyled() throws {
        let (runtime, _) = try makeRuntime("damaged/crashed")
        try runtime.press(":14<Enter>")
        let frame = runtime.frame()
        let layout = runtime.state.layout
        // The selected row (offset 14) is drawn in the selection style, its status in error red elsewhere.
        let selectedY = layout.records.y + 2 + (runtime.state.selectedRow - runtime.state.recordScroll)
        #expect(frame[layout.records.x + 2, selectedY].style == Theme.selection)
        let otherY = selectedY + 1
        let statusX = (layout.records.x + 1..<layout.records.maxX).first { frame[$0, otherY].character == "l" && frame[$0 + 1, otherY].character == "o" }
        #expect(statusX.map { frame[$0, otherY].style } == Theme.error)
        // The focused pane's border is highlighted.
        #expect(frame[layout.records.x, layout.records.y].style == Theme.focusedBorder)
        #expect(frame[layout.segments.x, layout.segments.y].style == Theme.border)
    }

    @Test func theHexTabColoursThePrefixPayloadAndDamage() throws {
        let (runtime, _) = try makeRuntime("damaged/store-undecodable")
        try runtime.press(":16<Enter>]")
        let lines = runtime.frame().lines
        let frame = runtime.frame()
        let row = try #require(lines.firstIndex { $0.contains("   194 │ 00 00 00 00 00 00 00 5f") })
        let x = try #require(lines[row].range(of: "   194 │ ").map { lines[row].distance(from: lines[row].startIndex, to: $0.upperBound) })
        #expect(frame[x, row].style == Theme.lengthPrefix)
        #expect(frame[x, row + 1].style == Theme.damagedByte)  // 0xff, the first payload byte
        // The two rows before the frame are the end of the frame before it, dimmed.
        #expect(lines[row - 2].contains("   178 │ 70 70 70 70 70 70 70 70 │pppppppp│"))
        #expect(frame[x, row - 1].style == Theme.contextByte)
    }

    @Test func searchMatchesAreHighlightedInTheRowsAndTheDetail() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press(":12<Enter>/lorem<Enter>")
        let frame = runtime.frame()
        let lines = frame.lines
        let layout = runtime.state.layout
        let row = try #require(lines.firstIndex { $0.hasPrefix("│ 13 ") })
        let column = try #require(
            lines[row].range(of: "lorem").map {
                lines[row].unicodeScalars.distance(from: lines[row].unicodeScalars.startIndex, to: $0.lowerBound.samePosition(in: lines[row].unicodeScalars)!)
            })
        #expect(frame[column, row].style == Theme.match)
        #expect(frame[column + 4, row].style == Theme.match)
        #expect(frame[column + 5, row].style != Theme.match)
        // In the Decoded tab, the value's lines mark every match.
        let detail = (layout.detail.y..<layout.detail.maxY).flatMap { y in (layout.detail.x..<layout.detail.maxX).map { (x: $0, y: y) } }
        #expect(detail.filter { frame[$0.x, $0.y].style == Theme.match }.count >= 10)
        #expect(lines.last?.contains("/lorem · match 1 of 11") == true)
    }
}
