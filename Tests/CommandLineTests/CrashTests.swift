import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// A child process (`logscope write`) appends and is killed with SIGKILL at a random moment; reopening
/// must lose nothing its durability promised (with `buffered`, at most the 4 KiB buffer: a segment
/// holds about four buffers, so crashes land between flushes), return no garbage, go on appending,
/// and leave a directory `check` finds clean. `LOGSCOPE_CRASH_TRIALS=100 swift test --filter CrashTests` runs the
/// long on-demand version (10 trials per durability by default, 30 kills in all). Each durability
/// prints a line of figures for the README's reliability report.
@Suite(.serialized) struct CrashTests {
    static let durabilities = ["buffered", "flush", "fsync"]
    static let trials = Int(ProcessInfo.processInfo.environment["LOGSCOPE_CRASH_TRIALS"] ?? "") ?? 10
    /// About 225 frames of 71–72 bytes a segment (300 fit the index): four flushes of the 4 KiB buffer each.
    static let maxStoreBytes = 16384
    static let maxIndexBytes = 3600

    @Test(arguments: durabilities)
    func reopenAfterSIGKILLKeepsWhatTheDurabilityPromised(durability: String) throws {
        var generator = SystemRandomNumberGenerator()
        var recordsChecked = 0
        var acknowledgedInAll = 0
        var mostLost = 0
        for trial in 0..<Self.trials {
            let dir = TemporaryDirectory("crash")
            let acknowledged = Int.random(in: 50...3000, using: &generator)
            let acked = try writeThenKill(directory: dir.child("log"), durability: durability, after: acknowledged)
            #expect(acked.count >= acknowledged, "trial \(trial)")
            #expect(acked == Array(0..<UInt64(acked.count)), "offsets are acknowledged in order")
            acknowledgedInAll += acked.count

            let config = Config(maxStoreBytes: UInt64(Self.maxStoreBytes), maxIndexBytes: UInt64(Self.maxIndexBytes))
            let log = try Log(directory: dir.child("log"), config: config)
            let highest = try log.highestOffset
            let end = highest.map { $0 + 1 } ?? 0
            if durability != "buffered" {
                #expect(end >= UInt64(acked.count), "every acknowledged record survives (\(durability))")
            } else {
                // What is lost is what sat in the buffer, and the one frame split across its edge (its
                // first part written, the rest in the buffer: a frame is whole or lost): at most 4096
                // bytes and that frame.
                let frames = (end..<max(end, UInt64(acked.count))).map { offset in
                    8 + RecordCodec.encodedSize(valueCount: SampleValues.value(for: offset, size: 60).count, offset: offset)
                }
                let lost = frames.reduce(0, +)
                #expect(lost <= Store.referenceBufferBytes + (frames.first ?? 1) - 1, "trial \(trial): \(lost) bytes of acknowledged appends lost")
                mostLost = max(mostLost, lost)
            }
            for offset in 0..<end {
                let record = try log.read(at: offset)
                #expect(record.value == SampleValues.value(for: offset, size: 60), "offset \(offset)")
            }
            recordsChecked += Int(end)
            // Nothing past the last recovered record: no garbage, no half-written frame.
            #expect(throws: LogError.offsetOutOfRange(end)) { try log.read(at: end) }
            #expect(try log.append(Array("after crash".utf8)) == end)
            try log.close()
            let again = try Log(directory: dir.child("log"), config: config)
            #expect(again.recoveryReport.actions.isEmpty, "recovery left a clean log")
            #expect(try again.read(at: end).value == Array("after crash".utf8))
            try again.close()
            let report = try IntegrityChecker(directory: try LogDirectory(path: dir.child("log")), live: false).run()
            #expect(report.isClean, "check after recovery: \(report.findings.map(\.line))")
        }
        print(
            "crash trials (\(durability)): \(Self.trials) SIGKILLs, \(acknowledgedInAll) appends acknowledged, "
                + "\(recordsChecked) recovered records checked byte for byte, appends resumed and check clean after each"
                + (durability == "buffered" ? ", at most \(mostLost) bytes of acknowledged appends lost" : ""))
    }

    /// Runs `logscope write` until it has acknowledged `count` offsets, then kills it with SIGKILL.
    private func writeThenKill(directory: String, durability: String, after count: Int) throws -> [UInt64] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.logscope)
        process.arguments = [
            "write", directory, "--rate", "0", "--size", "60", "--print-offsets", "--durability", durability,
            "--max-store-bytes", "\(Self.maxStoreBytes)", "--max-index-bytes", "\(Self.maxIndexBytes)",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var lines = 0
        while lines < count {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            let chunk = String(decoding: data, as: UTF8.self)
            text += chunk
            lines += chunk.utf8.filter { $0 == 10 }.count
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .uncaughtSignal)
        return text.split(separator: "\n").compactMap { UInt64($0) }
    }
}
