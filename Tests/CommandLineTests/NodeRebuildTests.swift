import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// `repair NODE --output DIR` rebuilds a node's data log from what the node still holds: readable data
/// records byte for byte, lost ones from the Raft log's commands, a compacted prefix from the snapshot.
@Suite struct NodeRebuildTests {
    /// The node's stores concatenated in offset order: the store stream a rebuild must reproduce.
    static func storeStream(_ path: String) -> [UInt8] {
        Files.names(path).filter { $0.hasSuffix(".store") }.compactMap { UInt64($0.dropLast(6)) }.sorted()
            .flatMap { Files.bytes(path + "/\($0).store") }
    }

    /// A SIGKILL left 18 data records unreadable; the Raft log's commands restore every one, so the
    /// rebuilt data log is the node's data log before the crash, byte for byte.
    @Test func aKilledNodesDataLogComesBackFromItsRaftLog() throws {
        let dir = TemporaryDirectory("rebuild")
        let output = dir.child("log")
        let node = try #require(NodeDirectory.recognise(TestPaths.nodes + "/crashed/node-0"))
        let report = try NodeRebuild(node: node, output: output).run()
        #expect(report.records == 500)
        #expect(
            report.sources.filter { $0.source == .raftLog }.map(\.offsets) == [
                60...60, 127...127, 193...193, 257...257, 300...300, 359...359, 425...425, 489...499,
            ])
        #expect(report.sources.filter { $0.source == .dataLog }.reduce(0) { $0 + $1.offsets.offsetCount } == 482)
        #expect(report.unrecoverable.isEmpty && report.appendedCommands == nil)
        #expect(report.segments.map(\.base) == [0, 61, 128, 194, 258, 301, 360, 426, 490], "the data log's segments are kept")
        #expect(report.maxIndexBytes == 1200)
        #expect(Self.storeStream(output) == Self.storeStream(TestPaths.raft + "/A-healthy/node-0/log"))
        #expect(try IntegrityChecker(directory: try LogDirectory(path: output), live: false).run().isClean)
        if ReferenceTool.path != nil {
            let read = try ReferenceTool.run(["readall", "-store", "4096", "-index", "1200", "-q", output])
            #expect(read.stdout.contains("reads in [0,499]: ok=500 errors=0"), "\(read.stdout)")
        }
    }

    /// Records below the compacted Raft log's first command come from the newest snapshot's state.bin.
    @Test func aCompactedPrefixComesBackFromTheSnapshot() throws {
        let dir = TemporaryDirectory("rebuild")
        let node = try dir.copy(TestPaths.raft + "/E-snapshot/node-0", as: "node-0")
        for sub in ["log", "raft", "raft/log", "raft/snapshots"] { chmod(node + "/" + sub, 0o755) }
        #expect(truncate(node + "/log/0.store", 100) == 0)
        let output = dir.child("rebuilt")
        let report = try NodeRebuild(node: try #require(NodeDirectory.recognise(node)), output: output).run()
        #expect(report.sources.map { "\($0.source) \($0.offsets.rangeText)" } == ["dataLog 0", "snapshot 1...60", "dataLog 61...499"])
        #expect(Self.storeStream(output) == Self.storeStream(TestPaths.raft + "/E-snapshot/node-0/log"))
    }

    /// Commands the data log has no record for are appended after it, as the state machine applies them.
    @Test func commandsWithNoRecordAreAppendedAndTheCommandSaysWhere() throws {
        let dir = TemporaryDirectory("rebuild")
        let output = dir.child("log")
        let result = try Logscope.run(["repair", TestPaths.nodes + "/apply-lag/node-0", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasPrefix(
                """
                rebuilt the data log of \(TestPaths.nodes)/apply-lag/node-0 into \(output): 6 records in 1 segment (0: 6)
                  from the data log: offsets 0...3 (4 records)
                  from the Raft log: offsets 4...5 (2 records)
                  from the snapshot: none
                  commands 5...6 had no record in the data log: appended after it
                """), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("check of the copy: clean\n"))
        // What the other node applied: the same records.
        #expect(Files.bytes(output + "/0.store") == Files.bytes(TestPaths.nodes + "/apply-lag/node-1/log/0.store"))
        // A replayed run is kept as the data log holds it, and said.
        let replayed = try Logscope.run(["repair", TestPaths.nodes + "/replayed/node-0", "--output", dir.child("replayed")])
        #expect(replayed.stdout.contains("  kept as the data log holds them: offsets 4...7 (NODE-REAPPLIED-COMMANDS, see `logscope check`)\n"))
        // The output must be new or empty.
        let again = try Logscope.run(["repair", TestPaths.nodes + "/apply-lag/node-0", "--output", output])
        #expect(again.status == 2)
        #expect(again.stdout.isEmpty)
    }
}
