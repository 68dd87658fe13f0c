import LogCore
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// The compare view's search: matches kept by offset as the scan reads them, `n` and `N` over them
/// with their count, and the scan beside real directories.
@Suite struct CompareSearchTests {
    func progress(_ id: Int, _ from: UInt64, _ next: UInt64?, _ matching: [UInt64]) -> CompareSearchProgress {
        CompareSearchProgress(id: id, from: from, next: next, matching: matching)
    }

    @Test func matchesAreKeptInOrderMergedAndCounted() throws {
        var search = CompareSearch(pattern: try #require(SearchPattern("x")), id: 1, from: 0)
        search.receive(progress(1, 0, 100, [3, 4, 5, 50]))
        search.receive(progress(1, 300, 400, [310]))  // not what follows what was read: dropped
        search.receive(progress(2, 100, 200, [150]))  // another search's
        search.receive(progress(1, 100, 200, [150, 151]))
        #expect(search.matches == [3...5, 50...50, 150...151])
        #expect(search.count == 6 && search.next == 200)
        #expect(search.first(after: 0) == 3 && search.first(after: 3) == 4 && search.first(after: 5) == 50 && search.first(after: 151) == nil)
        #expect(search.last(before: 150) == 50 && search.last(before: 5) == 4 && search.last(before: 3) == nil)
        #expect(search.rank(of: 50) == 4 && search.rank(of: 151) == 6 && search.rank(of: 6) == nil)
        #expect(search.contains(4) && !search.contains(6))
    }

    func state() -> CompareState {
        CompareState(size: Size(width: 160, height: 40), directories: ["a", "b"], heads: [0...999, 0...999], raft: false)
    }

    func press(_ keys: String, _ s: inout CompareState) throws {
        for key in try KeyNotation.parse(keys) { _ = reduce(&s, .key(key)) }
    }

    @Test func slashSearchesAndNStepsThroughTheMatchesAsTheScanFindsThem() throws {
        var s = state()
        try press("10G/alpha<Enter>", &s)
        let search = try #require(s.search)
        #expect(search.pattern.text == "alpha" && search.pendingJump)
        #expect(s.searchScan == CompareSearchScan(id: search.id, pattern: search.pattern, from: 0, through: 999))
        _ = reduce(&s, .searchProgress([progress(search.id, 0, 500, [5, 42, 43])]))
        #expect(s.selected == 42, "the first match after the selection, once the scan found it")
        #expect(s.searchStatus == "2/3 (searching…)")
        try press("nn", &s)
        #expect(s.selected == 43, "n at the last match read waits for the scan")
        #expect(s.search?.pendingJump == true)
        _ = reduce(&s, .searchProgress([progress(search.id, 500, 1000, [700])]))
        #expect(s.selected == 700 && s.searchStatus == "4/4")
        try press("n", &s)
        #expect(s.selected == 5 && s.message?.text == "passed the last match, continued from the first")
        try press("N", &s)
        #expect(s.selected == 700)
        #expect(screen(s).contains("/alpha · 4/4"))
    }

    @Test func aSearchWithNoMatchSaysSoAndBadInputIsAnError() throws {
        var s = state()
        try press("/zzz<Enter>", &s)
        let id = try #require(s.search?.id)
        _ = reduce(&s, .searchProgress([progress(id, 0, 1000, [])]))
        #expect(s.message == nil && s.searchStatus == "no match", "said once, by the search status")
        try press("/x:0<Enter>", &s)
        #expect(s.message?.isError == true)
        try press("/ab<Backspace><Esc>", &s)
        #expect(s.input == nil && s.search?.pattern.text == "zzz", "Esc leaves the search as it was")
    }

    @Test func appendsAreSearchedAsTheyComeAndALostStartSearchesAgain() throws {
        var s = state()
        try press("/alpha<Enter>", &s)
        let id = try #require(s.search?.id)
        _ = reduce(&s, .searchProgress([progress(id, 0, 1000, [5])]))
        #expect(s.searchScan == nil)
        _ = reduce(&s, .headsChanged([0...1200, 0...1200]))
        #expect(s.searchScan?.from == 1000 && s.searchScan?.through == 1200 && s.search?.id == id)
        _ = reduce(&s, .headsChanged([100...1200, 0...1200]))
        #expect(s.search?.id != id && s.searchScan?.from == 0, "a directory lost its start: searched again")
    }

    @Test func ampersandListsOnlyTheMatchingOffsets() throws {
        var s = state()
        try press("500G&beta<Enter>", &s)
        let filter = try #require(s.filter)
        #expect(s.scan(.filter) == CompareSearchScan(kind: .filter, id: filter.id, pattern: filter.pattern, from: 0, through: 999))
        #expect(s.listCount == 0 && screen(s).contains("filtering: no match yet…"))
        _ = reduce(&s, .searchProgress([CompareSearchProgress(kind: .filter, id: filter.id, from: 0, next: 600, matching: [7, 8, 9, 520, 590])]))
        #expect(s.listCount == 5 && s.selected == 520, "the selection goes to the first match at or after it")
        #expect(s.visibleOffsets == [7, 8, 9, 520, 590])
        #expect(s.dataNeeds.prefix(2) == [.rows(7...9), .rows(520...520)], "only the listed rows are read, in runs")
        try press("j", &s)
        #expect(s.selected == 590)
        try press("j", &s)
        #expect(s.selected == 590, "the last listed offset")
        try press("g", &s)
        #expect(s.selected == 7)
        try press("jj", &s)
        #expect(s.selected == 9)
        let text = screen(s)
        #expect(text.contains("&beta: 5 so far of 1000 offsets"), "\(text)")
        #expect(text.contains("row 3/5 &beta"))
        try press("100G", &s)
        #expect(s.selected == 520 && s.message?.text.contains("does not match the filter &beta") == true)
        _ = reduce(&s, .searchProgress([CompareSearchProgress(kind: .filter, id: filter.id, from: 600, next: 1000, matching: [999])]))
        #expect(s.listCount == 6 && s.scan(.filter) == nil)
        try press("G", &s)
        #expect(s.selected == 999)
        try press("&<Backspace><Backspace><Backspace><Backspace><Enter>", &s)
        #expect(s.filter == nil && s.listCount == 1000 && s.selected == 999)
        #expect(s.message?.text == "filter cleared")
    }

    /// A replica catching up gets records below where the search has read: they are read again, and
    /// a scan that stopped at a record not written yet reads on after the next look.
    @Test func recordsAReplicaGetsBelowTheReadPointAreSearched() throws {
        var s = CompareState(size: Size(width: 160, height: 40), directories: ["a", "b"], heads: [0...999, 0...799], raft: false)
        try press("/alpha<Enter>", &s)
        let id = try #require(s.search?.id)
        _ = reduce(&s, .searchProgress([progress(id, 0, 1000, [5] + Array(UInt64(795)...805))]))
        #expect(s.search?.count == 12 && s.searchScan == nil)
        _ = reduce(&s, .headsChanged([0...999, 0...899]))
        #expect(s.search?.matches == [5...5, 795...799] && s.search?.count == 6)
        #expect(s.searchScan?.from == 800 && s.searchScan?.through == 999)
        var waiting = progress(id, 800, 950, [800])
        waiting.waiting = true
        _ = reduce(&s, .searchProgress([waiting]))
        #expect(s.searchScan == nil, "it waits for the record at 950")
        _ = reduce(&s, .looked)
        #expect(s.searchScan?.from == 950)
    }

    /// Two logs `a` and `b` of LogCore writers (left open), 40 records each in segments of a few
    /// records, `needle` in offsets 3, 13, 23 and 33.
    func needles(in scratch: TemporaryDirectory) throws -> [Log] {
        try ["a", "b"].map { name in
            let log = try Log(directory: scratch.child(name), config: Config(maxStoreBytes: 200, durability: .flush), createDirectory: true)
            for i in 0..<40 { try log.append(Array("record \(i)\(i % 10 == 3 ? " needle" : "")".utf8)) }
            return log
        }
    }

    /// Two logs of LogCore writers: the search finds a value in either directory, counts it once a
    /// offset, and goes on into what the writers append.
    @Test func theScanReadsEveryDirectoryAndWhatWritersAppend() throws {
        let scratch = TemporaryDirectory("compare-search")
        let logs = try needles(in: scratch)
        defer {
            for log in logs { try? log.close() }
        }
        try logs[0].append(Array("needle only in a".utf8))
        try logs[1].append(Array("b has none".utf8))
        let runtime = try CompareRuntime(paths: [scratch.child("a"), scratch.child("b")], terminal: InMemoryTerminal(size: Size(width: 160, height: 40)))
        runtime.finishBackgroundWork()
        try runtime.press("/needle<Enter>")
        runtime.finishBackgroundWork()
        #expect(runtime.state.search?.matches == [3...3, 13...13, 23...23, 33...33, 40...40])
        #expect(runtime.state.selected == 3 && runtime.state.searchStatus == "1/5")
        try logs[0].append(Array("more needle".utf8))
        try logs[1].append(Array("more needle".utf8))
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.search?.count == 6)
        try runtime.press("N")
        #expect(runtime.state.selected == 41, "N from the first match wraps to the newest")
        #expect(runtime.frame().lines.joined().contains("/needle · 6/6"))
    }

