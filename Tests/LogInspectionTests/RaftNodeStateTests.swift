import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// What a node directory holds besides its logs: the stable store (BoltDB) and snapshots.
@Suite struct RaftNodeStateTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var node: String
        var currentTerm: UInt64
        var lastVoteTerm: UInt64?
        var candidate: String?
        var testDescription: String { node }
    }

    /// Every node of every scenario, as its README lists them.
    static let stable: [Expected] = [
        Expected(node: "A-healthy/node-0", currentTerm: 2, lastVoteTerm: 2, candidate: "127.0.0.1:53405"),
        Expected(node: "A-healthy/node-1", currentTerm: 2),
        Expected(node: "A-healthy/node-2", currentTerm: 3, lastVoteTerm: 3, candidate: "127.0.0.1:33029"),
        Expected(node: "B-follower-lag/node-0", currentTerm: 2, lastVoteTerm: 2, candidate: "127.0.0.1:57727"),
        Expected(node: "B-follower-lag/node-1", currentTerm: 2),
        Expected(node: "B-follower-lag/node-2", currentTerm: 2),
        Expected(node: "E-snapshot/node-0", currentTerm: 2, lastVoteTerm: 2, candidate: "127.0.0.1:32931"),
        Expected(node: "E-snapshot/node-1", currentTerm: 2),
        Expected(node: "E-snapshot/node-2", currentTerm: 2),
    ]

    @Test(arguments: stable)
    func readsTheStableStore(expected: Expected) throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/" + expected.node))
        let state = try #require(try node.stableState())
        #expect(state.currentTerm == expected.currentTerm)
        #expect(state.lastVoteTerm == expected.lastVoteTerm)
        #expect(state.lastVoteCandidate == expected.candidate)
    }

    @Test func listsTheSnapshotsOfScenarioE() throws {
        let addresses = ["127.0.0.1:32931", "127.0.0.1:51693", "127.0.0.1:44321"]
        let servers = addresses.enumerated().map { RaftConfiguration.Server(suffrage: .voter, id: "\($0.offset)", address: $0.element) }
        for (n, id) in ["2-504-1796173487389", "2-504-1796173487396", "2-504-1796173487402"].enumerated() {
            let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/E-snapshot/node-\(n)"))
            #expect(node.snapshots.map(\.id) == [id])
            let snapshot = try #require(node.snapshots.first)
            let meta = try snapshot.meta()
            #expect(meta.id == id)
            #expect(meta.index == 504)
            #expect(meta.term == 2)
            #expect(meta.size == 37387)
            #expect(meta.configurationIndex == 4)
            #expect(meta.configuration == RaftConfiguration(servers: servers))
            #expect(snapshot.stateSize == 37387)
        }
    }

    @Test func aSnapshotsStateIsReadAsAStoreStream() throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/E-snapshot/node-1"))
        let snapshot = try #require(node.snapshots.first)
        let stream = try LogDirectory(storeStream: snapshot.statePath)
        #expect(stream.isStoreStream)
        #expect(stream.segments.count == 1)
        let segment = try #require(stream.segments.first)
        #expect(segment.baseOffset == 0)
        #expect(segment.storeName == "state.bin")
        #expect(try segment.validEntryCount() == 500)
        let report = try IntegrityChecker(directory: stream, live: false).run()
        #expect(report.findings.isEmpty)
        #expect(report.segments.first?.intactCount == 500)
        // The snapshot holds the data log's records: the same values at the same offsets.
        let data = try LogDirectory(path: node.path + "/log")
        for offset: UInt64 in [0, 77, 300, 499] {
            #expect(try stream.record(at: offset)?.value == data.record(at: offset)?.value)
        }
        #expect(try !stream.refresh())
    }

    @Test func aCutStoreStreamIsIndexedUpToItsLastWholeFrame() throws {
        let dir = TemporaryDirectory()
        let bytes = Files.bytes(try #require(NodeDirectory.recognise(TestPaths.raft + "/E-snapshot/node-0")?.snapshots.first).statePath)
        Files.write(Array(bytes.prefix(bytes.count - 10)), to: dir.child("state.bin"))
        let stream = try LogDirectory(storeStream: dir.child("state.bin"))
        #expect(try stream.segments[0].validEntryCount() == 499)
        let report = try IntegrityChecker(directory: stream, live: false).run()
        #expect(report.findings.map(\.id) == [.storeTornTail])
        #expect(report.findings.first?.file == "state.bin")
        Files.write(Array(repeating: 0xff, count: 100), to: dir.child("garbage"))
        #expect(try LogDirectory(storeStream: dir.child("garbage")).segments[0].validEntryCount() == 0)
        #expect(throws: LogError.self) { try LogDirectory(storeStream: dir.path) }
        #expect(throws: LogError.self) { try LogDirectory(storeStream: dir.child("missing")) }
    }

    @Test func aNodeWithoutSnapshotsListsNone() throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/A-healthy/node-0"))
        #expect(node.snapshots.isEmpty)
    }

    @Test func theMetaPageWithTheHigherTransactionWins() throws {
        // Page 0 holds transaction 8 and page 1 transaction 7 in this file (read with a script).
        let database = try BoltDatabase(path: TestPaths.raft + "/A-healthy/node-0/raft/stable")
        #expect(database.transactionID == 8)
        #expect(database.metaPage == 0)
        #expect(database.pageSize == 4096)
        #expect(try database.pairs(inBucket: "logs")?.isEmpty == true)
        #expect(try database.pairs(inBucket: "nope") == nil)
    }

    @Test func aDamagedMetaPageFallsBackToTheOther() throws {
        let dir = TemporaryDirectory()
        var bytes = Files.bytes(TestPaths.raft + "/A-healthy/node-0/raft/stable")
        bytes[16 + 60] ^= 0xff  // meta page 0's checksum
        Files.write(bytes, to: dir.child("stable"))
        let database = try BoltDatabase(path: dir.child("stable"))
        #expect(database.metaPage == 1)
        #expect(database.transactionID == 7)
        #expect(try RaftStableState(path: dir.child("stable")).currentTerm == 2)
    }

    @Test func aFileThatIsNotBoltSaysSo() throws {
        let dir = TemporaryDirectory()
        Files.write(Array(repeating: 7, count: 9000), to: dir.child("stable"))
        #expect {
            try RaftStableState(path: dir.child("stable"))
        } throws: { error in
            guard case .unreadableFormat(let path, _, let format, let reason) = error as? LogError else { return false }
            return path == dir.child("stable") && format == "BoltDB file" && reason.contains("magic")
        }
    }
}
