import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// Odd and hostile directories through every read-only subcommand: a clear error or a finding, the
/// documented exit code, no crash, no hang, no change.
@Suite struct HostileInputTests {
    static let commands: [[String]] = [["check"], ["stat"], ["dump"], ["tail"], ["inspect", "--snapshot", "120x40", "--keys", "ee]G"], ["diff"]]

    /// `command path`; `diff` compares the directory with itself.
    static func arguments(_ command: [String], _ path: String) -> [String] {
        command + (command == ["diff"] ? [path, path] : [path])
    }

    func runAll(_ path: String) throws -> [Int32] {
        try Self.commands.map { command in
            let result = try Logscope.run(Self.arguments(command, path))
            #expect(result.status == 0 || result.status == 1 || result.status == 2, "\(command) on \(path): status \(result.status) \(result.stderr)")
            if result.status == 2 { #expect(result.stderr.hasPrefix("logscope: "), "\(command): \(result.stderr)") }
            return result.status
        }
    }

    /// Output that cannot be written (a full disk: `/dev/full`) is an error that says so, not an
    /// output cut short with status 0; `tail -f` stops instead of following into nowhere.
    @Test func aFullDiskIsAnErrorNotAShortOutput() throws {
        let path = TestPaths.golden + "/large"
        let node = TestPaths.raft + "/A-healthy/node-0"
        let commands = [
            "dump \(path)", "dump \(path) --format jsonl", "tail \(path) -n 100000 -f", "check \(path)", "check \(path) --json", "stat \(path) --json",
            "stat \(node)", "diff \(path) \(path) --format jsonl", "diff \(node) \(node)",
        ]
        for command in commands {
            let result = try ChildProcess.run(["/bin/sh", "-c", "\(TestPaths.logscope) \(command) > /dev/full"])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("writing the output failed: No space left on device (errno 28)"), "\(command): \(result.stderr)")
        }
    }

    @Test func aMissingPathAndAFileAreClearErrors() throws {
        let dir = TemporaryDirectory()
        #expect(try runAll(dir.child("missing")) == [2, 2, 2, 2, 2, 2])
        Files.write([1, 2, 3], to: dir.child("file"))
        #expect(try runAll(dir.child("file")) == [2, 2, 2, 2, 2, 2])
    }

    @Test func anEmptyDirectoryAndZeroLengthFiles() throws {
        let dir = TemporaryDirectory()
        #expect(try runAll(dir.path) == [1, 0, 1, 1, 0, 0])  // check, dump and tail: "holds no segment"
        Files.write([], to: dir.child("0.store"))
        Files.write([], to: dir.child("0.index"))
        Files.write([], to: dir.child("5.index"))
        let statuses = try runAll(dir.path)
        #expect(statuses[0] == 1)
    }