    /// A newest segment that ends in a damaged frame (whole, but it does not decode) is not a writer's
    /// pending entry: the search reads through it instead of waiting for bytes that will never change.
    @Test func aDamagedLastFrameIsNotWaitedFor() throws {
        let scratch = TemporaryDirectory("compare-damaged-tail")
        for name in ["a", "b"] {
            let log = try Log(directory: scratch.child(name), createDirectory: true)
            for i in 0..<40 { try log.append(Array("record \(i)\(i % 10 == 3 ? " needle" : "")".utf8)) }
            try log.close()
        }
        // The newest (and only) segment's last frame: whole, its payload no record.
        let last = try #require(try LogDirectory(path: scratch.child("b")).record(at: 39))
        Files.overwrite(scratch.child("b") + "/0.store", at: Int(last.entry.position) + 8, with: [0xFF, 0xFF])
        let damaged = try #require(try LogDirectory(path: scratch.child("b")).record(at: 39)).verdict
        #expect(!damaged.isValid && !damaged.isTorn, "\(damaged)")
        let runtime = try CompareRuntime(paths: [scratch.child("a"), scratch.child("b")], terminal: InMemoryTerminal(size: Size(width: 160, height: 40)))
        runtime.finishBackgroundWork()
        try runtime.press("/needle<Enter>")
        runtime.finishBackgroundWork()
        #expect(runtime.state.search?.matches == [3...3, 13...13, 23...23, 33...33])
        #expect(runtime.state.search?.waiting == false, "no writer's frame to wait for")
    }

