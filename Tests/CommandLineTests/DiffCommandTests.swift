import Foundation
import LogCore
import TestSupport
import Testing

/// `logscope diff` and `logscope check` on node directories, through the real binary.
@Suite struct DiffCommandTests {
    static func nodes(_ scenario: String, _ count: Int, root: String = TestPaths.raft) -> [String] {
        (0..<count).map { root + "/\(scenario)/node-\($0)" }
    }

    @Test func diffOfTheFollowerLagScenarioPrintsItsRangesAndExitsOne() throws {
        let result = try Logscope.run(["diff"] + Self.nodes("B-follower-lag", 3))
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "0 = \(TestPaths.raft)/B-follower-lag/node-0")
        #expect(
            Array(lines.dropFirst(3)) == [
                "log 0...199 agree (200): the same records in 0, 1, 2",
                "log 200...499 absent (300): the same records in 0, 1; nothing in 2",
                "raft/log 1 agree: term 1 LogConfiguration in 0, 1, 2",
                "raft/log 2 agree: term 2 LogNoop in 0, 1, 2",
                "raft/log 3...4 agree (2): term 2 LogConfiguration in 0, 1, 2",
                "raft/log 5...204 agree (200): term 2 LogCommand in 0, 1, 2",
                "raft/log 205 unreadable: term 2 LogConfiguration in 0, 1; no readable frame in 2 (the entry points past the end of 175.store (2137 bytes))",
                "raft/log 206...505 absent (300): term 2 LogCommand in 0, 1; nothing in 2",
                "node 0: data 0...499 = commands 1...500 (Raft indexes 5...505)",
                "node 1: data 0...499 = commands 1...500 (Raft indexes 5...505)",
                "node 2: data 0...199 = commands 1...200 (Raft indexes 5...204)",
                "result: differences in log (1 of 2 runs), raft/log (2 of 6 runs)",
            ])
    }

    @Test func diffJSONLinesHasOneObjectPerRunThenPerMappingPiece() throws {
        let result = try Logscope.run(["diff", "--format", "jsonl"] + Self.nodes("B-follower-lag", 3))
        #expect(result.status == 1)
        let objects = try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let runs = objects.filter { $0["verdict"] != nil }
        #expect(
            runs.map { "\($0["log"]!) \($0["from"]!)...\($0["to"]!) \($0["verdict"]!)" } == [
                "log 0...199 agree", "log 200...499 absent", "raft/log 1...1 agree", "raft/log 2...2 agree", "raft/log 3...4 agree", "raft/log 5...204 agree",
                "raft/log 205...205 unreadable", "raft/log 206...505 absent",
            ])
        let absent = runs[7]
        #expect(absent["present"] as? [Int] == [0, 1])
        #expect(absent["absent"] as? [Int] == [2])
        let group = try #require((absent["groups"] as? [[String: Any]])?.first)
        #expect(group["term"] as? Int == 2)
        #expect(group["type"] as? Int == 0)
        #expect(runs[6]["unreadable"] as? [Int] == [2])
        let mapping = objects.filter { $0["node"] != nil }
        #expect(mapping.count == 3)
        #expect(mapping[2]["kind"] as? String == "commands")
        #expect(mapping[2]["data_to"] as? Int == 199)
        #expect(mapping[2]["raft_index_to"] as? Int == 204)
    }

    @Test func diffOfTheSnapshotScenarioAgreesAndExitsZero() throws {
        let text = try Logscope.run(["diff"] + Self.nodes("E-snapshot", 3))
        #expect(text.status == 0, "\(text.stdout)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("log 0...499 agree (500): the same records in 0, 1, 2"))
        #expect(lines.contains("raft/log 418...504 agree (87): term 2 LogCommand in 0, 1, 2"))
        #expect(lines.contains { $0.hasPrefix("node 1: data 0...412 = only in snapshot 2-504-") })
        #expect(lines.contains("node 1: data 413...499 = commands 414...500 (Raft indexes 418...504)"))
        #expect(lines.last == "result: the 3 directories agree")
        let json = try Logscope.run(["diff", "--format", "jsonl"] + Self.nodes("E-snapshot", 3))
        #expect(json.status == 0)
        #expect(json.stdout.hasPrefix(#"{"log":"log","from":0,"to":499,"verdict":"agree","present":[0,1,2],"absent":[],"#))
        #expect(json.stdout.contains(#"{"log":"raft/log","from":418,"to":504,"verdict":"agree","present":[0,1,2],"absent":[],"#))
    }

    @Test func diffFlagsALogMatchingViolationAndAReplayedRun() throws {
        let diverged = try Logscope.run(["diff"] + Self.nodes("diverged", 2, root: TestPaths.nodes))
        #expect(diverged.status == 1)
        #expect(
            diverged.stdout.contains(
                "raft/log 6 diverge: term 2 LogCommand in 0; term 2 LogCommand in 1; LOG MATCHING VIOLATION: the same index and term hold different entries\n"))
        #expect(diverged.stdout.contains("raft/log 9 diverge: term 2 LogCommand in 0; term 3 LogCommand in 1\n"))
        #expect(diverged.stdout.contains("log 3 diverge: version A in 0; version B in 1\n"))
        let replayed = try Logscope.run(["diff"] + Self.nodes("replayed", 2, root: TestPaths.nodes))
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("raft/log 8...9 agree (2): term 3 LogCommand in 0, 1\n"))
        #expect(replayed.stdout.contains("node 0: data 4...7 = a replay of commands 1...4 (Raft indexes 3...6), first applied at data 0...3\n"))
        #expect(replayed.stdout.contains("node 0: data 8...9 = commands 5...6 (Raft indexes 8...9)\n"))
    }

    /// Two Raft-log directories (the form `help diff` shows) get the Raft view, as node directories do:
    /// term and type a run, runs split where the entry type changes, Log Matching checked.
    @Test func diffOfRaftLogDirectoriesGivesTheRaftView() throws {
        let diverged = try Logscope.run(["diff"] + Self.nodes("diverged", 2, root: TestPaths.nodes).map { $0 + "/raft/log" })
        #expect(diverged.status == 1)
        #expect(
            diverged.stdout.contains(
                "\n1 agree: term 1 LogConfiguration in 0, 1\n2 agree: term 2 LogNoop in 0, 1\n3...5 agree (3): term 2 LogCommand in 0, 1\n"))
        #expect(
            diverged.stdout.contains(
                "\n6 diverge: term 2 LogCommand in 0; term 2 LogCommand in 1; LOG MATCHING VIOLATION: the same index and term hold different entries\n"))
        #expect(diverged.stdout.contains("\n9 diverge: term 2 LogCommand in 0; term 3 LogCommand in 1\n"))
        // Data logs stay plain: no term, no type.
        let data = try Logscope.run(["diff"] + Self.nodes("diverged", 2, root: TestPaths.nodes).map { $0 + "/log" })
        #expect(data.stdout.contains("\n3 diverge: version A in 0; version B in 1\n"))
    }

    /// A killed node's data log lost records its Raft log still holds commands for: the mapping says
    /// which, and that a replay restores them.
    @Test func diffMapsLostDataRecordsToTheCommandsThatRestoreThem() throws {
        let diff = try Logscope.run(["diff", TestPaths.nodes + "/crashed/node-0", TestPaths.raft + "/A-healthy/node-1"])
        #expect(diff.status == 1)
        #expect(
            diff.stdout.contains(
                "\nnode 0: data 0...59 = commands 1...60 (Raft indexes 5...64)\nnode 0: data 60 lost; command 61 (Raft index 65) still in the Raft log: a replay restores it\n"
            ))
        #expect(
            diff.stdout.contains("\nnode 0: data 489...499 lost; commands 490...500 (Raft indexes 494...504) still in the Raft log: a replay restores them\n"))
        #expect(diff.stdout.contains("\nnode 1: data 0...499 = commands 1...500 (Raft indexes 5...504)\n"))
        let jsonl = try Logscope.run(["diff", "--format", "jsonl", TestPaths.nodes + "/crashed/node-0", TestPaths.raft + "/A-healthy/node-1"])
        #expect(jsonl.stdout.contains("\"kind\":\"lost\""), "\(jsonl.stdout)")
    }

    /// Beside a live writer, the entries it has not flushed yet are pending, not unreadable, and no
    /// difference: a copy taken without its writer shows the same entries as unreadable.
    @Test func aWritersUnflushedEntriesArePending() throws {
        let dir = TemporaryDirectory("diff-live")
        let log = try ReferenceEntriesAhead.openWriter(at: dir.child("live"), flushed: 3, unflushed: 3)
        let copy = try dir.copy(dir.child("live"), as: "copy")
        let diff = try Logscope.run(["diff", dir.child("live"), copy])
        let alone = try Logscope.run(["diff", dir.child("live"), dir.child("live")])
        try log.close()
        #expect(diff.stdout.contains("\n0...2 agree (3): the same records in 0, 1\n"), "\(diff.stdout)")
        #expect(
            diff.stdout.contains(
                "\n3...5 unreadable (3): no readable frame in 1 (the entry points past the end of 0.store (55 bytes)); not flushed yet in 0 (its writer holds the frame in its buffer)\n"
            ), "\(diff.stdout)")
        #expect(alone.stdout.contains("\n3...5 pending (3): not flushed yet in 0, 1 (its writer holds the frame in its buffer)\n"), "\(alone.stdout)")
        #expect(alone.status == 0, "\(alone.stdout)")
    }

    @Test func diffExitsTwoOnBadDirectoriesAndMixedKinds() throws {
        let missing = try Logscope.run(["diff", TestPaths.raft + "/A-healthy/node-0", "/nonexistent/node"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/node: no such directory"))
        let mixed = try Logscope.run(["diff", TestPaths.raft + "/A-healthy/node-0", TestPaths.raft + "/A-healthy/node-1/log"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("is a node directory (it holds log/ or raft/log/) but"))
        #expect(try Logscope.run(["diff", TestPaths.raft + "/A-healthy/node-0"]).status == 64)
        let plain = try Logscope.run(["diff", TestPaths.raft + "/A-healthy/node-0/log", TestPaths.raft + "/A-healthy/node-1/log"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("\n0...499 agree (500): the same records in 0, 1\n"))
    }

    /// `ID location` of each finding line `check` prints.
    static func checkLines(_ path: String) throws -> (status: Int32, findings: [String]) {
        let result = try Logscope.run(["check", path])
        let findings = result.stdout.split(separator: "\n").filter { $0.first?.isUppercase == true && $0.contains(": ") && !$0.hasPrefix("reference") }
            .map { line in line.split(separator: " ").prefix(3).joined(separator: " ") }
        return (result.status, findings)
    }

    @Test func checkOfANodeChecksBothLogsAndPrefixesFindingsWithTheirLog() throws {
        let healthy = try Self.checkLines(TestPaths.raft + "/A-healthy/node-0")
        #expect(healthy.status == 1)
        // The ten zero tails of the Raft log are one finding with its places (the first, then "and 9 more").
        #expect(healthy.findings == ["IDX-ZERO-TAIL warning raft/log/1.index[648..<1200]"])
        let healthyText = try Logscope.run(["check", TestPaths.raft + "/A-healthy/node-0"]).stdout
        #expect(
            healthyText.contains("raft/log/1.index[648..<1200] and 9 more (raft/log/55.index … raft/log/475.index): preallocated tail left by a clean shutdown")
        )
        #expect(healthyText.contains("0 errors, 1 warning: log: 9 segments"))
        let lagging = try Self.checkLines(TestPaths.raft + "/B-follower-lag/node-2")
        #expect(lagging.findings == ["IDX-ZERO-TAIL warning raft/log/1.index[648..<1200]", "IDX-PAST-STORE-END error raft/log/175.index[360..<372]"])
        let snapshot = try Self.checkLines(TestPaths.raft + "/E-snapshot/node-2")
        #expect(snapshot.findings == ["IDX-ZERO-TAIL warning raft/log/418.index[684..<1200]", "NODE-SNAPSHOT-PREFIX info log"])
        let text = try Logscope.run(["check", TestPaths.raft + "/E-snapshot/node-2"]).stdout
        #expect(text.contains("and 1 more (raft/log/475.index)"))
        #expect(text.contains("0 errors, 1 warning, 1 info: log: 9 segments, 500 records; raft/log: 2 segments, 87 records;"))
        #expect(text.contains("reference reopen of log: "))
        #expect(text.contains("reference reopen of raft/log: "))
    }

    @Test func checkOfANodeNamesWhatDoesNotFitItsRaftLog() throws {
        #expect(try Self.checkLines(TestPaths.nodes + "/replayed/node-0").findings == ["NODE-REAPPLIED-COMMANDS error log"])
        #expect(try Self.checkLines(TestPaths.nodes + "/apply-lag/node-0").findings == ["NODE-DATA-BEHIND warning raft/log"])
        #expect(try Self.checkLines(TestPaths.nodes + "/apply-lag/node-1").findings == ["NODE-DATA-AHEAD error log"])
        #expect(try Self.checkLines(TestPaths.nodes + "/data-mismatch/node-0").findings == ["NODE-DATA-MISMATCH error log"])
        #expect(
            try Self.checkLines(TestPaths.nodes + "/snapshot/node-1").findings == [
                "NODE-SNAPSHOT-MISMATCH error raft/snapshots/2-8-1796173480000/state.bin[135..<162]", "NODE-SNAPSHOT-PREFIX info log",
            ])
        let clean = try Self.checkLines(TestPaths.nodes + "/replayed/node-1")
        #expect(clean.status == 0)
        #expect(clean.findings == [])
    }

    @Test func checkJSONOfANodeGivesEachFindingItsLog() throws {
        let result = try Logscope.run(["check", "--json", TestPaths.raft + "/B-follower-lag/node-2"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["log"] as? String } == Array(repeating: "raft/log", count: 2))
        #expect(findings.last?["id"] as? String == "IDX-PAST-STORE-END")
        #expect(findings.last?["file"] as? String == "175.index")
        #expect((findings.last?["summary"] as? String)?.hasSuffix("so its buffered writes were never flushed (an upstream bug)") == true)
        #expect((findings.first?["summary"] as? String)?.contains("left by a clean shutdown, not a crash") == true)
        // The folded zero tails: the first in file/byte_start/byte_end, the others in repeats.
        #expect(findings.first?["file"] as? String == "1.index")
        let repeats = try #require(findings.first?["repeats"] as? [[String: Any]])
        #expect(repeats.map { $0["file"] as? String } == ["55.index", "115.index", "175.index"])
        #expect(repeats.map { $0["byte_start"] as? Int } == [720, 720, 372])
        #expect(findings.first?["actual"] as? String == "195 zero slots in 4 indexes")
        let logs = try #require(json["logs"] as? [[String: Any]])
        #expect(logs.map { $0["log"] as? String } == ["log", "raft/log"])
        #expect(json["errors"] as? Int == 1)
    }
}
