import Foundation
import TestSupport
import Testing

@testable import LogCore

/// `logscope tail -f` in one process while `logscope write` appends in another: every record exactly
/// once and in order, across segment rolls and a writer restart, with buffered and flush durability.
@Suite(.serialized) struct TailCommandTests {
    /// Starts `logscope` with stdout into a file (no pipe: nothing can block the child).
    func start(_ arguments: [String], output: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.logscope)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func offsets(in file: String) -> [UInt64] {
        (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["offset"].flatMap { ($0 as? NSNumber)?.uint64Value }
        } ?? []
    }

    @Test(arguments: ["buffered", "flush"])
    func tailFollowsAnotherProcessAcrossRollsAndARestart(durability: String) throws {
        let dir = TemporaryDirectory("tail")
        let log = dir.child("log")
        let output = dir.child("tail.jsonl")
        let tail = try start(["tail", log, "-f", "--from", "start", "--format", "jsonl", "--payload", "hex"], output: output)
        let config = ["--durability", durability, "--max-store-bytes", "3000", "--max-index-bytes", "1200", "--size", "60"]
        for _ in 0..<2 {  // the second run is a writer restart on the same log
            let writer = try start(["write", log, "--rate", "4000", "--count", "1500"] + config, output: dir.child("writer.out"))
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while offsets(in: output).count < 3000 && ContinuousClock.now < deadline { usleep(20_000) }
        kill(tail.processIdentifier, SIGINT)
        tail.waitUntilExit()
        #expect(tail.terminationStatus == 0, "Ctrl-C exits 0")
        let seen = offsets(in: output)
        #expect(seen == Array(0..<3000), "every record exactly once, in order")
        // Values are byte for byte what the writer appended.
        let lines = (try String(contentsOfFile: output, encoding: .utf8)).split(separator: "\n")
        for index in [0, 1, 2, 1499, 1500, 2999] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[index].utf8)) as? [String: Any])
            #expect(object["value"] as? String == Hex.encode(SampleValues.value(for: UInt64(index), size: 60)))
        }
    }

    @Test func tailWithoutFollowPrintsTheLastRecordsAndExits() throws {
        let result = try Logscope.run(["tail", TestPaths.golden + "/small", "-n", "3", "--payload", "none"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").map { $0.split(separator: " ")[1] } == ["47", "48", "49"])
        // Reading through segments that were already there is not a roll.
        let across = try Logscope.run(["tail", TestPaths.golden + "/small", "-n", "30", "--payload", "none"])
        #expect(across.stdout.split(separator: "\n").count == 30)
        #expect(across.stderr.isEmpty, "\(across.stderr)")
        let missing = try Logscope.run(["tail", "/nonexistent/log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such directory"))
    }

    @Test func tailFollowsATruncateAndAResetDoneByAnotherProcess() throws {
        let dir = TemporaryDirectory("tail")
        let path = dir.child("log")
        let output = dir.child("tail.jsonl")
        let log = try Log(directory: path, config: Config(maxStoreBytes: 2000, durability: .flush), createDirectory: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.logscope)
        process.arguments = ["tail", path, "-f", "--from", "start", "--format", "jsonl", "--payload", "utf8"]
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: dir.child("tail.err"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.child("tail.err")))
        try process.run()
        func waitFor(_ count: Int) {
            let deadline = ContinuousClock.now + .seconds(10)
            while offsets(in: output).count < count && ContinuousClock.now < deadline { usleep(10_000) }
        }
        for i in 0..<500 { try log.append(Array("first \(i)".utf8)) }
        waitFor(500)
        try log.truncate(lowest: 200)
        for i in 500..<1000 { try log.append(Array("first \(i)".utf8)) }
        waitFor(1000)
        try log.reset()
        for i in 0..<300 { try log.append(Array("second \(i)".utf8)) }
        waitFor(1300)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        try log.close()
        #expect(process.terminationStatus == 0)
        #expect(offsets(in: output) == Array(0..<1000) + Array(0..<300))
        let notes = try String(contentsOfFile: dir.child("tail.err"), encoding: .utf8)
        #expect(notes.contains("segments removed (truncate)"))
        #expect(notes.contains("reset: "))
    }

    /// `-n N` prints the last N records there are: on a crashed log the lost entries at the end are not
    /// counted, are said on stderr, and make the exit status 1, as dump's unreadable records do.
    @Test func lastRecordsOfACrashedLogAreTheReadableOnes() throws {
        let crashed = try Logscope.run(["tail", "-n", "3", TestPaths.golden + "/crashed", "--payload", "none"])
        #expect(crashed.stdout.split(separator: "\n").map { $0.split(separator: " ")[1] } == ["11", "12", "13"], "\(crashed.stdout)")
        #expect(
            crashed.stderr
                == "logscope: skipped offsets 14...36 at the end: the index holds entries whose frames are not in the store (offset 14: the entry points past the end of 11.store (118 bytes)); no writer holds the log, so they were lost\n"
        )
        #expect(crashed.status == 1)
        let torn = try Logscope.run(["tail", "-n", "3", TestPaths.fixture("damaged/store-torn-tail"), "--format", "jsonl", "--payload", "none"])
        #expect(torn.stdout.split(separator: "\n").map { $0.prefix(13) } == ["{\"offset\":46,", "{\"offset\":47,", "{\"offset\":48,"])
        #expect(torn.stderr.contains("skipped offset 49 at the end: the length prefix says 23 bytes but only 13 follow it"), "\(torn.stderr)")
        #expect(torn.status == 1)
        let healthy = try Logscope.run(["tail", "-n", "3", TestPaths.golden + "/small"])
        #expect(healthy.status == 0 && healthy.stderr.isEmpty)
    }

    /// Beside a live writer, entries it has not flushed are noted, not counted as damage.
    @Test func aWritersUnflushedEntriesAreNotedNotSkipped() throws {
        let dir = TemporaryDirectory("tail")
        let log = try ReferenceEntriesAhead.openWriter(at: dir.child("live"), flushed: 3, unflushed: 2)
        let result = try Logscope.run(["tail", "-n", "2", dir.child("live"), "--payload", "none"])
        try log.close()
        #expect(result.stdout.split(separator: "\n").map { $0.split(separator: " ")[1] } == ["1", "2"], "\(result.stdout)")
        #expect(result.stderr.contains("logscope: not yet written offsets 3...4 at the end:"), "\(result.stderr)")
        #expect(result.stderr.contains("a writer holds the log and has not flushed them yet"))
        #expect(result.status == 0)
    }

    /// The newest segment's first index entry damaged (slot 0 all ones): the entries after it are not
    /// read, and tail says so with exit 1 instead of printing 31...33 in silence.
    @Test func anIndexThatEndsInADamagedEntrySaysSo() throws {
        let dir = TemporaryDirectory("tail")
        let path = try dir.copy(TestPaths.golden + "/small")
        var index = Files.bytes(path + "/34.index")
        for i in 0..<12 { index[i] = 0xff }
        Files.write(index, to: path + "/34.index")
        let result = try Logscope.run(["tail", "-n", "3", path, "--payload", "none"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "logscope: 34.index: the entry at slot 0 is not valid (relative offset 4294967295, position 18446744073709551615), so the entries after it are not read; `logscope check` names the damage and `logscope dump` reads past it\n"
        )
    }
}