    /// A filter beside LogCore writers: the rows pane lists the matching offsets of both directories,
    /// and what the writers append is filtered as it comes.
    @Test func theFilterListsWhatEitherDirectoryMatchesAndGoesOnWithTheWriters() throws {
        let scratch = TemporaryDirectory("compare-filter")
        let logs = try needles(in: scratch)
        defer {
            for log in logs { try? log.close() }
        }
        let runtime = try CompareRuntime(paths: [scratch.child("a"), scratch.child("b")], terminal: InMemoryTerminal(size: Size(width: 160, height: 40)))
        runtime.finishBackgroundWork()
        try runtime.press("&needle<Enter>")
        runtime.finishBackgroundWork()
        #expect(runtime.state.visibleOffsets == [3, 13, 23, 33])
        #expect(runtime.state.selected == 3)
        #expect(runtime.state.rows[13]?.entries.map { $0?.preview(.auto) } == ["record 13 needle", "record 13 needle"])
        try logs[0].append(Array("needle only in a".utf8))
        try logs[1].append(Array("b has none".utf8))
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.span == 0...40, "\(String(describing: runtime.state.filter)) \(String(describing: runtime.state.scan(.filter)))")
        #expect(
            runtime.state.visibleOffsets == [3, 13, 23, 33, 40],
            "\(String(describing: runtime.state.filter)) \(String(describing: runtime.state.scan(.filter)))")
        let screen = runtime.frame().lines.joined(separator: "\n")
        #expect(screen.contains("&needle: 5 of 41 offsets"), "\(screen)")
        #expect(screen.contains("needle only in a"))
    }

    func screen(_ state: CompareState) -> String {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer.lines.joined(separator: "\n")
    }
}
