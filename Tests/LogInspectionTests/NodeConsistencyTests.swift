import TestSupport
import Testing

@testable import LogInspection

/// A node's data log against the commands of its Raft log and its newest snapshot.
@Suite struct NodeConsistencyTests {
    static func report(_ path: String) throws -> NodeConsistency.Report {
        let node = try #require(NodeDirectory.recognise(path))
        return try NodeConsistency(node: node, data: LogDirectory(path: path + "/log"), raft: LogDirectory(path: path + "/raft/log")).run()
    }

    /// `kind data commands raftIndexes [firstApplied]` per piece.
    static func pieces(_ path: String) throws -> [String] {
        try report(path).pieces.map { piece in
            var line = [piece.kind.rawValue, piece.data?.rangeText ?? "-", piece.commands?.rangeText ?? "-", piece.raftIndexes?.rangeText ?? "-"]
            if let first = piece.firstApplied { line.append("first " + first.rangeText) }
            return line.joined(separator: " ")
        }
    }

    /// `ID log offsets` per finding.
    static func findings(_ path: String) throws -> [String] {
        try report(path).findings.map { "\($0.finding.id.rawValue) \($0.log) \($0.finding.offsets?.rangeText ?? "-")" }
    }

    @Test func everyDataRecordOfTheRealNodesIsItsCommand() throws {
        for node in 0..<3 {
            #expect(try Self.pieces(TestPaths.raft + "/A-healthy/node-\(node)") == ["commands 0...499 1...500 5...504"])
            #expect(try Self.findings(TestPaths.raft + "/A-healthy/node-\(node)") == [])
        }
        #expect(try Self.pieces(TestPaths.raft + "/B-follower-lag/node-0") == ["commands 0...499 1...500 5...505"])
        #expect(try Self.pieces(TestPaths.raft + "/B-follower-lag/node-2") == ["commands 0...199 1...200 5...204"])
        #expect(try Self.findings(TestPaths.raft + "/B-follower-lag/node-2") == [])
    }

    /// E's Raft logs were compacted to 418...504: their 87 commands are the last 87 records, and the 413
    /// before are only in the snapshot, whose state.bin is the data log's whole store stream.
    @Test func aSnapshotExplainsThePrefixACompactedRaftLogLacks() throws {
        let path = TestPaths.raft + "/E-snapshot/node-1"
        #expect(try Self.pieces(path) == ["snapshot 0...412 - -", "commands 413...499 414...500 418...504"])
        let findings = try Self.report(path).findings
        #expect(findings.map(\.finding.id) == [.nodeSnapshotPrefix])
        #expect(findings.first?.finding.summary.contains("its state.bin holds the data log's first 500 records, byte for byte") == true)
    }

    @Test func aSnapshotThatIsNotTheDataLogsPrefixIsNamed() throws {
        #expect(try Self.findings(TestPaths.nodes + "/snapshot/node-0") == ["NODE-SNAPSHOT-PREFIX log 0...2"])
        let changed = try Self.report(TestPaths.nodes + "/snapshot/node-1").findings
        #expect(
            changed.map { "\($0.finding.id.rawValue) \($0.log)" } == ["NODE-SNAPSHOT-MISMATCH raft/snapshots/2-8-1796173480000", "NODE-SNAPSHOT-PREFIX log"])
        #expect(changed.first?.finding.file == "state.bin")
        #expect(changed.first?.finding.bytes == 135..<162)
    }

    /// A restart without a snapshot applied the four commands again (upstream bug 2): the run that
    /// repeats them is named, and the commands after it continue the mapping.
    @Test func aReplayedRunIsNamedWithWhereItWasFirstApplied() throws {
        let path = TestPaths.nodes + "/replayed/node-0"
        #expect(try Self.pieces(path) == ["commands 0...3 1...4 3...6", "replay 4...7 1...4 3...6 first 0...3", "commands 8...9 5...6 8...9"])
        #expect(try Self.findings(path) == ["NODE-REAPPLIED-COMMANDS log 4...7"])
        #expect(try Self.findings(TestPaths.nodes + "/replayed/node-1") == [])
    }

    @Test func aDataLogBehindOrAheadOfItsRaftLogIsNamed() throws {
        #expect(try Self.pieces(TestPaths.nodes + "/apply-lag/node-0") == ["commands 0...3 1...4 3...6", "behind - 5...6 7...8"])
        #expect(try Self.findings(TestPaths.nodes + "/apply-lag/node-0") == ["NODE-DATA-BEHIND raft/log 7...8"])
        #expect(try Self.pieces(TestPaths.nodes + "/apply-lag/node-1") == ["commands 0...3 1...4 3...6", "ahead 4...5 - -"])
        #expect(try Self.findings(TestPaths.nodes + "/apply-lag/node-1") == ["NODE-DATA-AHEAD log 4...5"])
    }

    @Test func aRecordThatIsNotItsCommandIsAMismatch() throws {
        let path = TestPaths.nodes + "/data-mismatch/node-0"
        #expect(try Self.pieces(path) == ["commands 0...1 1...2 3...4", "mismatch 2 3 5", "commands 3...4 4...5 6...7"])
        #expect(try Self.findings(path) == ["NODE-DATA-MISMATCH log 2"])
    }

    /// A SIGKILL tore the data log's stores at the 4 KiB buffer boundary while the Raft log kept every
    /// command: each unreadable data range is mapped to the Raft indexes whose commands a replay
    /// would restore it from, and said as NODE-DATA-LOST.
    @Test func dataRecordsLostWhileTheRaftLogHoldsTheirCommands() throws {
        let path = TestPaths.nodes + "/crashed/node-0"
        let pieces = try Self.pieces(path)
        #expect(pieces.first == "commands 0...59 1...60 5...64")
        #expect(pieces[1] == "lost 60 61 65")
        #expect(pieces.last == "lost 489...499 490...500 494...504")
        #expect(pieces.filter { $0.hasPrefix("lost ") }.count == 8)
        #expect(
            try Self.findings(path) == [
                "NODE-DATA-LOST log 60", "NODE-DATA-LOST log 127", "NODE-DATA-LOST log 193", "NODE-DATA-LOST log 257", "NODE-DATA-LOST log 300",
                "NODE-DATA-LOST log 359", "NODE-DATA-LOST log 425", "NODE-DATA-LOST log 489...499",
            ])
        let finding = try #require(try Self.report(path).findings.first?.finding)
        #expect(finding.severity == .warning)
        #expect(
            finding.summary == "record 60 cannot be read, but the Raft log still holds command 61 (Raft index 65) that produced it: a replay restores it")
    }
}
