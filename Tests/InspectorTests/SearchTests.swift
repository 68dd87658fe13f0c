import LogCore
import Testing

@testable import InspectorCore

/// `/`, `n`, `N` through the pure state machine: the scan's results arrive as events, as they do from
/// the background search.
@Suite struct SearchTests {
    func state() -> InspectorState { InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot()) }

    func press(_ keys: String, _ state: inout InspectorState) throws {
        for key in try KeyNotation.parse(keys) { _ = reduce(&state, .key(key)) }
    }

    /// Everything scanned: segment 0 matches rows 2 and 7, segment 10 row 4, segment 35 rows 0 and 99.
    func scanned(_ s: inout InspectorState) {
        let id = s.search!.id
        _ = reduce(
            &s,
            .searchProgress([
                SearchProgress(id: id, baseOffset: 0, rows: 0..<10, matching: [2, 7]),
                SearchProgress(id: id, baseOffset: 10, rows: 0..<19, matching: [4]),
                SearchProgress(id: id, baseOffset: 35, rows: 0..<100, matching: [0, 99]),
            ]))
    }

    @Test func aSearchAsksForAScanFromTheSelectedSegmentAndJumpsWhenTheScanGetsThere() throws {
        var s = state()
        try press("15G/alice<Enter>", &s)
        let pattern = try #require(SearchPattern("alice"))
        #expect(
            s.searchScan
                == SearchScan(
                    id: 1, pattern: pattern,
                    requests: [
                        SearchScanRequest(baseOffset: 10, rows: 0..<19), SearchScanRequest(baseOffset: 35, rows: 0..<100),
                        SearchScanRequest(baseOffset: 0, rows: 0..<10),
                    ]))
        #expect(s.message?.text == "/alice: searching…")
        #expect(s.selectedOffset == 15, "keys are never blocked: the selection waits where it was")
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 10, rows: 0..<19, matching: [2, 12])]))
        #expect(s.selectedOffset == 22, "the first match after offset 15")
        #expect(s.message == nil)
        #expect(s.searchStatus == "2+ matches · counting 14%", "segment 0 is not scanned yet: which match this is is unknown")
        #expect(s.searchScan?.requests == [SearchScanRequest(baseOffset: 35, rows: 0..<100), SearchScanRequest(baseOffset: 0, rows: 0..<10)])
    }

    @Test func nAndNWrapAroundTheLogWithANote() throws {
        var s = state()
        try press("/alice<Enter>", &s)
        scanned(&s)
        #expect(s.selectedOffset == 2)
        #expect(s.searchStatus == "match 1 of 5")
        try press("nn", &s)
        #expect(s.selectedOffset == 14)
        #expect(s.searchStatus == "match 3 of 5")
        try press("nn", &s)
        #expect(s.selectedOffset == 134)
        #expect(s.message == nil)
        try press("n", &s)
        #expect(s.selectedOffset == 2)
        #expect(s.message?.unstamped == StatusMessage(text: "/alice: passed the last record, continued from the first", isError: false))
        try press("N", &s)
        #expect(s.selectedOffset == 134)
        #expect(s.message?.unstamped == StatusMessage(text: "/alice: passed the first record, continued from the last", isError: false))
        try press("N", &s)
        #expect(s.selectedOffset == 35)
        #expect(s.searchStatus == "match 4 of 5")
        try press("j", &s)
        #expect(s.searchStatus == "5 matches", "the selection is no match")
    }

    @Test func aBackwardJumpWaitsUntilEveryRowBeforeTheSelectionIsScanned() throws {
        var s = state()
        try press("40G/alice<Enter>", &s)
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 35, rows: 0..<100, matching: [10])]))
        #expect(s.selectedOffset == 45)
        try press("N", &s)
        #expect(s.selectedOffset == 45 && s.message?.text == "/alice: searching…", "rows of segments 0 and 10 may hold a nearer match")
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 0, rows: 0..<10, matching: [3])]))
        #expect(s.selectedOffset == 45, "segment 10 lies between")
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 10, rows: 0..<19, matching: [])]))
        #expect(s.selectedOffset == 3)
        #expect(s.searchStatus == "match 1 of 2")
    }

    @Test func aJumpIsDroppedWhenTheSelectionMovedAndStaleResultsAreIgnored() throws {
        var s = state()
        try press("/alice<Enter>jj", &s)
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 0, rows: 0..<10, matching: [7])]))
        #expect(s.selectedRow == 2, "the user moved on while it searched")
        try press("/bob<Enter>", &s)
        #expect(s.search?.id == 2)
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 10, rows: 0..<19, matching: [5])]))
        #expect(s.search?.matches[10].scannedRows == 0, "results of the superseded search are dropped")
        scanned(&s)
        #expect(s.selectedOffset == 7)
    }

    @Test func noMatchIsSaidOnceEverythingIsScanned() throws {
        var s = state()
        try press("/zebra<Enter>", &s)
        for (base, rows) in [(UInt64(0), 10), (10, 19), (35, 100)] {
            #expect(s.message?.text == "/zebra: searching…")
            _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: base, rows: 0..<rows, matching: [])]))
        }
        // Said once, by the search status of the bottom bar (a note saying it again was "/zebra · no
        // match /zebra: no match").
        #expect(s.message == nil)
        #expect(s.searchStatus == "no match")
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        let bar = buffer.lines[s.size.height - 1]
        #expect(bar.contains("/zebra · no match") && bar.components(separatedBy: "no match").count == 2, "\(bar)")
        let column = TextWidth.of(String(bar[..<bar.range(of: "no match")!.lowerBound]))
        #expect(buffer[column, s.size.height - 1].style == Theme.errorBar, "in the error colour")
        #expect(s.searchScan == nil)
    }

    @Test func theScanReadsOnlyRowsAWriterAppendedAndStartsOverAfterR() throws {
        var s = state()
        try press("/alice<Enter>", &s)
        scanned(&s)
        var snapshot = s.snapshot
        snapshot.segments[2].rowCount = 120
        snapshot.segments[2].lastOffset = 154
        _ = reduce(&s, .liveUpdated(LiveUpdate(snapshot: snapshot, at: 1, head: 155, appendedBytes: 100, activeBytes: 100)))
        #expect(s.searchScan?.requests == [SearchScanRequest(baseOffset: 35, rows: 100..<120)])
        #expect(s.searchStatus?.hasSuffix("· counting 86%") == true)
        _ = reduce(&s, .searchProgress([SearchProgress(id: 1, baseOffset: 35, rows: 100..<120, matching: [])]))
        snapshot.segments[2].rowCount = 121
        _ = reduce(&s, .liveUpdated(LiveUpdate(snapshot: snapshot, at: 1, head: 156, appendedBytes: 110, activeBytes: 110)))
        #expect(s.searchStatus == "match 1 of 5+", "a row the scan has not reached yet: no progress note for a live tail")
        _ = reduce(&s, .key(.character("f")))
        #expect(s.live.follow == .following(untilAnomaly: false))
        try press("n", &s)
        #expect(s.selectedOffset == 2, "from the newest record, round to the first match")
        #expect(s.live.follow == .paused(arrived: 0, untilAnomaly: false), "a search jump pauses follow, as g does")
        try press("r", &s)
        #expect(s.search?.id == 2)
        #expect(s.searchScan?.requests.count == 3, "a rescan may find other bytes under the same names")
    }

    @Test func slashRecallsEarlierSearchesWithUpAndDown() throws {
        var s = state()
        try press("/alice<Enter>/bob<Enter>/al<Up>", &s)
        #expect(s.input?.text == "bob")
        try press("<Up><Up>", &s)
        #expect(s.input?.text == "alice")
        try press("<Down>", &s)
        #expect(s.input?.text == "bob")
        try press("<Down>", &s)
        #expect(s.input?.text == "al", "past the newest: what was typed")
        try press("<Esc>/alice<Enter>/<Up>", &s)
        #expect(s.input?.text == "alice", "a repeated search moves to the end of the history")
        #expect(s.searchHistory == ["bob", "alice"])
    }

    @Test func escapeClearsTheMessageThenTheSearchAndNBringsItBack() throws {
        var s = state()
        try press("/alice<Enter>", &s)
        scanned(&s)
        try press("Nn", &s)
        #expect(s.message?.text == "/alice: passed the last record, continued from the first")
        try press("<Esc>", &s)
        #expect(s.message == nil)
        #expect(s.search != nil)
        try press("<Esc>", &s)
        #expect(s.search == nil)
        #expect(s.message?.text == "/alice cleared (n searches for it again)")
        try press("n", &s)
        #expect(s.search?.pattern.text == "alice")
        #expect(s.search?.id == 2)
    }

    @Test func lowerCaseTextIgnoresCaseCapitalsAndHexDoNot() throws {
        let lower = try #require(SearchPattern("alice"))
        let capital = try #require(SearchPattern("Alice"))
        let hex = try #require(SearchPattern("x:41"))
        #expect(lower.ignoresCase && !capital.ignoresCase && !hex.ignoresCase)
        let text = Array("Hello ALICE and Alice".utf8)
        #expect(lower.occurrences(in: text) == [6..<11, 16..<21])
        #expect(capital.occurrences(in: text) == [16..<21])
        #expect(hex.occurrences(in: text) == [6..<7, 16..<17])
        #expect(text.withUnsafeBytes { lower.matches($0) })
        #expect(!Array("alic".utf8).withUnsafeBytes { lower.matches($0) })
        #expect(SearchPattern("ünï")?.ignoresCase == true)
    }

    @Test func matchBitsAnswerAcrossWordBoundaries() {
        var matches = SearchMatches.Segment()
        matches.add(rows: 0..<100, matching: [0, 63, 64, 99])
        matches.add(rows: 150..<200, matching: [160])  // not contiguous: ignored
        matches.add(rows: 100..<200, matching: [130, 250])
        #expect(matches.scannedRows == 200)
        #expect(matches.count == 5)
        #expect(matches.first(in: 1..<200) == 63)
        #expect(matches.first(in: 65..<99) == nil)
        #expect(matches.first(in: 100..<300) == 130)
        #expect(matches.last(in: 0..<64) == 63)
        #expect(matches.last(in: 0..<63) == 0)
        #expect(matches.last(in: 100..<130) == nil)
        #expect(matches.rank(of: 64) == 2)
        #expect(matches.rank(of: 131) == 5)
        #expect(matches.contains(99) && !matches.contains(98) && !matches.contains(250))
    }
}
