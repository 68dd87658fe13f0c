import ArgumentParser
import Glibc
import LogCore
import LogInspection

/// `logscope write`: a load generator appending varied records through ``Log``.
struct WriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Append generated records (text, JSON, binary) at a steady rate.",
        discussion: HelpText.reflowed(
            """
            The value of each record depends only on its offset (see SampleValues), so a reader can
            check every byte. Stops after --count records, or on Ctrl-C / SIGTERM, closing the log
            cleanly either way.

            Examples:
              logscope write ./log --count 100000 --rate 0          # as fast as it can
              logscope write ./log --rate 50 --durability flush     # a live log to tail
            """)
    )

    @Argument(help: "The log directory (created when missing).")
    var directory: String

    @Option(help: "Records per second; 0 means as fast as possible.")
    var rate: Double = 1000

    @Option(help: "Stop after this many records (default: until interrupted).")
    var count: UInt64?

    @Option(help: "Approximate value size in bytes.")
    var size: Int = 100

    @Flag(help: "Print each record's offset on stdout once append returns.")
    var printOffsets = false

    @OptionGroup var log: LogConfigOptions

    func validate() throws {
        guard rate >= 0 else { throw ValidationError("--rate must be 0 or more") }
        guard size >= 0 else { throw ValidationError("--size must be 0 or more") }
        guard size <= log.maxValueBytes else {
            throw ValidationError(
                "--size \(size) is more than --max-value-bytes \(log.maxValueBytes), the most one value may have (raise it to write larger values)")
        }
    }

    /// A `LogError` (a locked, damaged or unusable log) prints `logscope: …` and exits 2.
    func run() throws {
        try RemoteDirectories.refuseRemote(directory, command: "write")
        try ExitCodes.guarding { try appendRecords() }
    }

    private func appendRecords() throws {
        let signals = StopSignals()
        let opened = try ForeignWriters.openLog(directory, config: try log.config(for: directory))
        var output = StandardOutput()
        var written: UInt64 = 0
        let first = try opened.nextOffset
        let start = ContinuousClock.now
        let reached = Locked<UInt64>(0)
        let line = progressLine(reached, since: start)
        defer { line.finish() }
        do {
            try writeRecords(to: opened, from: first, output: &output, written: &written, reached: reached, signals: signals, start: start)
        } catch {
            // The offsets written so far were acknowledged: closing writes out the buffered ones (unless
            // appends stopped because a file could not be written, which the error says).
            try? opened.close()
            if written > 0 { StandardError.print("acknowledged \(written) records (up to offset \(first + written - 1)) before the error") }
            throw error
        }
        try opened.close()
        output.flush()
        let seconds = RoughDuration.seconds(ContinuousClock.now - start)
        // Rounded to what a person reads: three decimals below 1 s, two below 10 s, one above; the rate in
        // whole records.
        let scale = seconds < 1 ? 1000.0 : seconds < 10 ? 100.0 : 10.0
        let shown = (seconds * scale).rounded() / scale
        let rate = seconds > 0 ? " (\(Int((Double(written) / seconds).rounded())) records/s)" : ""
        StandardError.print("wrote \(written) records to \(directory) in \(shown) s\(rate)")
    }

    private func writeRecords(
        to opened: Log, from first: UInt64, output: inout StandardOutput, written: inout UInt64, reached: Locked<UInt64>,
        signals: StopSignals, start: ContinuousClock.Instant
    ) throws {
        while count.map({ written < $0 }) ?? true {
            if rate > 0 {
                let due = start + .seconds(Double(written) / rate)
                let wait = due - ContinuousClock.now
                if wait > .zero {
                    if signals.sleep(seconds: RoughDuration.seconds(wait)) { break }
                } else if written % 256 == 0, signals.stopRequested() {
                    break
                }
            } else if written % 4096 == 0, signals.stopRequested() {
                break
            }
            let offset = try opened.append(SampleValues.value(for: first + written, size: size))
            if printOffsets {
                output.write(String(offset))
                output.flush()
            }
            written += 1
            if written & 255 == 0 { reached.withLock { $0 = written } }
        }
    }

    /// `writing: 41216 of 100000 records (41%) · ~3 s left · 2000 records/s` (without `--count`:
    /// the records so far and the rate).
    private func progressLine(_ reached: Locked<UInt64>, since start: ContinuousClock.Instant) -> ProgressLine {
        let count = self.count
        return ProgressLine {
            let done = reached.withLock { $0 }
            let seconds = RoughDuration.seconds(ContinuousClock.now - start)
            let rate = seconds > 0 ? " · \(Int((Double(done) / seconds).rounded())) records/s" : ""
            guard let count else { return "writing: \(done) records\(rate) (Ctrl-C stops)" }
            return "writing: \(done) of \(count) records " + ProgressLine.share(done: Int(done), of: Int(count), since: start) + rate
        }
    }
}
