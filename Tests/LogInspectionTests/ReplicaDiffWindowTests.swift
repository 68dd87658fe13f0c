import TestSupport
import Testing

@testable import LogInspection

/// The replica diff over a window of offsets (the inspector's compare view reads the rows on screen
/// this way), cancelled part way, and the text of a row as `diff` prints it.
@Suite struct ReplicaDiffWindowTests {
    static func diff(_ scenario: String, _ count: Int, log: String, raft: Bool) throws -> ReplicaDiff {
        var directories: [LogDirectory?] = []
        for i in 0..<count { directories.append(try LogDirectory(path: TestPaths.raft + "/\(scenario)/node-\(i)/\(log)")) }
        return ReplicaDiff(directories: directories, raft: raft)
    }

    @Test func aWindowCutsTheRunsAtItsEdges() throws {
        let diff = try Self.diff("B-follower-lag", 3, log: "raft/log", raft: true)
        var rows: [String] = []
        try diff.run(from: 200, through: 210) { rows.append($0.text(raft: true)) }
        #expect(
            rows == [
                "200...204 agree (5): term 2 LogCommand in 0, 1, 2",
                "205 unreadable: term 2 LogConfiguration in 0, 1; no readable frame in 2 (the entry points past the end of 175.store (2137 bytes))",
                "206...210 absent (5): term 2 LogCommand in 0, 1; nothing in 2",
            ])
        rows = []
        try diff.run(from: 205, through: 205) { rows.append($0.heading) }
        #expect(rows == ["205 unreadable"])
        rows = []
        try diff.run(from: 600, through: 700) { rows.append($0.heading) }
        #expect(rows.isEmpty)
    }

    @Test func aStoppedDiffEmitsNothingMore() throws {
        let large = TestPaths.golden + "/large"
        let diff = ReplicaDiff(directories: [try LogDirectory(path: large), try LogDirectory(path: large)], raft: false)
        var rows: [String] = []
        try diff.run { rows.append($0.heading) }
        #expect(rows == ["0...99999 agree (100000)"])
        rows = []
        var asked: [UInt64] = []
        try diff.run(
            stoppingWhen: { offset in
                asked.append(offset)
                return asked.count == 3
            }, { rows.append($0.heading) })
        #expect(asked == [4095, 8191, 12287], "asked every 4096 offsets, with the offset reached, until it said stop")
        #expect(rows.isEmpty, "the run being built is not emitted")
    }
}
