import Glibc

/// Where the benchmarks keep their logs and how large they make them, from the environment (the
/// runner passes its environment on to the benchmark process):
///
/// - `LOGSCOPE_BENCH_DIR`: the logs' folder (default `/tmp/logscope-bench`); generated logs are kept
///   there and reused by later runs.
/// - `LOGSCOPE_BENCH_SIZES`: the value sizes of the append and read benchmarks (default `100,1024`).
/// - `LOGSCOPE_BENCH_RUNS`: iterations of each benchmark that runs commands or watches a writer
///   (default 3; the in-process append and read benchmarks run 5 after one warm-up).
/// - `LOGSCOPE_BENCH_SEGMENTS`: sealed 1024-byte segments of the large log the follow and inspector
///   benchmarks watch (default 25,000, as `follow-cost`; the book's service sets no segment sizes).
/// - `LOGSCOPE_BENCH_INSPECTOR_RECORDS`: records of the log the inspector's key benchmark opens
///   (default 10M, 1.2 GB; 100,000,000 for the 12 GB one).
/// - `LOGSCOPE_BENCH_DIFF_RECORDS`: records of each of the two logs `diff` compares (default 10M).
/// - `LOGSCOPE_PROGLOG_BENCH`: the Go reference's `proglog-bench` (default: the one on `PATH`, else
///   `/work/shared/tools/proglog-bench`); without it the reference's ratios are left out.
enum BenchmarkSettings {
    static let directory = text("LOGSCOPE_BENCH_DIR") ?? "/tmp/logscope-bench"
    static let valueSizes = text("LOGSCOPE_BENCH_SIZES").map { $0.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 && $0 < 4000 } } ?? [100, 1024]
    static let runs = number("LOGSCOPE_BENCH_RUNS") ?? 3
    static let followSegments = number("LOGSCOPE_BENCH_SEGMENTS") ?? 25_000
    static let inspectorRecords = number("LOGSCOPE_BENCH_INSPECTOR_RECORDS") ?? 10_000_000
    static let diffRecords = number("LOGSCOPE_BENCH_DIFF_RECORDS") ?? 10_000_000

    /// The environment variable `name`, or `nil` when it is unset or empty.
    static func text(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    private static func number(_ name: String) -> Int? {
        text(name).flatMap { Int($0.filter { $0 != "_" && $0 != "," }) }.flatMap { $0 > 0 ? $0 : nil }
    }
}
