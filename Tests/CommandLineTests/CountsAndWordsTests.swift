import Foundation
import LogCore
import TestSupport
import Testing

/// The commands count and word the same directory alike: lost entries are not pending without a
/// writer, an entry with no frame has no frame size, one loss is said once, a diff run's reason fits
/// each of its offsets, `stat` reads what it calls ok, and counts of one are singular.
@Suite struct CountsAndWordsTests {
    /// `golden/small` with `11.store` cut `by` bytes, or to `length` bytes.
    static func cutSmall(_ scratch: TemporaryDirectory, as name: String, length: (UInt64) -> UInt64) throws -> String {
        let copy = try scratch.copy(TestPaths.golden + "/small", as: name)
        let store = copy + "/11.store"
        let size = try #require(FileManager.default.attributesOfItem(atPath: store)[.size] as? UInt64)
        #expect(truncate(store, off_t(length(size))) == 0)
        return copy
    }

    @Test func statCallsEntriesWithNoWriterLostNotPending() throws {
        let stat = try Logscope.run(["stat", TestPaths.golden + "/crashed"])
        let lines = stat.stdout.split(separator: "\n")
        #expect(lines[0].contains("23 lost entries"))
        let header = try #require(lines.first { $0.hasPrefix("segment ") })
        #expect(header.contains(" lost "))
        #expect(!header.contains("pending"))
    }

    @Test func anEntryPastTheStoresEndHasNoFrameSize() throws {
        let jsonl = try Logscope.run(["dump", "--format", "jsonl", TestPaths.golden + "/crashed"]).stdout.split(separator: "\n")
        let past = try #require(jsonl.first { $0.hasPrefix("{\"offset\":14,") })
        #expect(past.contains("\"size\":null,\"value\":null,\"error\":\"the entry points past the end of 11.store (118 bytes)\""))
        #expect(jsonl.first { $0.hasPrefix("{\"offset\":13,") }?.contains("\"size\":79,") == true)
        let text = try Logscope.run(["dump", TestPaths.golden + "/crashed"]).stdout.split(separator: "\n")
        #expect(text.first { $0.hasPrefix("offset 14 ") } == "offset 14  segment 11  pos 118  ERROR the entry points past the end of 11.store (118 bytes)")
        // A torn payload still has the size its length prefix claims.
        let torn = try Logscope.run(["dump", TestPaths.fixture("damaged/store-torn-tail")]).stdout.split(separator: "\n").last
        #expect(torn == "offset 49  segment 34  pos 863  size 31  ERROR the length prefix says 23 bytes but only 13 follow it")
    }

