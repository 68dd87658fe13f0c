import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The replica diff engine and the record walk it merges.
@Suite struct ReplicaDiffTests {
    /// `verdict from–to present/absent[/unreadable] [term type per group]` per row.
    static func rows(_ paths: [String?], raft: Bool) throws -> [String] {
        var directories: [LogDirectory?] = []
        for path in paths { directories.append(try path.map { try LogDirectory(path: $0) }) }
        var rows: [String] = []
        try ReplicaDiff(directories: directories, raft: raft).run { row in
            var line = "\(row.verdict) \(row.offsets.rangeText) \(row.present)/\(row.absent)"
            if !row.unreadable.isEmpty { line += "/\(row.unreadable)" }
            if raft { line += " " + row.groups.map { "\($0.directories):T\($0.term ?? 0)/\($0.type ?? 0)" }.joined(separator: " ") }
            if row.logMatchingViolation { line += " VIOLATION" }
            rows.append(line)
        }
        return rows
    }

    static func nodes(_ scenario: String, _ count: Int, log: String) -> [String?] {
        (0..<count).map { TestPaths.raft + "/\(scenario)/node-\($0)/\(log)" }
    }

    /// The ranges Fixtures/raft/README.txt lists for B (scanned by another decoder); entry 205 of node 2
    /// is in its index but not its store.
    @Test func theFollowerLagScenarioHasTheRangesItsReadmeLists() throws {
        #expect(
            try Self.rows(Self.nodes("B-follower-lag", 3, log: "raft/log"), raft: true) == [
                "agree 1 [0, 1, 2]/[] [0, 1, 2]:T1/5",
                "agree 2 [0, 1, 2]/[] [0, 1, 2]:T2/1",
                "agree 3...4 [0, 1, 2]/[] [0, 1, 2]:T2/5",
                "agree 5...204 [0, 1, 2]/[] [0, 1, 2]:T2/0",
                "unreadable 205 [0, 1, 2]/[]/[2] [0, 1]:T2/5",
                "absent 206...505 [0, 1]/[2] [0, 1]:T2/0",
            ])
        #expect(try Self.rows(Self.nodes("B-follower-lag", 3, log: "log"), raft: false) == ["agree 0...199 [0, 1, 2]/[]", "absent 200...499 [0, 1]/[2]"])
    }

    @Test func theSnapshotScenarioAgreesOnWhatEachLogStillHolds() throws {
        #expect(try Self.rows(Self.nodes("E-snapshot", 3, log: "raft/log"), raft: true) == ["agree 418...504 [0, 1, 2]/[] [0, 1, 2]:T2/0"])
        #expect(try Self.rows(Self.nodes("E-snapshot", 3, log: "log"), raft: false) == ["agree 0...499 [0, 1, 2]/[]"])
    }

    /// The same index and term with different bytes is a Log Matching violation; a different term at
    /// the same index is a divergence without one (a later leader replaced an uncommitted entry).
    @Test func aDivergingEntryWithTheSameTermIsALogMatchingViolation() throws {
        let cluster = (0..<2).map { TestPaths.nodes + "/diverged/node-\($0)/raft/log" }
        #expect(
            try Self.rows(cluster, raft: true) == [
                "agree 1 [0, 1]/[] [0, 1]:T1/5",
                "agree 2 [0, 1]/[] [0, 1]:T2/1",
                "agree 3...5 [0, 1]/[] [0, 1]:T2/0",
                "diverge 6 [0, 1]/[] [0]:T2/0 [1]:T2/0 VIOLATION",
                "agree 7...8 [0, 1]/[] [0, 1]:T2/0",
                "diverge 9 [0, 1]/[] [0]:T2/0 [1]:T3/0",
            ])
        let data = (0..<2).map { TestPaths.nodes + "/diverged/node-\($0)/log" }
        #expect(try Self.rows(data, raft: false) == ["agree 0...2 [0, 1]/[]", "diverge 3 [0, 1]/[]", "agree 4...5 [0, 1]/[]", "diverge 6 [0, 1]/[]"])
    }

    /// Records are compared whole: the same values one offset further on do not agree.
    @Test func equalValuesAtDifferentOffsetsDoNotAgree() throws {
        let scratch = TemporaryDirectory("diff")
        let values = ["x", "y", "z"].map { Array($0.utf8) }
        for (name, initial) in [("a", UInt64(0)), ("b", 1)] {
            let log = try Log(directory: scratch.child(name), config: Config(initialOffset: initial), createDirectory: true)
            for value in values { _ = try log.append(value) }
            try log.close()
        }
        #expect(try Self.rows([scratch.child("a"), scratch.child("b")], raft: false) == ["absent 0 [0]/[1]", "diverge 1...2 [0, 1]/[]", "absent 3 [1]/[0]"])
    }

    /// A directory without the log (a node lacking raft/log) holds nothing; a damaged frame is unreadable.
    @Test func aMissingLogIsAbsentAndADamagedFrameIsUnreadable() throws {
        let damaged = TestPaths.packageRoot + "/Fixtures/damaged"
        #expect(try Self.rows([damaged + "/healthy", nil], raft: false) == ["absent 0...49 [0]/[1]"])
        #expect(
            try Self.rows([damaged + "/healthy", damaged + "/store-undecodable"], raft: false) == [
                "agree 0...15 [0, 1]/[]", "unreadable 16 [0, 1]/[]/[1]", "agree 17...49 [0, 1]/[]",
            ])
    }

    /// The walk steps through validated entries in offset order; where a segment runs into the next
    /// one's base, those offsets come from the next (as a lookup by offset would read them).
    @Test func theRecordWalkStepsThroughValidatedEntries() throws {
        func offsets(_ fixture: String, from: UInt64 = 0) throws -> [UInt64] {
            var walk = RecordWalk(directory: try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/" + fixture), from: from)
            var offsets: [UInt64] = []
            while let position = try walk.next() { offsets.append(position.offset) }
            return offsets
        }
        #expect(try offsets("segment-overlap") == Array(0...19) + Array(34...49))
        #expect(try offsets("crashed") == Array(0...36), "entries past the store end are walked (their frames are unreadable)")
        #expect(try offsets("healthy", from: 30) == Array(30...49))
        #expect(try offsets("healthy", from: 50) == [])
    }
}
