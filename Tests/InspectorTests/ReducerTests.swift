import Testing

@testable import InspectorCore

/// Key sequences through the pure state machine (no I/O, no terminal).
@Suite struct ReducerTests {
    func state() -> InspectorState { InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot()) }

    func press(_ keys: String, _ state: inout InspectorState) throws -> [Effect] {
        var effects: [Effect] = []
        for key in try KeyNotation.parse(keys) { effects += reduce(&state, .key(key)) }
        return effects
    }

    @Test func movesWithinAndAcrossPanes() throws {
        var s = state()
        #expect(s.focus == .records)
        _ = try press("jjj", &s)
        #expect(s.selectedRow == 3)
        _ = try press("k", &s)
        #expect(s.selectedRow == 2)
        _ = try press("h", &s)
        #expect(s.focus == .segments)
        _ = try press("j", &s)
        #expect(s.selectedSegment == 1)
        #expect(s.selectedRow == 0)
        _ = try press("<Enter>", &s)
        #expect(s.focus == .records)
        _ = try press("G", &s)
        #expect(s.selectedRow == 20)  // 19 records + two anomaly rows
        #expect(s.selectedAnomaly?.label == "gap: offsets 30...34 missing")
        _ = try press("g", &s)
        #expect(s.selectedRow == 0)
        _ = try press("<Tab><Tab>", &s)
        #expect(s.focus == .segments)
    }

    @Test func countThenGAndColonJumpAcrossSegments() throws {
        var s = state()
        _ = try press("42G", &s)
        #expect(s.selectedSegment == 2)
        #expect(s.selectedOffset == 42)
        _ = try press(":15<Enter>", &s)
        #expect(s.selectedSegment == 1)
        #expect(s.selectedOffset == 15)
        _ = try press(":31<Enter>", &s)
        #expect(s.message?.unstamped == StatusMessage(text: "offset 31 is not in the log (segment 10 holds 10...28)", isError: true))
        #expect(s.selectedOffset == 15)
        _ = try press(":nonsense<Enter>", &s)
        #expect(s.message?.isError == true)
    }

    @Test func pagingAndHalfPages() throws {
        var s = state()
        _ = try press("100G", &s)
        _ = try press("g", &s)
        #expect(s.selectedRow == 0)
        let page = s.layout.recordRows
        _ = try press("<PgDn>", &s)
        #expect(s.selectedRow == page)
        _ = try press("<C-u>", &s)
        #expect(s.selectedRow == page - page / 2)
        _ = try press("<End>", &s)
        #expect(s.selectedRow == 99)
        #expect(s.recordScroll == 100 - page)
    }

    @Test func filterAndPosAskTheRuntime() throws {
        var s = state()
        _ = try press("17G", &s)
        #expect(try press("&bob<Enter>", &s) == [.buildFilter(segment: 1, SearchPattern("bob")!)])
        _ = reduce(&s, .filterBuilt(segment: 1, pattern: "bob", rows: [3, 9]))
        #expect(s.visibleRowCount == 2)
        #expect(s.selectedRow == 3)
        _ = try press("j", &s)
        #expect(s.selectedRow == 9)
        _ = try press("<Esc>", &s)
        #expect(s.filter == nil)
        #expect(try press(":pos 0x1f<Enter>", &s) == [.locatePosition(segment: 1, position: 31)])
    }

    @Test func anomaliesStepAndList() throws {
        var s = state()
        _ = try press("e", &s)
        #expect(s.selectedSegment == 1)
        #expect(s.selectedRow == 19)
        #expect(s.detailTab == .checks)
        _ = try press("e", &s)  // the gap is the row after the torn tail
        #expect(s.selectedRow == 20)
        _ = try press("e", &s)  // wraps around
        #expect(s.selectedRow == 19)
        _ = try press("E", &s)
        #expect(s.selectedRow == 20)
        _ = try press("g!", &s)
        #expect(s.overlay == .anomalies(selected: 0))
        _ = try press("j<Enter>", &s)
        #expect(s.overlay == nil)
        #expect(s.selectedRow == 20)
        #expect(s.message?.text == "[2/2] DIR-SEGMENT-GAP: no segment holds these offsets")
    }

    @Test func tabsHelpCopyMouseAndQuit() throws {
        var s = state()
        _ = try press("]]", &s)
        #expect(s.detailTab == .index)
        _ = try press("[[[", &s)
        #expect(s.detailTab == .checks)
        _ = try press("?", &s)
        #expect(s.overlay == .help(scroll: 0))
        _ = try press("x", &s)
        #expect(s.overlay == nil)
        #expect(try press("y", &s) == [.copyValue(segment: 0, row: 0)])
        #expect(try press("Y", &s) == [.copyFrame(segment: 0, row: 0)])
        #expect(try press("<F2>", &s) == [.setMouseCapture(false)])
        #expect(try press("r", &s) == [.rescan])
        _ = try press("q", &s)
        #expect(s.quit)
    }

    @Test func mouseClicksFocusAndSelectWheelScrolls() throws {
        var s = state()
        let records = s.layout.records
        _ = reduce(&s, .mouse(MouseEvent(kind: .click, x: records.x + 5, y: records.y + 2 + 4)))
        #expect(s.focus == .records)
        #expect(s.selectedRow == 4)
        _ = reduce(&s, .mouse(MouseEvent(kind: .wheelDown, x: records.x + 5, y: records.y + 5)))
        #expect(s.selectedRow == 7)
        let segments = s.layout.segments
        _ = reduce(&s, .mouse(MouseEvent(kind: .click, x: segments.x + 3, y: segments.y + 2 + 2)))
        #expect(s.selectedSegment == 2)
        #expect(s.focus == .segments)
        _ = reduce(&s, .key(.function(2)))
        _ = reduce(&s, .mouse(MouseEvent(kind: .click, x: records.x + 5, y: records.y + 3)))
        #expect(s.focus == .segments)  // capture off: clicks belong to the terminal
    }

    @Test func resizingKeepsTheSelectedOffset() throws {
        var s = state()
        _ = try press("120G", &s)
        #expect(s.selectedOffset == 120)
        _ = reduce(&s, .resize(Size(width: 80, height: 20)))
        #expect(s.selectedOffset == 120)
        let window = s.recordScroll..<(s.recordScroll + s.layout.recordRows)
        #expect(window.contains(s.selectedRow))
        _ = reduce(&s, .resize(Size(width: 200, height: 60)))
        #expect(s.selectedOffset == 120)
    }

    @Test func dataNeedsCoverTheVisibleRowsAndTheDetail() throws {
        let s = state()
        let needs = s.dataNeeds
        #expect(needs.first == .rows(segment: 0, 0..<10))
        #expect(needs.contains(.detail(segment: 0, row: 0)))
    }
}
