import Foundation
import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// Why indexes end in zero tails: decided once a log from its node's data log, said by every finding,
/// and a tail repeated across the log's indexes shown as one finding with its places.
@Suite struct ZeroTailCauseTests {
    static func check(_ path: String) throws -> IntegrityChecker.Report {
        try IntegrityChecker(directory: LogDirectory(path: path), live: false).run()
    }

    /// A cleanly closed node: its data log's indexes were cut, so the Raft log's tails are the
    /// service's Close bug, one finding with the nine other indexes as its places.
    @Test func aCleanlyClosedNodesRaftLogTailsAreTheUpstreamCloseBugInOneFinding() throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0"))
        let report = try NodeCheck(node: node, live: false).run()
        #expect(report.findings.count == 1, "the data log is clean and its records are the 500 commands")
        let tail = try #require(report.findings.first)
        #expect(tail.log == "raft/log")
        #expect(tail.finding.id == .indexZeroTail && tail.finding.severity == .warning)
        #expect(tail.finding.file == "1.index" && tail.finding.bytes == 648..<1200)
        #expect(tail.finding.repeats.map(\.file) == [55, 115, 175, 235, 290, 306, 360, 418, 475].map { "\($0).index" })
        #expect(tail.finding.summary.contains("left by a clean shutdown, not a crash"))
        #expect(tail.finding.summary.contains("the Go reference cannot restart this node"))
        #expect(tail.finding.summary.hasSuffix("log/490.index was cut to its 10 entries, as the service's Close does"))
        #expect(tail.finding.actual == "496 zero slots in 10 indexes")
        let raft = try #require(report.logs.last?.report)
        #expect(raft.zeroTailCause == .serviceCloseLeftRaftLogOpen(evidence: "log/490.index was cut to its 10 entries, as the service's Close does"))
        #expect(raft.findings.count == 10, "the report keeps each index's own finding; the fold is how it is shown")
        #expect(raft.count(.warning) == 1)
    }

    /// The same Raft log checked alone (`check node-0/raft/log`) is judged by the same data log.
    @Test func theRaftLogAloneIsJudgedByItsNodesDataLog() throws {
        let alone = try Self.check(TestPaths.raft + "/A-healthy/node-0/raft/log")
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0"))
        let inNode = try #require(try NodeCheck(node: node, live: false).run().logs.last)
        #expect(alone.zeroTailCause == inNode.report.zeroTailCause)
        #expect(alone.foldedFindings == inNode.report.foldedFindings)
    }

    /// A node killed without Close (every data-log index preallocated): both logs' tails are an
    /// unclean shutdown, and the Raft log's finding says what in the data log shows it.
    @Test func aKilledNodesTailsAreAnUncleanShutdownInBothLogs() throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.nodes + "/crashed/node-0"))
        let report = try NodeCheck(node: node, live: false).run()
        let tails = report.findings.filter { $0.finding.id == .indexZeroTail }
        #expect(tails.map { "\($0.log) \($0.finding.places.count)" } == ["log 9", "raft/log 10"])
        let (data, raft) = (tails[0].finding, tails[1].finding)
        #expect(data.summary == "preallocated tail left by an unclean shutdown")
        #expect(
            raft.summary
                == "preallocated tail left by an unclean shutdown: the node did not close its data log either: log/490.index keeps its preallocated zero tail (a 1200-byte file)"
        )
        #expect(report.logs[0].report.zeroTailCause == .uncleanShutdown(evidence: nil))
    }

    /// A Raft log copied away from its node: nothing shows how the node stopped, and the finding says so.
    @Test func aRaftLogWithNoNodeAroundItCannotTell() throws {
        let scratch = TemporaryDirectory("zero-tail-cause")
        let copy = try scratch.copy(TestPaths.raft + "/A-healthy/node-0/raft/log", as: "copied")
        let report = try Self.check(copy)
        guard case .cannotTell(let reason)? = report.zeroTailCause else {
            Issue.record("expected cannotTell, got \(String(describing: report.zeroTailCause))")
            return
        }
        #expect(reason.contains("no node directory holds this Raft log"))
        #expect(report.foldedFindings.count == 1)
        #expect(report.foldedFindings[0].summary.hasPrefix("preallocated tail: cannot tell a crash from a clean shutdown"))
    }

    /// A plain log (no Raft records, no node): a zero tail is a crash, as before.
    @Test func aPlainLogsTailIsAnUncleanShutdown() throws {
        let report = try Self.check(TestPaths.fixture("damaged/index-zero-tail"))
        #expect(report.zeroTailCause == .uncleanShutdown(evidence: nil))
        #expect(report.findings.map(\.summary) == ["preallocated tail left by an unclean shutdown"])
        #expect(report.foldedFindings == report.findings, "one tail is not folded")
    }

    /// The data log's newest index decides: cut to whole entries (closed), ending in zeros or a zero
    /// partial entry (preallocated), empty (closed with no entries).
    @Test func theDataLogsNewestIndexTellsHowTheNodeStopped() throws {
        let scratch = TemporaryDirectory("node-shutdown")
        let log = scratch.child("log")
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        func shutdown(_ index: [UInt8]) throws -> NodeShutdown {
            try Data(index).write(to: URL(fileURLWithPath: log + "/7.index"))
            return NodeShutdown.of(dataLog: log, access: LocalFileAccess())
        }
        let entry: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9]
        #expect(try shutdown([0] * 12 + entry) == .closed(evidence: "log/7.index was cut to its 2 entries, as the service's Close does"))
        #expect(try shutdown([]) == .closed(evidence: "log/7.index was cut to its entries (none), as the service's Close does"))
        #expect(try shutdown([0] * 12) == .closed(evidence: "log/7.index was cut to its 1 entry, as the service's Close does"))
        #expect(
            try shutdown([0] * 12 + entry + [0] * 24)
                == .notClosed(evidence: "the node did not close its data log either: log/7.index keeps its preallocated zero tail (a 48-byte file)"))
        #expect(
            try shutdown(entry + [0] * 4)
                == .notClosed(evidence: "the node did not close its data log either: log/7.index keeps its preallocated zero tail (a 16-byte file)"))
        #expect(try shutdown(entry + [1, 2]) == .unknown(reason: "log/7.index ends in 2 bytes of a partial entry"))
        try FileManager.default.removeItem(atPath: log + "/7.index")
        #expect(NodeShutdown.of(dataLog: log, access: LocalFileAccess()) == .unknown(reason: "its data log (log/) holds no index"))
    }

    /// A node's `raft/` folder is the Raft half of a node, not a node whose data log is the Raft log.
    @Test func aNodesRaftFolderIsRecognisedAsItsRaftHalf() throws {
        let folder = try #require(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0/raft"))
        #expect(folder.isRaftFolder)
        #expect(folder.logs.map(\.role) == [.raft])
        #expect(folder.stablePath == TestPaths.raft + "/A-healthy/node-0/raft/stable")
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0"))
        #expect(!node.isRaftFolder)
        #expect(node.logs.map(\.role) == [.data, .raft])
        #expect(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0/raft/log") == nil)
    }
}

private func * (bytes: [UInt8], count: Int) -> [UInt8] {
    Array([[UInt8]](repeating: bytes, count: count).joined())
}
