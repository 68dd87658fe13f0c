import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// The inspector on a node's Raft log (`Fixtures/raft`): term and type columns, decoded entries,
/// term and type filters.
@Suite(.serialized) struct RaftInspectorTests {
    static let raftLog = "raft/A-healthy/node-0/raft/log"

    @Test func rowsCarryTermTypeAndTheDecodedValue() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        #expect(runtime.state.snapshot.hasRaftTerms)
        let rows = runtime.state.rows
        #expect(rows[0]?.term == 1)
        #expect(rows[0]?.type == .configuration)
        #expect(rows[0]?.preview(.auto) == "servers: 0 127.0.0.1:53405 Voter")
        #expect(rows[1]?.type == .noop)
        #expect(rows[4]?.type == .command)
        #expect(rows[4]?.preview(.auto) == "Append \"record 0: juliet mike mike\"")
        let header = try #require(runtime.frame().lines.first { $0.contains("offset") && $0.contains("position") })
        #expect(header.contains("term type    position"))
    }

    /// The inspector gives the zero tails of a cleanly closed node's Raft log the cause, count and
    /// words `check` gives: one warning that names the service's Close, each index keeping its row.
    @Test func theZeroTailsHaveTheCauseAndCountCheckGives() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        let check = try IntegrityChecker(directory: LogDirectory(path: TestPaths.fixture(Self.raftLog)), live: false).run()
        #expect(runtime.state.snapshot.count(.warning) == check.count(.warning))
        #expect(runtime.state.snapshot.count(.warning) == 1)
        #expect(runtime.state.snapshot.anomalyCount == 1)
        let target = try #require(runtime.state.snapshot.anomalyTargets.first)
        #expect(runtime.state.snapshot.shownFinding(target.finding) == check.foldedFindings.first)
        #expect(runtime.frame().lines[1].contains("preallocated tail left by a clean shutdown, not a crash"))
        #expect(runtime.state.snapshot.segments.allSatisfy { $0.anomalyRows.map(\.label).first?.hasPrefix("index zero tail: ") == true })
        try runtime.press("!")
        #expect(runtime.frame().lines.contains { $0.contains("1.index[648..<1200] +9") })
    }

    /// "✖ 0 errors" is not drawn in red beside a warning: a count of none is dim.
    @Test func aCountOfNoneIsNotDrawnInItsAlarmColour() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        var buffer = Buffer(size: runtime.state.size)
        render(runtime.state, into: &buffer)
        let top = buffer.lines[0]
        let cross = try #require(top.firstIndex(of: "✖").map { top.distance(from: top.startIndex, to: $0) })
        let triangle = try #require(top.firstIndex(of: "▲").map { top.distance(from: top.startIndex, to: $0) })
        #expect(top.contains("✖ 0 errors  ▲ 1 warning"))
        #expect(buffer[cross, 0].style.foreground == Theme.dim.foreground)
        #expect(buffer[triangle, 0].style.foreground == Theme.warning.foreground)
    }

    @Test func aDataLogHasNoTermColumns() throws {
        let (runtime, _) = try makeRuntime("raft/A-healthy/node-0/log")
        #expect(!runtime.state.snapshot.hasRaftTerms)
        #expect(runtime.state.rows[0]?.term == nil)
        #expect(!runtime.frame().lines.contains { $0.contains(" term type ") })
    }

    @Test func aLongCommandIsDecodedWholeForItsPreview() throws {
        // Append #300 is a 5000-byte value: Raft index 305 (four entries before the first command).
        let (runtime, _) = try makeRuntime(Self.raftLog)
        try runtime.press(":305<Enter>")
        let row = try #require(runtime.state.rows[runtime.state.selectedRow])
        #expect(row.valueLength.map { $0 > 5000 } == true)
        #expect(row.preview(.auto).hasPrefix("Append 0x"))
        #expect(row.preview(.auto).hasSuffix("…"))
    }

    @Test func filtersByTermAndType() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        try runtime.press("&type:config<Enter>")
        #expect(runtime.state.filter?.rows == [0, 2, 3])
        try runtime.press("<Esc>&term:1<Enter>")
        #expect(runtime.state.filter?.rows == [0])
        try runtime.press("<Esc>&type:command<Enter>")
        #expect(runtime.state.filter?.rows == Array(4..<54))
        try runtime.press("<Esc>&type:vote<Enter>")
        #expect(runtime.state.message?.text.contains("type: takes a Raft type") == true)
    }

    @Test func searchesByType() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        try runtime.press("/type:noop<Enter>")
        #expect(runtime.state.selectedOffset == 2)
        try runtime.press("/type:config<Enter>")
        #expect(runtime.state.selectedOffset == 3)
        try runtime.press("n")
        #expect(runtime.state.selectedOffset == 4)
        try runtime.press("/term:3<Enter>")
        #expect(runtime.state.searchStatus == "no match")
    }

    @Test func aNodeDirectoryListsItsLogsAndLSwitchesBetweenThem() throws {
        let (runtime, _) = try makeRuntime("raft/E-snapshot/node-0")
        #expect(runtime.state.logs == ["log", "raft/log", "snapshot 2-504-1796173487389/state.bin"])
        #expect(runtime.state.currentLog == 0)
        #expect(runtime.state.snapshot.path.hasSuffix("node-0/log"))
        #expect(runtime.state.message?.text.contains("L lists its 3 logs") == true)
        try runtime.press("L")
        #expect(runtime.state.overlay == .logs(selected: 0))
        try runtime.press("j<Enter>")
        #expect(runtime.state.currentLog == 1)
        #expect(runtime.state.overlay == nil)
        #expect(runtime.state.snapshot.path.hasSuffix("node-0/raft/log"))
        #expect(runtime.state.snapshot.hasRaftTerms)
        #expect(runtime.state.rows[0]?.term == 2)
        try runtime.press("Lj<Enter>")
        runtime.finishBackgroundWork()
        #expect(runtime.state.currentLog == 2)
        let segment = try #require(runtime.state.segment)
        #expect(segment.storeName == "state.bin")
        #expect(segment.rowCount == 500)
        #expect(runtime.state.snapshot.fullCheck)
        #expect(runtime.state.snapshot.findings.isEmpty)
        #expect(runtime.state.snapshot.referenceReopen == LogSource.streamReopen)
        try runtime.press(":77<Enter>")
        #expect(runtime.state.rows[77]?.valueLength == 0)  // append #77 is empty
        try runtime.press("Lgk<Enter>")
        #expect(runtime.state.currentLog == 0)
    }

    @Test func lOnAPlainLogSaysWhatItIsFor() throws {
        let (runtime, _) = try makeRuntime(Self.raftLog)
        #expect(runtime.state.logs.isEmpty)
        try runtime.press("L")
        #expect(runtime.state.overlay == nil)
        #expect(runtime.state.message?.isError == true)
    }

    @Test func theLogsOverlayOnlySwitchesToAnotherLog() {
        var state = InspectorState(size: Size(width: 120, height: 40), snapshot: syntheticSnapshot())
        state.logs = ["log", "raft/log"]
        #expect(reduce(&state, .key(.character("L"))).isEmpty)
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.overlay == nil)
        _ = reduce(&state, .key(.character("L")))
        _ = reduce(&state, .key(.character("j")))
        _ = reduce(&state, .key(.character("j")))
        #expect(state.overlay == .logs(selected: 1))
        #expect(reduce(&state, .key(.enter)) == [.switchLog(1)])
        _ = reduce(&state, .key(.character("L")))
        #expect(reduce(&state, .key(.escape)).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func patternsParseTermsAndTypes() {
        #expect(SearchPattern("term:4")?.raftField == .term(4))
        #expect(SearchPattern("type:config")?.raftField == .type(.configuration))
        #expect(SearchPattern("type: 1")?.raftField == .type(.noop))
        #expect(SearchPattern("term:x") == nil)
        #expect(SearchPattern("type:") == nil)
        #expect(SearchPattern("terms")?.raftField == nil)
    }
}