    @Test func symbolicLinksIncludingALoopAndSubdirectories() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        try FileManager.default.createSymbolicLink(atPath: path + "/loop", withDestinationPath: path + "/loop")
        try FileManager.default.createSymbolicLink(atPath: path + "/self", withDestinationPath: path)
        try FileManager.default.createDirectory(atPath: path + "/sub", withIntermediateDirectories: false)
        let before = DirectorySnapshot(path)
        _ = try runAll(path)
        #expect(DirectorySnapshot(path) == before)
        let report = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(report.findings.map(\.id) == [.strayFile, .strayFile, .strayFile])
    }

    @Test func aLengthPrefixOfTwoToTheSixtyFourMinusOne() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        var store = Files.bytes(path + "/34.store")
        for i in 0..<8 { store[i] = 0xff }
        Files.write(store, to: path + "/34.store")
        #expect(try runAll(path)[0] == 1)
        let dump = try Logscope.run(["dump", path, "--from", "34", "--limit", "1", "--format", "jsonl"])
        #expect(dump.stdout.contains("\"error\":\"the length prefix says 18446744073709551615 bytes"))
    }

    @Test func namesBeyondUInt64AndThousandsOfSegments() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 16))
        for i in 0..<2500 { try log.append(Array("\(i)".utf8)) }
        try log.close()
        Files.write([], to: dir.child("99999999999999999999999.store"))
        let start = ContinuousClock.now
        let statuses = try runAll(dir.path)
        #expect(statuses[0] == 1)  // the bad name is a finding
        #expect(ContinuousClock.now - start < .seconds(30))
        let stat = try Logscope.run(["stat", dir.path])
        let segments = try LogDirectory(path: dir.path).segments.count
        #expect(segments > 1000)
        #expect(stat.stdout.contains("\(segments) segments, 2500 records (offsets 0...2499)"))
        // With at most 256 open files (soft and hard), far fewer than two per segment: each pass over
        // the segments keeps one segment's files open at a time (it used to fail with EMFILE).
        let fewFiles = ["/bin/sh", "-c", "ulimit -n 256 && exec \"$@\"", "sh"]
        for command in Self.commands + [["inspect", "--snapshot", "120x40", "--keys", "/no such value<Enter>N!"]] {
            let result = try Logscope.run(Self.arguments(command, dir.path), through: fewFiles)
            #expect(result.status == (command == ["check"] ? 1 : 0), "\(command): \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("Too many open files"), "\(command)")
        }
        // Should a limit still be too low, the error says what to do.
        let message = "\(LogError.io(operation: "open", path: "9.index", errno: EMFILE))"
        #expect(message.hasPrefix("9.index: open failed: Too many open files (errno 24); reading a log keeps two files open per segment"))
        #expect(message.contains("with `ulimit -n`"))
    }

    @Test func anIndexWhoseSizeIsNotAMultipleOf12() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        Files.write(Files.bytes(path + "/11.index") + [9, 9, 9, 9, 9], to: path + "/11.index")
        #expect(try runAll(path)[0] == 1)
        // The writer trims the partial entry on open and keeps every record.
        let opened = try Log(directory: path, config: Config(maxStoreBytes: 1024))
        #expect(try opened.highestOffset == 49)
        try opened.close()
    }

    @Test func indexPositionsNearTwoToTheSixtyFour() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        var index = Files.bytes(path + "/11.index")
        for i in 40..<48 { index[i] = 0xff }  // slot 3's position
        index[47] = 0xf0
        Files.write(index + [UInt8](repeating: 0, count: 1024 - index.count), to: path + "/11.index")
        let before = DirectorySnapshot(path)
        #expect(try runAll(path)[0] == 1)
        for keys in [":14<Enter>", ":14<Enter>]", ":14<Enter>]]", ":14<Enter>]]]", "e", "!G<Enter>"] {
            let result = try Logscope.run(["--snapshot", "160x48", "--keys", keys, path])
            #expect(result.status == 0, "\(keys): \(result.stderr)")
        }
        #expect(DirectorySnapshot(path) == before)
    }

    /// As root, permissions do not apply: the commands run as `nobody` through `setpriv`.
    static let unprivileged = geteuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []

    /// `nobody` must be able to run the binary (a checkout under a private home would stop it).
    static let canRunUnprivileged = (try? Logscope.run(["--help"], through: unprivileged).status) == 0

    /// A segment file without permission is a finding (``UnreadableFileTests``); a directory that
    /// cannot be listed is an error of the whole run.
    @Test(.enabled(if: canRunUnprivileged, "the unprivileged user cannot run the built binary"))
    func aDirectoryThatCannotBeListed() throws {
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o755)
        let path = try dir.copy(TestPaths.golden + "/small")
        let before = DirectorySnapshot(path)
        chmod(path, 0o311)  // can enter, cannot list
        for command in Self.commands {
            let result = try Logscope.run(Self.arguments(command, path), through: Self.unprivileged)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("opendir failed: Permission denied"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("run as a user who may read the directory"), "\(command): \(result.stderr)")
        }
        chmod(path, 0o755)
        #expect(DirectorySnapshot(path) == before)
    }

    @Test func aFIFOAndLinksToDevicesAreStrayFilesNeverOpened() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        #expect(mkfifo(path + "/77.store", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: path + "/90.store", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: path + "/90.index", withDestinationPath: "/dev/zero")
        let before = DirectorySnapshot(path)
        // A FIFO opened for reading would block until a writer comes: the commands must not hang.
        let start = ContinuousClock.now
        #expect(try runAll(path) == [1, 0, 0, 0, 0, 0])
        #expect(ContinuousClock.now - start < .seconds(30))
        let check = try Logscope.run(["check", path])
        #expect(check.stdout.contains("DIR-STRAY-FILE warning 77.store: not a regular file"))
        #expect(check.stdout.contains("DIR-STRAY-FILE warning 90.store: not a regular file"))
        #expect(DirectorySnapshot(path) == before)
    }

    /// A segment named just below 2^64 whose index entries would number past 2^64−1 crashed `stat`,
    /// `dump`, `tail`, the inspector and the writer with an arithmetic overflow. Entries past the last
    /// offset a log can number are never read as records.
    @Test func aBaseOffsetWithoutRoomBelowTwoToTheSixtyFour() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let base = "18446744073709551614"
        Files.write(Files.bytes(TestPaths.golden + "/small/0.store"), to: path + "/\(base).store")
        Files.write(Files.bytes(TestPaths.golden + "/small/0.index"), to: path + "/\(base).index")
        let before = DirectorySnapshot(path)
        #expect(try runAll(path) == [1, 0, 0, 0, 0, 0])
        // Its records name offsets 0…10, not the offsets the name gives them: damage, not a crash.
        let check = try Logscope.run(["check", path])
        #expect(check.stdout.contains("\(base).store"), "\(check.stdout)")
        for keys in ["G", ":\(base)<Enter>", "/hello<Enter>nN", "!<Enter>", "]]]"] {
            let result = try Logscope.run(["--snapshot", "120x30", "--keys", keys, path])
            #expect(result.status == 0, "\(keys): \(result.stderr)")
        }
        #expect(DirectorySnapshot(path) == before)
        let append = try Logscope.run(["append", path, "x"])
        #expect(append.status == 2)
        #expect(append.stderr.hasPrefix("logscope: \(path)/\(base).store: byte 0: a complete frame"), "\(append.stderr)")
        #expect(DirectorySnapshot(path) == before)
    }

    /// A gap from offset 11 to a segment named near 2^64 spans more offsets than `Int` can count: the
    /// inspector crashed labelling it (found by the directory fuzz target in CI), and `check` said
    /// "9223372036854775807 offsets missing".
    @Test func aGapWiderThanIntCanCount() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        for file in ["0.store", "0.index"] { Files.write(Files.bytes(TestPaths.golden + "/small/" + file), to: path + "/" + file) }
        Files.write([], to: path + "/18443488147419103232.index")
        let before = DirectorySnapshot(path)
        let check = try Logscope.run(["check", path])
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "DIR-SEGMENT-GAP warning offsets 11...18443488147419103231: no segment holds a readable record at these offsets (expected segment 18443488147419103232 to start at offset 11, after segment 0's last readable record (offset 10), found 18443488147419103221 offsets missing)"
            ),
            "\(check.stdout)")
        for (keys, shown) in [
            // Most severe first: the index without its store, then the gap.
            ("!", "offsets 11...18443488147419103231"), ("e", "18443488147419103232.store is missing"),
            ("E", "gap: offsets 11...18443488147419103231 missing"), ("!j<Enter>", "gap: offsets 11...18443488147419103231 missing"),
        ] {
            let result = try Logscope.run(["--snapshot", "120x30", "--keys", keys, path])
            #expect(result.status == 0, "\(keys): \(result.stderr)")
            #expect(result.stdout.contains(shown), "\(keys): \(result.stdout)")
        }
        #expect(try runAll(path) == [1, 0, 0, 0, 0, 0])
        #expect(DirectorySnapshot(path) == before)
    }

    @Test func theLastOffsetsBelowTwoToTheSixtyFour() throws {
        let dir = TemporaryDirectory()
        let config = Config(initialOffset: UInt64.max - 2)
        let log = try Log(directory: dir.path, config: config)
        #expect(try log.append(Array("a".utf8)) == UInt64.max - 2)
        #expect(try log.append(Array("b".utf8)) == UInt64.max - 1)
        #expect(throws: LogError.offsetsExhausted(path: dir.child("\(UInt64.max - 2).store"))) { try log.append(Array("c".utf8)) }
        try log.close()
        let reopened = try Log(directory: dir.path, config: config)
        #expect(try reopened.highestOffset == UInt64.max - 1)
        #expect(try reopened.read(at: UInt64.max - 1).value == Array("b".utf8))
        try reopened.close()
        #expect(try Logscope.run(["check", dir.path]).status == 0)
        let dump = try Logscope.run(["dump", dir.path])
        #expect(dump.stdout.contains("offset 18446744073709551614"))
        // Through the CLI (buffered): the error comes after two acknowledged appends, which survive.
        let cli = dir.child("cli")
        let append = try Logscope.run(["append", cli, "--initial-offset", "\(UInt64.max - 2)", "a", "b", "c"])
        #expect(append.status == 2)
        #expect(append.stdout == "\(UInt64.max - 2)\n\(UInt64.max - 1)\n")
        #expect(append.stderr.contains("the next offset would be 2^64−1"), "\(append.stderr)")
        let kept = try Logscope.run(["dump", cli, "--format", "jsonl"])
        #expect(kept.stdout.contains("\"value\":\"a\"") && kept.stdout.contains("\"value\":\"b\""), "\(kept.stdout)")
        #expect(!kept.stdout.contains("error"), "\(kept.stdout)")
    }
}
