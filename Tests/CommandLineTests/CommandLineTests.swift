import Foundation
import TestSupport
import Testing

@testable import LogCore

/// The read-only subcommands through the real binary: output contracts and exit codes.
@Suite struct CommandLineTests {
    let damaged = TestPaths.packageRoot + "/Fixtures/damaged"

    @Test func checkExitsZeroOnHealthyOneOnDamagedTwoOnBadInput() throws {
        #expect(try Logscope.run(["check", damaged + "/healthy"]).status == 0)
        let result = try Logscope.run(["check", damaged + "/store-torn-tail"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("STORE-TORN-TAIL error 34.store[863..<884] offset 49: the last frame is cut off"))
        #expect(result.stdout.contains("1 error, 0 warnings: 3 segments, 49 records, 1 lost entry, "))
        let missing = try Logscope.run(["check", "/nonexistent/log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/log: no such directory"))
        let file = try Logscope.run(["check", damaged + "/healthy/0.store"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("not a directory"))
        #expect(try Logscope.run(["check"]).status == 64)
    }

    @Test func checkQuietPrintsNothing() throws {
        let result = try Logscope.run(["check", "-q", damaged + "/crashed"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func checkJSONListsFindingsWithTheirContractFields() throws {
        let result = try Logscope.run(["check", "--json", damaged + "/index-relative-offset"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings[0]["id"] as? String == "IDX-RELATIVE-OFFSET")
        #expect(findings[0]["file"] as? String == "11.index")
        #expect(findings[0]["byte_start"] as? Int == 60)
        #expect(findings[0]["byte_end"] as? Int == 72)
        #expect(findings[0]["offset_first"] as? Int == 16)
        #expect(findings[0]["expected"] as? String == "relative offset 5")
        #expect(findings[0]["actual"] as? String == "99")
        #expect((json["reference_reopen"] as? String)?.isEmpty == false)
    }

    @Test func checkPredictsTheReferencesReopenOfCrashed() throws {
        let result = try Logscope.run(["check", damaged + "/crashed"])
        #expect(result.stdout.contains("report LowestOffset 0 and HighestOffset 34. It would read 2 of the 14 intact records (0, 11)"))
        #expect(result.stdout.contains("Every Append would fail with EOF"))
    }

    /// Without a value, the prediction uses the MaxIndexBytes the files show (no false bug-K8 panic on a
    /// log written with larger indexes); a smaller given value predicts the panic, and a hint says what
    /// the files allow.
    @Test func thePredictionUsesTheMaxIndexBytesTheFilesShowUnlessTold() throws {
        let large = TestPaths.golden + "/large"
        for command in ["check", "stat"] {
            let inferred = try Logscope.run([command, large])
            #expect(inferred.stdout.contains("(assuming MaxIndexBytes 111372, inferred from 0.index: 111372 bytes, the largest index)"), "\(inferred.stdout)")
            #expect(inferred.stdout.contains("It would read all 100000 intact records. Its next Append would succeed at offset 100000."), "\(inferred.stdout)")
            #expect(!inferred.stdout.contains("hint:"), "\(inferred.stdout)")
            let smaller = try Logscope.run([command, large, "--reference-max-index-bytes", "1024"])
            #expect(
                smaller.stdout.contains("(bug K8). Before that, opening has cut 0.index to 1024 bytes for good: the entries for offsets 85...9280 are lost."),
                "\(smaller.stdout)")
            #expect(
                smaller.stdout.hasSuffix(
                    "hint: the files allow MaxIndexBytes 111372 (inferred from 0.index: 111372 bytes, the largest index); without --reference-max-index-bytes the prediction uses that\n"
                ), "\(smaller.stdout)")
            let told = try Logscope.run([command, large, "--reference-max-index-bytes", "196608"])
            #expect(told.stdout.contains("It would read all 100000 intact records. Its next Append would succeed at offset 100000."), "\(told.stdout)")
            #expect(!told.stdout.contains("hint:"), "\(told.stdout)")
        }
    }

    /// The inspector's anomaly list (`!`) shows the same prediction, for the MaxIndexBytes it is told.
    @Test func theInspectorShowsTheReopenPredictionForTheGivenMaxIndexBytes() throws {
        let large = TestPaths.golden + "/large"
        let told = try Logscope.run(["--snapshot", "140x30", "--keys", "!", "--reference-max-index-bytes", "196608", large])
        #expect(told.status == 0, "\(told.stderr)")
        #expect(told.stdout.contains("(assuming MaxIndexBytes 196608), it would open segments 0, 9281,"), "\(told.stdout)")
        let inferred = try Logscope.run(["--snapshot", "140x30", "--keys", "!", large])
        #expect(inferred.stdout.contains("(assuming MaxIndexBytes 111372, inferred"), "\(inferred.stdout)")
    }

    @Test func dumpJSONLinesHasTheContractFields() throws {
        let result = try Logscope.run(["dump", TestPaths.golden + "/small", "--format", "jsonl", "--payload", "hex", "--from", "5", "--limit", "3"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["offset"] as? Int == 5)
        #expect(first["segment"] as? Int == 0)
        #expect(first["position"] as? Int == 662)
        #expect(first["size"] as? Int == 13)
        #expect(first["value"] as? String == "00")
        let third = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(third["value"] as? String == Hex.encode(Array("ünïcödé ✓ 日本語".utf8)))
    }

    @Test func dumpJSONEscapesEveryASCIIControlCharacterAndKeepsMultiByteText() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        let values = [
            String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self), "ünïcödé \"✓\" 日本語 😀\n", "a\u{1f}b\\c", "",
        ]
        for value in values { try log.append(Array(value.utf8)) }
        try log.close()
        let result = try Logscope.run(["dump", dir.path, "--format", "jsonl"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == values.count)
        for (line, value) in zip(lines, values) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["value"] as? String == value, "\(line)")
        }
        #expect(lines[2].hasSuffix(#""value":"a\u001fb\\c"}"#), "\(lines[2])")
        let text = try Logscope.run(["dump", dir.path, "--from", "2", "--limit", "1"])
        #expect(text.stdout.hasSuffix(#"len 5  "a\x1fb\\c""# + "\n"), "\(text.stdout)")
    }

    @Test func dumpJSONIsLosslessForBinaryValues() throws {
        let result = try Logscope.run(["dump", TestPaths.golden + "/small", "--format", "json", "--from", "6", "--to", "7"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 2)
        #expect(records[0]["value"] as? String == "/w==")
        #expect(records[0]["value_encoding"] as? String == "base64")
        #expect(records[1]["value"] as? String == "ünïcödé ✓ 日本語")
        #expect(records[1]["value_encoding"] == nil)
    }

    @Test func dumpRangeCrossesSegmentsAndStopsAtTo() throws {
        let result = try Logscope.run(["dump", TestPaths.golden + "/small", "--from", "9", "--to", "12", "--payload", "none"])
        let offsets = result.stdout.split(separator: "\n").map { $0.split(separator: " ")[1] }
        #expect(offsets == ["9", "10", "11", "12"])
        #expect(result.stdout.contains("offset 11  segment 11  pos 0  size 29  len 17"))
    }

    @Test func dumpShowsUnreadableRecordsAsErrors() throws {
        let result = try Logscope.run(["dump", damaged + "/crashed", "--from", "13", "--limit", "2", "--format", "jsonl"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"value\":null"))
        #expect(lines[1].contains("\"error\":\"the entry points past the end of 11.store (118 bytes)\""))
    }

    @Test func dumpProtoPayloadShowsAFieldTree() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        try log.append(RecordCodec.encode(Record("inner", offset: 7)))
        try log.close()
        let result = try Logscope.run(["dump", dir.path, "--payload", "proto"])
        #expect(result.stdout.contains("{1: \"inner\", 2: 7}"))
    }

    @Test func statShowsTheSegmentTableHistogramAndPrediction() throws {
        let result = try Logscope.run(["stat", damaged + "/crashed"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("3 segments, 14 records (offsets 0...13), 23 lost entries; store 1.1 KiB, index 3.0 KiB"))
        #expect(result.stdout.contains("11       11...13           3       23          0    20    118 B  1.0 KiB         27%  error"))
        #expect(result.stdout.contains("frame sizes of the 14 readable records (length prefix + payload):"))
        #expect(result.stdout.contains("reference reopen: "))
        let json = try Logscope.run(["stat", "--json", TestPaths.golden + "/small"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 50)
        #expect((object["segments"] as? [Any])?.count == 3)
    }

    @Test func repairWritesACleanCopyAndLeavesTheSource() throws {
        let dir = TemporaryDirectory()
        let source = try dir.copy(damaged + "/store-zero-run", as: "source")
        let before = DirectorySnapshot(source)
        let result = try Logscope.run(["repair", source, "--output", dir.child("fixed")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("wrote \(dir.child("fixed")): 49 records in 4 segments (0: 11, 11: 5, 17: 17, 34: 16)"))
        #expect(result.stdout.contains("check of the copy: DIR-SEGMENT-GAP warning offset 16:"))  // the hole stays a gap
        #expect(DirectorySnapshot(source) == before)
        let log = try Log(directory: dir.child("fixed"), config: Config(maxStoreBytes: 1024))
        #expect(log.recoveryReport.isClean)
        #expect(throws: LogError.offsetOutOfRange(16)) { try log.read(at: 16) }
        #expect(try log.read(at: 17).offset == 17)
        try log.close()
        let again = try Logscope.run(["repair", source, "--output", dir.child("fixed")])
        #expect(again.status == 2)
        #expect(again.stderr.contains("is not empty"))
    }

    @Test func appendPrintsOffsetsAndReportsRecovery() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(damaged + "/crashed")
        let result = try Logscope.run(["append", path, "one", "two"])
        #expect(result.status == 0)
        #expect(result.stdout == "14\n15\n")
        #expect(result.stderr.contains("recovery: removed empty segment 34 after lost records; the next append gets offset 14"))
        let piped = try Logscope.run(["append", path], stdin: "a\nb\nc\n")
        #expect(piped.stdout == "16\n17\n18\n")
    }

    @Test func appendFileTakesTheFileAsOneRecordAndAMissingFileTouchesNoLog() throws {
        let dir = TemporaryDirectory()
        Files.write([0, 1, 2, 255], to: dir.child("value.bin"))
        let appended = try Logscope.run(["append", dir.child("log"), "--file", dir.child("value.bin")])
        #expect(appended.status == 0)
        #expect(try Log(directory: dir.child("log")).read(at: 0).value == [0, 1, 2, 255])
        let missing = try Logscope.run(["append", dir.child("other"), "--file", dir.child("missing.bin")])
        #expect(missing.status == 2)
        #expect(missing.stderr == "logscope: \(dir.child("missing.bin")): open failed: No such file or directory (errno 2)\n")
        #expect(!FileManager.default.fileExists(atPath: dir.child("other")))
    }

    @Test func writeGeneratesCheckableRecords() throws {
        let dir = TemporaryDirectory()
        let result = try Logscope.run(["write", dir.child("log"), "--count", "500", "--rate", "0", "--max-store-bytes", "4096"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("wrote 500 records"))
        let log = try Log(directory: dir.child("log"), config: Config(maxStoreBytes: 4096))
        for offset: UInt64 in [0, 1, 2, 499] { #expect(try log.read(at: offset).value == SampleValues.value(for: offset)) }
        try log.close()
        #expect(try Logscope.run(["check", dir.child("log")]).status == 0)
    }

    @Test func aLargerStoreBufferIsAnExplicitChoiceWithinBounds() throws {
        let dir = TemporaryDirectory()
        let result = try Logscope.run(["write", dir.child("log"), "--count", "500", "--rate", "0", "--store-buffer-bytes", "65536"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Logscope.run(["check", dir.child("log")]).status == 0)
        for size in ["63", "1073741825"] {
            let refused = try Logscope.run(["append", dir.child("other"), "x", "--store-buffer-bytes", size])
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("--store-buffer-bytes must be between 64 and 1073741824"), "\(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.child("other")))
        #expect(try Logscope.run(["append", "--help"]).stdout.contains("--store-buffer-bytes"))
    }
}
