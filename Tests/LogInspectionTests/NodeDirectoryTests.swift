import TestSupport
import Testing

@testable import LogInspection

@Suite struct NodeDirectoryTests {
    @Test func recognisesANodeOfTheReplicatedService() throws {
        let node = try #require(NodeDirectory.recognise(TestPaths.raft + "/E-snapshot/node-1"))
        #expect(node.logs.map(\.name) == ["log", "raft/log"])
        #expect(node.logs.map(\.role) == [.data, .raft])
        #expect(node.stablePath == node.path + "/raft/stable")
        let snapshot = try #require(node.snapshots.first)
        #expect(node.snapshots.count == 1)
        #expect(snapshot.term == 2)
        #expect(snapshot.index == 504)
        #expect(snapshot.id.hasPrefix("2-504-"))
    }

    @Test func aPlainLogDirectoryIsNotANode() {
        #expect(NodeDirectory.recognise(TestPaths.golden + "/small") == nil)
        #expect(NodeDirectory.recognise(TestPaths.raft + "/B-follower-lag/node-2/raft/log") == nil)
    }
}
