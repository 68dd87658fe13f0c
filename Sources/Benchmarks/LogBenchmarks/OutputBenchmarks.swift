import Benchmark
import LogCore
import LogInspection

/// What printing every record costs beside reading it, in the same iteration: `logscope dump` in JSON
/// lines and text and `logscope tail -n` in JSON lines, each writing 1M × 100-byte varied records to
/// /dev/null, beside the raw reader of the same files (mapped, each value copied: the floor of reading
/// the records). One inner iteration is one record.
enum OutputBenchmarks {
    static let records = 1_000_000

    static func register() {
        let log = ReadableLog(records: records)
        let commands: [(String, [String])] = [
            ("dump --format jsonl", ["dump", "--format", "jsonl"]),
            ("dump (text)", ["dump"]),
            ("tail -n 1000000 --format jsonl", ["tail", "-n", "\(records)", "--format", "jsonl"]),
        ]
        let rawReader = SameRunMetric.percent(of: "raw reader")
        for (name, arguments) in commands {
            Benchmark(
                "logscope \(name), 1M × 100 B to /dev/null",
                configuration: .measuring(
                    [.wallClock, .throughput, rawReader], warmupIterations: 1, scalingFactor: .mega,
                    maxIterations: 5),
                closure: { benchmark in
                    let logscope = try Tools.logscope()
                    guard let reader = log.reader else { throw BenchmarkFailure("no log to read") }
                    var checksum = 0
                    try benchmark.measure(
                        { try ChildRun.succeeding(logscope, [arguments[0], log.path] + arguments.dropFirst()) },
                        beside: { checksum = reader.readAll() }, as: rawReader)
                    guard checksum > 0 else { throw BenchmarkFailure("the raw reader read nothing") }
                }, setup: { try log.prepare() })
        }
    }
}

/// A log written by `logscope write` and the raw reader of its files, made before a benchmark's
/// iterations.
final class ReadableLog {
    let records: Int
    private(set) var path = ""
    private(set) var reader: RawReader?

    init(records: Int) {
        self.records = records
    }

    func prepare() throws {
        path = try BenchmarkLogs.written(records: records, smallSegments: false)
        let segments = try LogDirectory(path: path).segments.map { RawWriter.Segment(base: $0.baseOffset, count: $0.indexSlots) }
        reader = RawReader(directory: path, segments: segments)
    }
}
