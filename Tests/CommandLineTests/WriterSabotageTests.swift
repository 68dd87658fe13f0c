import Foundation
import TestSupport
import Testing

@testable import LogCore

/// `logscope write` in a child process while the world turns against it: another process truncates
/// its index (a mapped index died of SIGBUS, exit 135), or it reaches a file-size limit (SIGXFSZ
/// killed it). It must exit 2 with an error naming the file, and reopening the log must give back
/// every record it acknowledged (`--durability flush`), byte for byte.
@Suite(.serialized) struct WriterSabotageTests {
    static let size = 60

    @Test func anIndexTruncatedUnderTheWriterStopsItWithAnErrorNotSIGBUS() throws {
        let dir = TemporaryDirectory("sabotage")
        let log = dir.child("log")
        let run = try WriterRun(arguments: ["write", log, "--rate", "5000", "--count", "1000000"] + Self.options(maxIndexBytes: 1_200_000))
        try run.waitForOffsets(500)
        Glibc.truncate(log + "/0.index", 0)
        let (acked, status, reason, stderr) = run.finish()
        #expect(reason == .exit, "ended by signal \(status)")
        #expect(status == 2)
        #expect(stderr.contains("\(log)/0.index was truncated by another process (now 0 bytes, where this writer left 1200000)"), "\(stderr)")
        #expect(stderr.contains("appends stopped"))
        try expectEveryAcknowledgedRecord(acked, in: log, maxIndexBytes: 1_200_000, exactly: false)
    }

    @Test func aFileSizeLimitStopsTheWriterWithAnErrorAndLosesNothingAcknowledged() throws {
        let prlimit = "/usr/bin/prlimit"
        try #require(FileManager.default.isExecutableFile(atPath: prlimit), "util-linux's prlimit")
        let dir = TemporaryDirectory("sabotage")
        let log = dir.child("log")
        let run = try WriterRun(
            executable: prlimit,
            arguments: ["--fsize=300000", TestPaths.logscope, "write", log, "--rate", "0", "--count", "100000"]
                + Self.options(maxIndexBytes: 120_000))
        let (acked, status, reason, stderr) = run.finish()
        #expect(reason == .exit, "ended by signal \(status)")
        #expect(status == 2)
        #expect(
            stderr.contains(
                "\(log)/0.store: write failed: File too large (errno 27): the file reached the file-size limit (`ulimit -f`, now 300000 bytes)"),
            "\(stderr)")
        #expect(stderr.contains("every acknowledged record is in the file"))
        #expect(acked.count > 3000)
        try expectEveryAcknowledgedRecord(acked, in: log, maxIndexBytes: 120_000, exactly: true)
    }

    /// Records of 60 bytes, each offset printed once acknowledged, each append written at once; 1 MiB stores.
    static func options(maxIndexBytes: Int) -> [String] {
        ["--size", "\(size)", "--print-offsets", "--durability", "flush", "--max-store-bytes", "1048576", "--max-index-bytes", "\(maxIndexBytes)"]
    }

    /// Reopens the log (recovery) and reads every acknowledged offset; `exactly`: nothing else either.
    private func expectEveryAcknowledgedRecord(_ acked: [UInt64], in directory: String, maxIndexBytes: UInt64, exactly: Bool) throws {
        #expect(acked == Array(0..<UInt64(acked.count)))
        let reopened = try Log(directory: directory, config: Config(maxStoreBytes: 1_048_576, maxIndexBytes: maxIndexBytes))
        defer { try? reopened.close() }
        let end = try reopened.highestOffset.map { $0 + 1 } ?? 0
        if exactly { #expect(end == UInt64(acked.count)) } else { #expect(end >= UInt64(acked.count)) }
        for offset in acked {
            #expect(try reopened.read(at: offset).value == SampleValues.value(for: offset, size: Self.size), "offset \(offset)")
        }
    }
}

/// A child process whose stdout (one acknowledged offset a line) is read as it comes.
private final class WriterRun {
    let process = Process()
    let output = Pipe()
    let errors = Pipe()
    var text = ""

    init(executable: String = TestPaths.logscope, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Reads stdout until `count` offsets were acknowledged.
    func waitForOffsets(_ count: Int) throws {
        while text.utf8.lazy.filter({ $0 == 10 }).count < count {
            let data = output.fileHandleForReading.availableData
            try #require(!data.isEmpty, "the writer ended early: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
            text += String(decoding: data, as: UTF8.self)
        }
    }

    /// Reads the rest of stdout and stderr and waits for the exit (or kills the child after 20 s).
    func finish() -> (acked: [UInt64], status: Int32, reason: Process.TerminationReason, stderr: String) {
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        return (text.split(separator: "\n").compactMap { UInt64($0) }, process.terminationStatus, process.terminationReason, stderr)
    }
}