    @Test func aLossTheSegmentsOwnFindingsNameIsNotAlsoAGap() throws {
        let scratch = TemporaryDirectory("counts-words")
        let torn = try Self.cutSmall(scratch, as: "torn", length: { $0 - 5 })
        let lines = try Logscope.run(["check", torn]).stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("STORE-TORN-TAIL error 11.store[1013..<1059] offset 33:") == true)
        #expect(!lines.contains { $0.hasPrefix("DIR-SEGMENT-GAP") }, "\(lines)")
        let crashed = try Logscope.run(["check", TestPaths.golden + "/crashed"]).stdout
        #expect(crashed.contains("IDX-PAST-STORE-END error 11.index[36..<276] offsets 14...33"))
        #expect(!crashed.contains("DIR-SEGMENT-GAP"))
        #expect(crashed.contains("2 errors, 1 warning:"))
        // A gap no segment's index claims is still one.
        #expect(try Logscope.run(["check", TestPaths.fixture("damaged/segment-gap")]).stdout.hasPrefix("DIR-SEGMENT-GAP warning offsets 11...33:"))
    }

    @Test func aDiffRunsUnreadableReasonFitsEachOfItsOffsets() throws {
        let scratch = TemporaryDirectory("counts-words")
        // Cut 3 bytes into the length prefix of offset 20 (position 405): 20 is torn, 21...33 lie past the end.
        let cut = try Self.cutSmall(scratch, as: "cut", length: { _ in 408 })
        let diff = try Logscope.run(["diff", TestPaths.golden + "/small", cut])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("\n20 unreadable: the same records in 0; no readable frame in 1 (only 3 of the 8 length-prefix bytes are in the file)\n"))
        #expect(
            diff.stdout.contains(
                "\n21...33 unreadable (13): the same records in 0; no readable frame in 1 (the entry points past the end of 11.store (408 bytes))\n"))
    }

    @Test func statReadsWhatItCallsOk() throws {
        let scratch = TemporaryDirectory("counts-words")
        let copy = try scratch.copy(TestPaths.golden + "/small", as: "changed")
        // One byte inside the first record of the sealed segment 0 (its protobuf tag), which a check
        // of the last entry and frame alone would not see.
        let handle = try #require(FileHandle(forUpdatingAtPath: copy + "/0.store"))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        let row = try Logscope.run(["stat", copy]).stdout.split(separator: "\n").first { $0.hasPrefix("0 ") }
        #expect(row?.hasSuffix("error") == true, "\(row ?? "")")
    }

    @Test func countsOfOneAreSingular() throws {
        #expect(RecoveryReport.Action.gap(offsets: 572...572).description == "offset 572 was lost before this open and read as out of range")
        #expect(RecoveryReport.Action.gap(offsets: 3...9).description == "offsets 3...9 were lost before this open and read as out of range")
        let scratch = TemporaryDirectory("counts-words")
        let oneByte = try Self.cutSmall(scratch, as: "one-byte", length: { _ in 406 })
        #expect(try Logscope.run(["check", oneByte]).stdout.contains("(expected an 8-byte length prefix, found 1 byte)"))
    }

    /// A directory that is neither a log nor a node says what it is: a node's snapshot folder, a single
    /// snapshot, or nothing known (then: is it the log directory?).
    @Test func aDirectoryThatIsNeitherSaysWhatItIs() throws {
        let node = TestPaths.raft + "/E-snapshot/node-0"
        let folder = try Logscope.run(["stat", node + "/raft/snapshots"])
        #expect(
            folder.stderr.contains(
                "It is a node's raft/snapshots folder (2-504-1796173487389): give the node directory (\(node)) to `stat` its snapshots"),
            "\(folder.stderr)")
        let snapshot = try Logscope.run(["check", node + "/raft/snapshots/2-504-1796173487389"])
        #expect(snapshot.stderr.contains("It is a Raft snapshot (meta.json, state.bin): give the node directory (\(node))"), "\(snapshot.stderr)")
        let scratch = TemporaryDirectory("counts-words")
        let empty = try Logscope.run(["stat", scratch.path])
        #expect(empty.stderr == "logscope: \(scratch.path) holds no segment (no <offset>.store or <offset>.index file); is it the log directory?\n")
    }

    /// `repair` refuses an output inside the log it reads (or the log inside the output), symbolic
    /// links resolved, and changes nothing.
    @Test func repairRefusesAnOutputInsideItsSource() throws {
        let scratch = TemporaryDirectory("repair-inside")
        let source = try scratch.copy(TestPaths.golden + "/small", as: "log")
        let before = DirectorySnapshot(source)
        let inside = try Logscope.run(["repair", source, "--output", source + "/repaired"])
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("\(source)/repaired lies inside \(source), which it reads"), "\(inside.stderr)")
        #expect(symlink(source, scratch.child("link")) == 0)
        let throughLink = try Logscope.run(["repair", scratch.child("link"), "--output", source + "/a/b"])
        #expect(throughLink.status == 2, "\(throughLink.stderr)")
        let around = try Logscope.run(["repair", source, "--output", scratch.path])
        #expect(around.stderr.contains("which it reads, lies inside \(scratch.path)"), "\(around.stderr)")
        #expect(DirectorySnapshot(source) == before)
        let node = try Logscope.run(["repair", TestPaths.nodes + "/crashed/node-0", "--output", TestPaths.nodes + "/crashed/node-0/log/x"])
        #expect(node.status == 2)
        #expect(!FileManager.default.fileExists(atPath: TestPaths.nodes + "/crashed/node-0/log/x"))
    }

    /// Every value and every input has a limit (64 MiB, `--max-value-bytes`), said before memory is spent.
    @Test func valuesAndInputsAreBounded() throws {
        let scratch = TemporaryDirectory("bounded")
        let huge = try Logscope.run(["write", scratch.child("w"), "--count", "5", "--size", "10000000000"])
        #expect(huge.status == 64)
        #expect(huge.stderr.contains("--size 10000000000 is more than --max-value-bytes 67108864"), "\(huge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.child("w")))
        let zero = try Logscope.run(["append", scratch.child("z"), "--file", "/dev/zero", "--max-value-bytes", "1000000"])
        #expect(zero.status == 2)
        #expect(
            zero.stderr
                == "logscope: /dev/zero holds more than 1000000 bytes, the most one value may have (--max-value-bytes raises it); nothing more was read or appended\n"
        )
        #expect(!FileManager.default.fileExists(atPath: scratch.child("z")), "the file is read before the log is opened")
        let lines = "short\n" + String(repeating: "x", count: 5000) + "\nnever\n"
        let long = try Logscope.run(["append", scratch.child("s"), "--max-value-bytes", "4096"], stdin: lines)
        #expect(long.status == 2)
        #expect(long.stdout == "0\n", "the line before it was appended")
        #expect(long.stderr.contains("line 2 of standard input holds more than 4096 bytes"), "\(long.stderr)")
        let hex = try Logscope.run(["append", scratch.child("h"), "--hex", "--max-value-bytes", "2", "0a0b0c"])
        #expect(hex.status == 64)
        #expect(hex.stderr.contains("value 1 is 3 bytes, more than --max-value-bytes 2"), "\(hex.stderr)")
        let raised = try Logscope.run(["write", scratch.child("r"), "--count", "1", "--rate", "0", "--size", "70000000", "--max-value-bytes", "80000000"])
        #expect(raised.status == 0, "\(raised.stderr)")
    }

    /// `--help` of every subcommand is wrapped once, by the parser, at 80 columns: no line of a paragraph
    /// is a fragment left by a second wrap (a text broken at 95 columns and wrapped again at 80).
    @Test(arguments: ["check", "stat", "dump", "tail", "diff", "repair", "append", "write", "inspect"])
    func helpParagraphsAreWrappedOnce(command: String) throws {
        let help = try Logscope.run([command, "--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let discussion = lines.prefix { !$0.hasPrefix("USAGE:") }
        for (line, next) in zip(discussion, discussion.dropFirst()) {
            let prose = { (text: String) in !text.isEmpty && !text.hasPrefix(" ") && !text.hasSuffix(":") }
            guard prose(line), prose(next) else { continue }
            #expect(line.count + 1 + (next.split(separator: " ").first?.count ?? 0) >= 80, "\(command): a fragment: \(line)")
        }
    }

    /// No silent or inconsistent answers (issue 23 item 10): a range past the end, an empty directory
    /// for tail, a file where a directory belongs, a word that is no subcommand, a negative offset.
    @Test func answersThatWereSilentSayWhy() throws {
        let small = TestPaths.golden + "/small"
        let past = try Logscope.run(["dump", small, "--from", "1000"])
        #expect(past.status == 1 && past.stdout.isEmpty)
        #expect(past.stderr == "logscope: no record in offsets 1000... of \(small): it holds offsets 0...49\n")
        let scratch = TemporaryDirectory("silent")
        let empty = try Logscope.run(["tail", scratch.path])
        #expect(empty.status == 1)
        #expect(empty.stderr == (try Logscope.run(["dump", scratch.path]).stderr), "tail says what dump says")
        let file = try Logscope.run(["tail", TestPaths.packageRoot + "/README.md"])
        #expect(file.status == 2 && file.stderr.contains("README.md: not a directory"), "\(file.stderr)")
        let word = try Logscope.run(["frobnicate"])
        #expect(word.status == 2)
        #expect(word.stderr.hasPrefix("logscope: frobnicate: no such directory, and not a subcommand (inspect, dump, check,"), "\(word.stderr)")
        let garbage = scratch.child("garbage")
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: false)
        Files.write([UInt8](repeating: 0xA5, count: 3000), to: garbage + "/0.store")
        Files.write([UInt8](repeating: 0x5A, count: 120), to: garbage + "/0.index")
        let noise = try Logscope.run(["dump", garbage])
        #expect(noise.status == 1)
        #expect(noise.stderr == "logscope: \(garbage): its index maps no record (`logscope check` says why)\n", "\(noise.stderr)")
        let negative = try Logscope.run(["dump", small, "--from", "-5"])
        #expect(negative.status == 64 && negative.stderr.contains("The value '-5' is invalid for '--from <from>'"), "\(negative.stderr)")
        let tailNegative = try Logscope.run(["tail", small, "--from", "-5"])
        #expect(tailNegative.status == 64 && tailNegative.stderr.contains("--from takes start, end or an offset, not -5"), "\(tailNegative.stderr)")
    }

    /// `write` ends with its time rounded for a person and its rate (it printed "in 44.734886681999996 seconds").
    @Test func writeSaysItsTimeRounded() throws {
        let scratch = TemporaryDirectory("write-time")
        let result = try Logscope.run(["write", scratch.child("log"), "--count", "100", "--rate", "0"])
        let line = result.stderr.trimmingCharacters(in: .newlines)
        let pattern = #/^wrote 100 records to .+ in (\d+)\.(\d{1,3}) s \(\d+ records/s\)$/#
        let match = try #require(line.wholeMatch(of: pattern), "\(line)")
        #expect(match.output.2.count <= 3)
    }
}
