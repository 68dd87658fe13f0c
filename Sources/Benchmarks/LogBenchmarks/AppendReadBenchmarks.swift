import Benchmark
import Glibc
import LogCore

/// `Log.append` and `Log.read(at:)` of 1M values of each size, each beside its floor in the same
/// iteration (``RawWriter``, ``RawReader``: the same bytes in the same files, with the same buffer,
/// and nothing else) and the Go reference's `proglog-bench`; and the reopen of the closed log.
///
/// One inner iteration is one record (`scalingFactor: .mega`), so the time, throughput and
/// allocation columns read per record.
enum AppendReadBenchmarks {
    static let records = 1_000_000
    /// The segment sizes of every run (the reference's `proglog-bench` is given the same).
    static let config = Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20)

    static func register() {
        for size in BenchmarkSettings.valueSizes {
            append(size: size, bufferBytes: 4 << 10, label: "4 KiB buffer (the default)")
            append(size: size, bufferBytes: 1 << 20, label: "1 MiB buffer")
            read(size: size)
            reopen(size: size)
        }
    }

    private static let rawWriter = SameRunMetric.percent(of: "raw writer")
    private static let rawReader = SameRunMetric.percent(of: "raw reader")
    /// The same floor read as the store reads, with `pread` into a window of its size.
    private static let rawWindowReader = SameRunMetric.percent(of: "raw pread reader")
    private static let reference = SameRunMetric.percent(of: "Go reference")

    private static func configuration(_ metrics: [BenchmarkMetric]) -> Benchmark.Configuration {
        .measuring(
            [.wallClock, .throughput, .mallocCountTotal] + metrics, warmupIterations: 1, scalingFactor: .mega,
            maxDuration: .seconds(600), maxIterations: 5)
    }

    /// 256 values of `size` bytes, the `i`th record's value the `(i & 255)`th.
    private static func values(size: Int) -> [[UInt8]] {
        (0..<256).map { i in [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }) }
    }

    private static func append(size: Int, bufferBytes: Int, label: String) {
        // The reference has one buffer size (4 KiB), so only the default is set beside it.
        let beside = bufferBytes == 4 << 10 && Tools.proglogBench != nil ? [reference] : []
        Benchmark("Log.append \(size) B, \(label)", configuration: configuration([rawWriter] + beside)) { benchmark in
            let values = values(size: size)
            var config = config
            config.bufferBytes = bufferBytes
            let path = BenchmarkSettings.directory + "/append-\(size)"
            let rawPath = path + "-raw"
            for folder in [path, rawPath] { try BenchmarkFiles.remove(folder) }
            mkdir(BenchmarkSettings.directory, 0o755)
            mkdir(rawPath, 0o755)
            let log = try Log(directory: path, config: config, createDirectory: true)
            var raw = RawWriter(directory: rawPath, config: config)
            let times = try benchmark.measure(
                { for i in benchmark.scaledIterations { _ = try log.append(values[i & 255]) } },
                beside: { raw.append(records: records, cycling: values) }, as: rawWriter)
            try log.close()
            raw.close()
            guard BenchmarkFiles.size(of: path) == BenchmarkFiles.size(of: rawPath) else {
                throw BenchmarkFailure("the raw writer did not write the bytes the log wrote (\(path), \(rawPath))")
            }
            for folder in [path, rawPath] { try BenchmarkFiles.remove(folder) }
            if !beside.isEmpty, let rates = try GoReference.rates(records: records, size: size) {
                benchmark.measurement(reference, SameRunMetric.percent(Double(records) / times.subject.seconds / rates.append))
            }
        }
    }

    /// The log, and with `raw` the raw writer's copy of it, that the read and reopen benchmarks read,
    /// written once before their iterations (the log stays open, as a service's does).
    private final class WrittenLogs {
        let size: Int
        let raw: Bool
        let path: String
        var log: Log?
        var reader: RawReader?

        init(size: Int, raw: Bool) {
            self.size = size
            self.raw = raw
            path = BenchmarkSettings.directory + "/read-\(size)"
        }

        func write() throws {
            let values = AppendReadBenchmarks.values(size: size)
            for folder in [path, path + "-raw"] { try BenchmarkFiles.remove(folder) }
            mkdir(BenchmarkSettings.directory, 0o755)
            let log = try Log(directory: path, config: config, createDirectory: true)
            for i in 0..<records { _ = try log.append(values[i & 255]) }
            self.log = log
            guard raw else { return }
            mkdir(path + "-raw", 0o755)
            var writer = RawWriter(directory: path + "-raw", config: config)
            writer.append(records: records, cycling: values)
            writer.close()
            reader = RawReader(directory: path + "-raw", segments: writer.segments)
        }

        func remove() throws {
            try log?.close()
            log = nil
            for folder in [path, path + "-raw"] { try BenchmarkFiles.remove(folder) }
        }
    }

    private static func read(size: Int) {
        let logs = WrittenLogs(size: size, raw: true)
        let beside = Tools.proglogBench != nil ? [reference] : []
        Benchmark(
            "Log.read(at:) \(size) B, every offset", configuration: configuration([rawReader, rawWindowReader] + beside),
            closure: { benchmark in
                guard let log = logs.log, let reader = logs.reader else { throw BenchmarkFailure("the logs to read were not written") }
                var total = 0
                var checksum = 0
                var windowChecksum = 0
                let times = try benchmark.measure(
                    { for i in benchmark.scaledIterations { total &+= try log.read(at: UInt64(i)).value.count } },
                    beside: { checksum = reader.readAll() }, as: rawReader)
                let windowed = try Benchmark.time { windowChecksum = reader.readAllThroughWindow() }
                guard total == records * size, checksum >= records * size, windowChecksum == checksum else {
                    throw BenchmarkFailure(
                        "read \(total) bytes of values (the raw readers \(checksum) and \(windowChecksum)), not \(records * size)")
                }
                benchmark.measurement(rawWindowReader, SameRunMetric.percent(windowed.seconds / times.subject.seconds))
                if !beside.isEmpty, let rates = try GoReference.rates(records: records, size: size) {
                    benchmark.measurement(reference, SameRunMetric.percent(Double(records) / times.subject.seconds / rates.read))
                }
            }, setup: { try logs.write() }, teardown: { try logs.remove() })
    }

    private static func reopen(size: Int) {
        let logs = WrittenLogs(size: size, raw: false)
        Benchmark(
            "reopen a 1M-record log of \(size) B values", configuration: .measuring([.wallClock, .mallocCountTotal], warmupIterations: 1, maxIterations: 5),
            closure: { _ in
                let reopened = try Log(directory: logs.path, config: config)
                guard try reopened.highestOffset == UInt64(records - 1) as UInt64? else { throw BenchmarkFailure("the reopened log lost records") }
                try reopened.close()
            },
            setup: {
                try logs.write()
                try logs.log?.close()
                logs.log = nil
            }, teardown: { try logs.remove() })
    }
}
