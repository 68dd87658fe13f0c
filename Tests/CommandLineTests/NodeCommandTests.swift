import Foundation
import TestSupport
import Testing

/// `dump`, `tail` and `stat` on a node's data directory (`Fixtures/raft`, written by the Go service).
@Suite struct NodeCommandTests {
    static let nodeA0 = TestPaths.raft + "/A-healthy/node-0"

    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func dumpReadsTheDataLogOfANodeByDefaultAndSaysSo() throws {
        let result = try Logscope.run(["dump", Self.nodeA0, "--limit", "1", "--format", "jsonl"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("is a node's data directory: reading its data log, log/; --log raft/log reads Raft's log"))
        let record = try #require(try objects(result.stdout).first)
        #expect(record["log"] as? String == "log")
        #expect(record["value"] as? String == "record 0: juliet mike mike")
        #expect(record["term"] == nil)
        #expect(record["type"] == nil)
    }

    @Test func dumpJSONHasTheTermAndTypeOfRaftRecords() throws {
        let result = try Logscope.run(["dump", Self.nodeA0, "--log", "raft/log", "--to", "5", "--format", "jsonl", "--payload", "none"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let records = try objects(result.stdout)
        #expect(records.map { $0["log"] as? String } == Array(repeating: "raft/log", count: 5))
        #expect(records.map { $0["term"] as? Int } == [1, 2, 2, 2, 2])
        #expect(records.map { $0["type"] as? Int } == [5, 1, 5, 5, 0])
        #expect(records.map { $0["type_name"] as? String } == ["LogConfiguration", "LogNoop", "LogConfiguration", "LogConfiguration", "LogCommand"])
    }

    @Test func dumpTextDecodesRaftRecordsByType() throws {
        let result = try Logscope.run(["dump", Self.nodeA0, "--log", "raft/log", "--from", "4", "--limit", "2"])
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "offset 4  segment 1  pos 186  size 147  term 2  LogConfiguration  len 130  servers: 0 127.0.0.1:53405 Voter, 1 127.0.0.1:41417 Voter, 2 127.0.0.1:33029 Voter"
        )
        #expect(lines.last == "offset 5  segment 1  pos 333  size 45  term 2  LogCommand  len 31  Append \"record 0: juliet mike mike\"")
        let hex = try Logscope.run(["dump", Self.nodeA0, "--log", "raft/log", "--from", "5", "--limit", "1", "--payload", "hex"])
        #expect(hex.stdout.hasSuffix("term 2  LogCommand  len 31  000a1c0a1a7265636f726420303a206a756c696574206d696b65206d696b65\n"))
    }

    @Test func tailFollowsTheLogItIsGiven() throws {
        let result = try Logscope.run(["tail", Self.nodeA0, "--log", "raft/log", "-n", "2", "--format", "jsonl", "--payload", "none"])
        #expect(result.status == 0)
        let records = try objects(result.stdout)
        #expect(records.map { $0["offset"] as? Int } == [503, 504])
        #expect(records.map { $0["log"] as? String } == ["raft/log", "raft/log"])
        #expect(records.map { $0["type_name"] as? String } == ["LogCommand", "LogCommand"])
    }

    @Test func logIsRefusedOnAPlainLogDirectoryOrALogTheNodeLacks() throws {
        let plain = try Logscope.run(["dump", TestPaths.golden + "/small", "--log", "raft/log"])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("is not a node's data directory"))
        let unknown = try Logscope.run(["tail", Self.nodeA0, "--log", "raft"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("holds log and raft/log; give one of them"))
    }

    @Test func statShowsEachLogTheRaftStateAndTheSnapshots() throws {
        let result = try Logscope.run(["stat", TestPaths.raft + "/E-snapshot/node-0"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("E-snapshot/node-0/log: 9 segments, 500 records (offsets 0...499)"))
        #expect(result.stdout.contains("E-snapshot/node-0/raft/log: 2 segments, 87 records (offsets 418...504), Raft term 2"))
        #expect(result.stdout.contains("CurrentTerm 2, LastVoteTerm 2, LastVoteCand 127.0.0.1:32931"))
        #expect(
            result.stdout.contains("2-504-1796173487389    504     2   36.5 KiB  0 127.0.0.1:32931 Voter, 1 127.0.0.1:51693 Voter, 2 127.0.0.1:44321 Voter"))
        #expect(!result.stdout.contains("other files"))
    }

    @Test func statJSONOfANode() throws {
        let result = try Logscope.run(["stat", TestPaths.raft + "/A-healthy/node-2", "--json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let logs = try #require(root["logs"] as? [[String: Any]])
        #expect(logs.map { $0["log"] as? String } == ["log", "raft/log"])
        #expect(logs.map { $0["records"] as? Int } == [500, 504])
        #expect(logs[1]["first_term"] as? Int == 1)
        #expect(logs[1]["last_term"] as? Int == 2)
        let state = try #require(root["raft_state"] as? [String: Any])
        #expect(state["current_term"] as? Int == 3)
        #expect(state["last_vote_term"] as? Int == 3)
        #expect(state["last_vote_candidate"] as? String == "127.0.0.1:33029")
        #expect((root["snapshots"] as? [Any])?.isEmpty == true)
    }

    @Test func anUnreadableStableStoreIsShownAndExitsOne() throws {
        let dir = TemporaryDirectory()
        let node = dir.child("node")
        try FileManager.default.createDirectory(atPath: node + "/raft", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.nodeA0 + "/log", toPath: node + "/log")
        Files.write(Array(repeating: 0x41, count: 100), to: node + "/raft/stable")
        let before = DirectorySnapshot(node + "/raft")
        let result = try Logscope.run(["stat", node])
        #expect(result.status == 1)
        #expect(result.stdout.contains("unreadable: \(node)/raft/stable: byte 0: not a readable BoltDB file"))
        #expect(result.stdout.contains("node/log: 9 segments, 500 records"))
        #expect(DirectorySnapshot(node + "/raft") == before)
    }
}
