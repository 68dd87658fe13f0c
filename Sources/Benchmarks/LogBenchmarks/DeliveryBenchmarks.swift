import Benchmark
import Glibc
import LogCore

/// Append to delivery in another process: this process appends 100-byte records at 20,000 records/s
/// with flush durability (each append's time kept) while `logscope tail -f --format jsonl` follows the
/// log into a pipe; each record's latency is the time its line arrived less its append's. On a log of
/// one segment and on the large log of 1024-byte segments (the writer appends after its newest, 16 MiB
/// segments from there on). Every record must arrive exactly once, in order.
enum DeliveryBenchmarks {
    static let rate = 20_000
    static let count = 100_000

    static func register() {
        let segments = BenchmarkSettings.followSegments
        let metrics = ["p50", "p99", "max"].map { SameRunMetric.figure("append → delivery \($0) (µs)") }
        for (name, records, small) in [("1 segment", 1000, false), ("\(segments) segments", segments * 9, true)] {
            Benchmark(
                "tail -f delivery at \(rate) records/s with flush, \(name)",
                configuration: .measuring(metrics)
            ) { benchmark in
                let path = try BenchmarkLogs.freshCopy(of: try BenchmarkLogs.written(records: records, smallSegments: small))
                let latencies = try deliver(path).sorted()
                try BenchmarkFiles.remove(path)
                let figures = [latencies[latencies.count / 2], latencies[latencies.count * 99 / 100], latencies[latencies.count - 1]]
                for (metric, figure) in zip(metrics, figures) { benchmark.measurement(metric, figure.microseconds) }
            }
        }
    }

    /// Appends ``count`` records to the log at `path` while `logscope tail -f` follows it; each record's
    /// latency, in offset order.
    private static func deliver(_ path: String) throws -> [Duration] {
        let logscope = try Tools.logscope()
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw BenchmarkFailure("pipe: errno \(errno)") }
        let follower = ChildProcess.spawn(logscope, ["tail", path, "-f", "--from", "end", "--format", "jsonl"], outputPipe: ends[1], closing: ends[0])
        close(ends[1])
        defer {
            kill(follower, SIGINT)
            var status: Int32 = 0
            waitpid(follower, &status, 0)
            close(ends[0])
        }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        usleep(1_000_000)  // the follower has found the end
        let log = try Log(directory: path, config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20, durability: .flush))
        let first = try log.highestOffset.map { $0 + 1 } ?? 0
        var lines = DeliveredLines(first: first, count: count)
        var value = [UInt8](repeating: 0x61, count: 100)
        let clock = ContinuousClock()
        let start = clock.now
        for i in 0..<count {
            let due = start + .nanoseconds(Int64(i) * 1_000_000_000 / Int64(rate))
            while clock.now < due { try lines.read(ends[0], at: clock.now) }
            value[0] = UInt8(truncatingIfNeeded: i)
            lines.appended[i] = clock.now
            _ = try log.append(value)
        }
        let deadline = clock.now + .seconds(10)
        while lines.delivered < count, clock.now < deadline { try lines.read(ends[0], at: clock.now) }
        try log.close()
        guard lines.delivered == count else {
            throw BenchmarkFailure("`logscope tail -f` delivered \(lines.delivered) of \(count) records within 10 s of the last append")
        }
        return lines.latencies
    }

    /// The follower's JSON lines as they arrive: each record's offset checked against the next one
    /// expected, its latency against its append's time.
    private struct DeliveredLines {
        let first: UInt64
        var appended: [ContinuousClock.Instant]
        var latencies: [Duration] = []
        var delivered = 0
        private var pending: [UInt8] = []
        private var buffer = [UInt8](repeating: 0, count: 1 << 16)

        init(first: UInt64, count: Int) {
            self.first = first
            appended = Array(repeating: ContinuousClock.now, count: count)
            latencies.reserveCapacity(count)
        }

        /// Reads what the pipe holds; the lines it completes arrived `now`.
        mutating func read(_ fd: Int32, at now: ContinuousClock.Instant) throws {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 0x0a) {
                let line = pending[..<newline]
                pending.removeSubrange(...newline)
                let prefix = Array(#"{"offset":"#.utf8)
                guard line.starts(with: prefix) else { throw BenchmarkFailure("a line not a record: \(String(decoding: line, as: UTF8.self))") }
                let digits = line.dropFirst(prefix.count).prefix { $0 >= 0x30 && $0 <= 0x39 }
                let offset = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
                guard offset == first + UInt64(delivered) else {
                    throw BenchmarkFailure("record \(offset) delivered where \(first + UInt64(delivered)) was next")
                }
                latencies.append(now - appended[delivered])
                delivered += 1
            }
        }
    }
}
