import Foundation
import InspectorCore
import LogCore
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// What people expect of a terminal tool (issue 12): a version, exit codes that tell, lossless
/// output, binary input without surprises, clear words about the wrong directory, and a man page.
@Suite struct CommandLineExpectationsTests {
    let damaged = TestPaths.packageRoot + "/Fixtures/damaged"

    /// Runs `logscope` through `sh`, so an argument can hold bytes that are not UTF-8 (`printf`
    /// escapes in `script`, where `"$0"` is the binary).
    func runShell(_ script: String) throws -> CommandResult {
        try Logscope.run([], through: ["/bin/sh", "-c", script])
    }

    @Test func versionPrintsTheOneVersionString() throws {
        let result = try Logscope.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "logscope \(LogscopeVersion.current)\n")
    }

    @Test func dumpExitsOneWhenARecordInItsRangeCannotBeRead() throws {
        let unreadable = try Logscope.run(["dump", damaged + "/crashed", "--from", "13", "--limit", "2"])
        #expect(unreadable.status == 1)
        #expect(unreadable.stdout.contains("offset 13  segment 11"))
        #expect(unreadable.stdout.contains("offset 14  segment 11  pos 118  ERROR the entry points past the end of 11.store (118 bytes)"))
        let json = try Logscope.run(["dump", damaged + "/crashed", "--from", "14", "--limit", "1", "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.hasSuffix("\n]\n"), "\(json.stdout)")  // the document is still complete
        let readable = try Logscope.run(["dump", damaged + "/crashed", "--to", "13"])
        #expect(readable.status == 0, "\(readable.stdout)")
    }

    @Test func dumpProtoJSONIsLosslessForValuesThatAreNotProtobuf() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        try log.append(RecordCodec.encode(Record("inner", offset: 7)))
        try log.append([0xff])
        try log.append([])
        try log.close()
        let result = try Logscope.run(["dump", dir.path, "--format", "jsonl", "--payload", "proto"])
        #expect(result.status == 0)
        let objects = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 3)
        #expect(objects[0]["value"] as? String == "{1: \"inner\", 2: 7}")
        #expect(objects[0]["value_encoding"] == nil)
        #expect(objects[1]["value"] as? String == "/w==")
        #expect(objects[1]["value_encoding"] as? String == "base64")
        #expect(objects[2]["value"] as? String == "")
        #expect(objects[2]["value_encoding"] as? String == "base64")
        #expect(!result.stdout.contains("null"))
    }

    @Test func appendDecodesHexAndBase64Values() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        let hex = try Logscope.run(["append", path, "--hex", "00ff0a", "0A 0b", ""])
        #expect(hex.status == 0, "\(hex.stderr)")
        #expect(hex.stdout == "0\n1\n2\n")
        let base64 = try Logscope.run(["append", path, "--base64", "AP8K", "/w"])
        #expect(base64.stdout == "3\n4\n")
        let lines = try Logscope.run(["append", path, "--hex"], stdin: "6869\nff\n")
        #expect(lines.stdout == "5\n6\n")
        let log = try Log(directory: path)
        let values = try (0...6).map { try log.read(at: UInt64($0)).value }
        #expect(values == [[0x00, 0xff, 0x0a], [0x0a, 0x0b], [], [0x00, 0xff, 0x0a], [0xff], Array("hi".utf8), [0xff]])
        try log.close()
    }

    @Test func appendRefusesAValueThatDoesNotDecodeBeforeTouchingTheLog() throws {
        let dir = TemporaryDirectory()
        let bad = try Logscope.run(["append", dir.child("log"), "--hex", "00ff", "0g"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("value 2 (0g) is not hex"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.child("log")))
        let both = try Logscope.run(["append", dir.child("log"), "--hex", "--base64", "00"])
        #expect(both.status == 64)
        let file = try Logscope.run(["append", dir.child("log"), "--base64", "--file", "/etc/hostname"])
        #expect(file.status == 64)
        #expect(file.stderr.contains("--file appends the file's bytes as they are"), "\(file.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.child("log")))
        // A bad line of standard input stops there; the lines before it were appended.
        let lines = try Logscope.run(["append", dir.child("log"), "--base64"], stdin: "aGk=\n!!\naGk=\n")
        #expect(lines.status == 2)
        #expect(lines.stdout == "0\n")
        #expect(lines.stderr.contains("line 2 of standard input is not base64"), "\(lines.stderr)")
    }

    /// `CommandLine.arguments` would have turned the byte 0xff into U+FFFD (three other bytes).
    @Test func anArgumentThatIsNotUTF8IsRefusedNotAltered() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        let refused = try runShell(#"exec "$0" append '\#(path)' ok "$(printf 'a\377b')""#)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains(#"argument 4 ("a\xffb") is not valid UTF-8"#), "\(refused.stderr)")
        #expect(refused.stderr.contains("--hex, --base64 or --file"))
        #expect(!FileManager.default.fileExists(atPath: path))
        // Standard input is bytes, not arguments: its lines are appended exactly.
        let piped = try runShell(#"printf 'a\377b\n' | "$0" append '\#(path)'"#)
        #expect(piped.status == 0, "\(piped.stderr)")
        let log = try Log(directory: path)
        #expect(try log.read(at: 0).value == [0x61, 0xff, 0x62])
        try log.close()
    }

    @Test func dumpAndCheckOnADirectoryWithNoSegmentsSaySoOnStderr() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.child("logs"), withIntermediateDirectories: false)
        let note = "\(dir.path) holds no segment (no <offset>.store or <offset>.index file); is it the log directory? It holds logs/."
        let dump = try Logscope.run(["dump", dir.path])
        #expect(dump.status == 1)
        #expect(dump.stdout.isEmpty)
        #expect(dump.stderr == "logscope: \(note)\n")
        let check = try Logscope.run(["check", dir.path])
        #expect(check.status == 1)
        #expect(check.stderr == "logscope: \(note)\n")
        #expect(check.stdout.contains("DIR-NO-SEGMENTS warning"))
        #expect(try Logscope.run(["check", "-q", dir.path]).stderr.isEmpty)
    }

    @Test func statShowsIndexFillOnlyForAPreallocatedIndex() throws {
        let closed = try Logscope.run(["stat", TestPaths.golden + "/small"])
        #expect(closed.stdout.contains("0        0...10        11       11          0     0  1.0 KiB  132 B           -  ok"), "\(closed.stdout)")
        #expect(!closed.stdout.contains("100%"))
        let crashed = try Logscope.run(["stat", damaged + "/crashed"])
        #expect(
            crashed.stdout.contains("0        0...10           11       11          0     0  1.0 KiB  1.0 KiB         13%  warning"), "\(crashed.stdout)")
        let json = try Logscope.run(["stat", "--json", TestPaths.golden + "/small"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.map { $0["index_preallocated"] as? Bool } == [false, false, false])
        #expect(segments.map { $0["index_fill"] as? Double } == [1, 1, 1])
    }

    @Test func textOutputWritesRangesInOneNotation() throws {
        let stat = try Logscope.run(["stat", damaged + "/crashed"])
        #expect(stat.stdout.contains("3 segments, 14 records (offsets 0...13)"))
        #expect(stat.stdout.contains("  8 B..<16 B  "), "\(stat.stdout)")
        let check = try Logscope.run(["check", damaged + "/crashed"])
        #expect(check.stdout.contains("IDX-PAST-STORE-END error 11.index[36..<276] offsets 14...33:"))
        let dir = TemporaryDirectory()
        let repair = try Logscope.run(["repair", damaged + "/crashed", "--output", dir.child("fixed")])
        #expect(repair.stdout.contains("  IDX-PAST-STORE-END error 11.index[36..<276] offsets 14...33:"), "\(repair.stdout)")
        let reopen = try Logscope.run(["check", damaged + "/index-past-store-end"])
        #expect(reopen.stdout.contains("intact records (0...9, 11...33, 34...49)"), "\(reopen.stdout)")
        for output in [stat.stdout, check.stdout, repair.stdout, reopen.stdout] { #expect(!output.contains("–")) }
    }

    /// Without a terminal, a missing directory used to be reported as "needs a terminal".
    @Test func theInspectorNamesAMissingDirectoryBeforeTheTerminal() throws {
        let result = try Logscope.run(["/nonexistent/log"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("logscope: /nonexistent/log: no such directory"), "\(result.stderr)")
        #expect(!result.stderr.contains("terminal"))
    }

    @Test func manPrintsAPageWithEveryCommandAndOption() throws {
        let result = try Logscope.run(["man"])
        #expect(result.status == 0)
        let page = result.stdout
        #expect(page.hasPrefix(#".TH LOGSCOPE 1 "" "logscope \#(LogscopeVersion.current)" "User Commands""#))
        let help = try Logscope.run(["--experimental-dump-help"])
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
        let root = try #require(tool["command"] as? [String: Any])
        let commands = try #require(root["subcommands"] as? [[String: Any]])
        #expect(commands.count >= 9)
        for command in commands {
            let name = try #require(command["commandName"] as? String)
            #expect(page.contains(".SS \"\(name)\"\n"), "\(name)")
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = argument["names"] as? [[String: Any]] ?? []
                // --help and --version are listed once, under OPTIONS.
                if names.contains(where: { ["help", "version"].contains($0["name"] as? String) }) { continue }
                for spelled in names {
                    let option = ((spelled["kind"] as? String) == "long" ? "--" : "-") + (spelled["name"] as? String ?? "")
                    #expect(page.contains("\\fB" + option.replacingOccurrences(of: "-", with: "\\-") + "\\fR"), "\(name) \(option)")
                }
            }
        }
        #expect(page.contains(".SH EXIT STATUS"))
        // The inspector's keys, every binding of its help overlay and of the compare view's.
        #expect(page.contains(".SH KEYS\n"))
        for (title, bindings) in KeyBindings.manualSections {
            #expect(page.contains(".SS \"\(title)\"\n"), "\(title)")
            for binding in bindings {
                let roff = binding.keys.replacingOccurrences(of: "-", with: "\\-").unicodeScalars.map {
                    $0.isASCII ? String($0) : "\\[u" + String($0.value, radix: 16, uppercase: true) + "]"
                }.joined()
                #expect(page.contains("\\fB" + roff + "\\fR\n"), "\(title): \(binding.keys)")
            }
        }
    }

    static let groff = FileManager.default.isExecutableFile(atPath: "/usr/bin/groff")

    @Test(.enabled(if: groff, "groff is not installed")) func theManPageRendersWithoutWarnings() throws {
        let dir = TemporaryDirectory()
        try Data(try Logscope.run(["man"]).stdout.utf8).write(to: URL(fileURLWithPath: dir.child("logscope.1")))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/groff")
        process.arguments = ["-man", "-Tutf8", "-ww", "-z", dir.child("logscope.1")]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let warnings = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(warnings.isEmpty, "\(warnings)")
    }
}
