import Benchmark

/// The read-only commands of the real `logscope` on large logs, warm cache, each beside `cat` of the
/// same files to /dev/null in the same iteration (a command that reads every byte once has `cat` as
/// its floor), with the command's peak RSS: `check` and `stat` of 5M varied records in 16 MiB
/// segments and of many 1024-byte segments (the book's service sets no segment sizes), and `diff` of
/// two identical 10M-record logs.
enum CommandBenchmarks {
    static func register() {
        let smallSegments = BenchmarkSettings.followSegments
        for command in ["check", "stat"] {
            benchmark("logscope \(command), 5M varied records") {
                [try BenchmarkLogs.written(records: 5_000_000, smallSegments: false)]
            } arguments: {
                [command, $0[0]]
            }
            benchmark("logscope \(command), \(smallSegments) segments of 1024 bytes") {
                [try BenchmarkLogs.written(records: smallSegments * 9, smallSegments: true)]
            } arguments: {
                [command, $0[0]]
            }
        }
        let records = BenchmarkSettings.diffRecords
        benchmark("logscope diff, two logs of \(records) records") {
            try ["a", "b"].map { try BenchmarkLogs.written(records: records, smallSegments: false, copy: $0) }
        } arguments: {
            ["diff"] + $0
        }
    }

    private static let cat = SameRunMetric.percent(of: "cat")
    private static let peakRSS = SameRunMetric.figure("peak RSS of logscope (MiB)")

    /// A benchmark of `logscope` with the arguments `arguments` makes of the logs `logs` writes (before
    /// the iterations), beside `cat` of every file of those logs.
    private static func benchmark(_ name: String, logs: @escaping () throws -> [String], arguments: @escaping ([String]) -> [String]) {
        final class Paths { var logs: [String] = [] }
        let paths = Paths()
        Benchmark(
            name,
            configuration: .measuring(
                [.wallClock, cat, peakRSS], warmupIterations: 1),
            closure: { benchmark in
                let logscope = try Tools.logscope()
                var run: ChildRun?
                try benchmark.measure(
                    { run = try ChildRun.succeeding(logscope, arguments(paths.logs)) },
                    beside: { try CatBaseline.run(paths.logs) }, as: cat)
                benchmark.measurement(peakRSS, (run?.peakKiB ?? 0) / 1024)
            }, setup: { paths.logs = try logs() })
    }
}

/// `cat` of every file of some log directories to /dev/null (through `find | xargs`, which a directory
/// of 50,000 files needs): the floor of a command that reads every byte once.
enum CatBaseline {
    static func run(_ directories: [String]) throws {
        let cat = try Tools.cat()
        try ChildRun.succeeding("/bin/sh", ["-c", "find \"$@\" -maxdepth 1 -type f -print0 | xargs -0 \(cat)", "sh"] + directories)
    }
}
