import Foundation
import LogCore
import TestSupport
import Testing

@testable import InspectorCore

/// The compare runtime on logs being written: the live poll shows new records and counts a new
/// difference; `L` and `r` are performed.
@Suite(.serialized) struct CompareRuntimeTests {
    /// Two logs being written (``makePair(_:in:)``) and the compare runtime on them; the writers close
    /// when the pair goes.
    final class LivePair {
        let scratch = TemporaryDirectory("compare")
        let logs: [Log]
        let runtime: CompareRuntime

        init(_ count: Int) throws {
            let (dirs, logs) = try CompareRuntimeTests().makePair(count, in: scratch)
            self.logs = logs
            runtime = try CompareRuntime(paths: dirs, terminal: InMemoryTerminal(size: Size(width: 160, height: 40)))
        }

        deinit {
            for log in logs { try? log.close() }
        }
    }

    /// Two logs with the same `count` records, written through LogCore (the writers stay open), in one
    /// segment each (a writer's new empty segment would show its zeroed first index entry as pending).
    func makePair(_ count: Int, in scratch: TemporaryDirectory) throws -> (dirs: [String], logs: [Log]) {
        let base = scratch.path
        var logs: [Log] = []
        for name in ["a", "b"] {
            let log = try Log(directory: base + "/" + name, config: Config(maxStoreBytes: 1 << 20, durability: .flush), createDirectory: true)
            for i in 0..<count { try log.append(Array("record \(i)".utf8)) }
            logs.append(log)
        }
        return ([base + "/a", base + "/b"], logs)
    }

    @Test func anAppendToOneDirectoryIsANewDifferenceOnTheNextPoll() throws {
        let pair = try LivePair(20)
        defer { withExtendedLifetime(pair) {} }  // the writers stay open to the end of the test
        let (logs, runtime) = (pair.logs, pair.runtime)
        runtime.finishBackgroundWork()
        #expect(runtime.state.differences.complete && runtime.state.differences.total == 0)
        #expect(runtime.frame().lines[0].contains("✔ the 2 directories agree"))

        try logs[0].append(Array("only in a".utf8))
        try logs[1].append(Array("only in b".utf8))
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.span == 0...20)
        #expect(runtime.state.differences.runs == [CompareDifference(offsets: 20...20, verdict: .diverge)])
        try runtime.press("G")
        #expect(runtime.state.rows[20]?.entries.map { $0?.preview(.auto) } == ["only in a", "only in b"])
        #expect(runtime.frame().lines[0].contains("✖ 1 difference (1 offset)"))

        try logs[0].append(Array("a goes on".utf8))
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(
            runtime.state.differences.runs == [CompareDifference(offsets: 20...20, verdict: .diverge), CompareDifference(offsets: 21...21, verdict: .absent)])
        // b catches up with the same record: offset 21 agrees again, the diverging run is kept.
        try logs[1].append(Array("a goes on".utf8))
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.differences.runs == [CompareDifference(offsets: 20...20, verdict: .diverge)])
        #expect(runtime.state.differences.total == 1)
        try runtime.press("e")
        #expect(runtime.state.selected == 20)
        #expect(runtime.state.detail?.row?.text(raft: false) == "20 diverge: version A in 0; version B in 1")
    }

    /// Entries a live writer has indexed but not flushed (as the Go reference leaves them) are pending
    /// in the compare view, as `diff` says, and no difference; without the writer they are unreadable.
    @Test func aWritersUnflushedEntriesArePendingNotADifference() throws {
        let scratch = TemporaryDirectory("compare")
        let (dirs, logs) = try makePair(5, in: scratch)
        defer { for log in logs { try? log.close() } }
        let values = (0..<8).map { Array("record \($0)".utf8) }
        for dir in dirs { ReferenceEntriesAhead.write(values, base: 0, index: dir + "/0.index") }
        let runtime = try CompareRuntime(paths: dirs, terminal: InMemoryTerminal(size: Size(width: 160, height: 40)))
        runtime.finishBackgroundWork()
        #expect(runtime.state.differences.complete)
        #expect(runtime.state.differences.runs.isEmpty, "\(runtime.state.differences.runs)")
        #expect(runtime.frame().lines[0].contains("✔ the 2 directories agree"), "\(runtime.frame().lines[0])")
    }

    /// `F` follows two logs their writers append to, and stops at the first record they disagree on.
    @Test func capitalFFollowsWritersUntilTheirLogsDisagree() throws {
        let pair = try LivePair(20)
        defer { withExtendedLifetime(pair) {} }  // the writers stay open to the end of the test
        let (logs, runtime) = (pair.logs, pair.runtime)
        runtime.finishBackgroundWork()
        try runtime.press("F")
        #expect(runtime.state.selected == 19)
        for i in 20..<30 {
            for log in logs { try log.append(Array("record \(i)".utf8)) }
            runtime.pollLive(force: true)
            runtime.finishBackgroundWork()
            #expect(runtime.state.selected == UInt64(i), "the selection follows the newest offset")
        }
        try logs[0].append(Array("only in a".utf8))
        try logs[1].append(Array("only in b".utf8))
        for i in 31..<35 {
            for log in logs { try log.append(Array("record \(i)".utf8)) }
        }
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.selected == 30, "stopped at the new difference")
        #expect(runtime.state.follow == .paused(untilDifference: true, since: 19))
        #expect(runtime.frame().lines.last?.contains("stopped at a new difference: 30 diverge") == true)
        try runtime.press("G")
        #expect(runtime.state.selected == 34 && runtime.state.follow == .following(untilDifference: true, since: 34))
        // The difference it stopped at is behind it now: appends that agree are followed.
        for log in logs { try log.append(Array("record 35".utf8)) }
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        #expect(runtime.state.selected == 35 && runtime.state.follow == .following(untilDifference: true, since: 34))
    }

    @Test func nodeDirectoriesShowTheDataLogFirstAndLSwitchesToTheRaftLog() throws {
        let (runtime, _) = try makeCompareRuntime(CompareSnapshotTests.diverged)
        #expect(runtime.state.logs == ["log", "raft/log"])
        #expect(!runtime.state.raft)
        #expect(runtime.state.differences.runs.map(\.offsets) == [3...3, 6...6])
        try runtime.press("Lj<Enter>")
        #expect(runtime.state.raft && runtime.state.currentLog == 1)
        #expect(runtime.state.differences.runs.map(\.offsets) == [6...6, 9...9])
        #expect(runtime.state.rows[1]?.entries.first??.type == .configuration)
        try runtime.press("e")
        #expect(runtime.state.detail?.row?.logMatchingViolation == true)
        try runtime.press("Lk<Enter>")
        #expect(runtime.state.currentLog == 0 && !runtime.state.raft)
    }

    @Test func rescanReadsTheDirectoriesAgainAndDiffsEverything() throws {
        let (runtime, _) = try makeCompareRuntime(CompareSnapshotTests.diverged)
        let serial = runtime.state.differences.serial
        try runtime.press("r")
        #expect(runtime.state.differences.serial == serial + 1)
        #expect(runtime.state.differences.complete)
        #expect(runtime.state.differences.runs.map(\.offsets) == [3...3, 6...6])
    }
}
