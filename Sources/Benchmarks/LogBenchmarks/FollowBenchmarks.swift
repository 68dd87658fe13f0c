import Benchmark
import Glibc

/// What watching a live log costs as the directory grows, in the same iteration: a real writer
/// (`logscope write`, 100-byte records at 2,000 records/s into one large newest segment) on a log of
/// one segment and on a log of many sealed 1024-byte segments (the book's service sets no segment
/// sizes), with `logscope tail -f`, the inspector following (the real app in tmux, `f` pressed) and
/// GNU `tail -f` on the newest store file (the floor of following a file) beside it; then the writer
/// rolling 1024-byte segments itself. CPU from `/proc/<pid>/stat` over ``seconds``, in thousandths of
/// a core; RSS from `/proc/<pid>/status`.
enum FollowBenchmarks {
    static let rate = 2_000
    static let seconds = 10.0

    static func register() {
        let segments = BenchmarkSettings.followSegments
        let costs: [(String, KeyPath<Costs, Int>)] = [
            ("tail -f", \.tail), ("inspector", \.inspector),
        ]
        let perMille = costs.map { SameRunMetric.figure("\($0.0) CPU (‰ of a core)") }
        let oneSegment = costs.map { SameRunMetric.figure("\($0.0) CPU, 1-segment log (‰)") }
        let ratios = costs.map { SameRunMetric.costPercent(of: "\($0.0) on 1 segment") }
        let others = [
            SameRunMetric.figure("writer CPU (‰)"), SameRunMetric.figure("GNU tail -f CPU (‰)"), SameRunMetric.figure("inspector RSS (MiB)"),
            SameRunMetric.figure("inspector RSS, 1-segment log (MiB)"),
        ]
        Benchmark(
            "follow a writer at \(rate) records/s: \(segments) segments beside 1",
            configuration: .measuring(perMille + oneSegment + ratios + others)
        ) { benchmark in
            let small = try BenchmarkLogs.freshCopy(of: try BenchmarkLogs.written(records: 1000, smallSegments: false))
            let large = try BenchmarkLogs.freshCopy(of: try BenchmarkLogs.written(records: segments * 9, smallSegments: true))
            let bigSegments = ["--max-store-bytes", "16777216", "--max-index-bytes", "12582912"]
            let one = try watch(small, writerArguments: bigSegments, gnuTail: true)
            let many = try watch(large, writerArguments: bigSegments, gnuTail: true)
            for (i, cost) in costs.enumerated() {
                benchmark.measurement(perMille[i], many[keyPath: cost.1])
                benchmark.measurement(oneSegment[i], one[keyPath: cost.1])
                benchmark.measurement(ratios[i], SameRunMetric.percent(Double(many[keyPath: cost.1]) / Double(max(1, one[keyPath: cost.1]))))
            }
            let figures = [many.writer, many.gnuTail, many.inspectorRSS / 1024, one.inspectorRSS / 1024]
            for (metric, value) in zip(others, figures) { benchmark.measurement(metric, value) }
            for path in [small, large] { try BenchmarkFiles.remove(path) }
        }
        let rolling = ["writer", "tail -f", "inspector"].map { SameRunMetric.figure("\($0) CPU (‰ of a core)") }
        Benchmark(
            "follow a writer rolling 1024-byte segments (~200 rolls/s), \(segments) segments",
            configuration: .measuring(rolling)
        ) { benchmark in
            let large = try BenchmarkLogs.freshCopy(of: try BenchmarkLogs.written(records: segments * 9, smallSegments: true))
            let costs = try watch(large, writerArguments: ["--max-store-bytes", "1024", "--max-index-bytes", "1024"], gnuTail: false)
            for (metric, value) in zip(rolling, [costs.writer, costs.tail, costs.inspector]) { benchmark.measurement(metric, value) }
            try BenchmarkFiles.remove(large)
        }
    }

    /// What one watch cost: CPU in thousandths of a core, the inspector's RSS in KiB.
    struct Costs {
        var writer = 0
        var tail = 0
        var inspector = 0
        var gnuTail = 0
        var inspectorRSS = 0
    }

    /// Runs the writer on `path` with the followers beside it and measures them over ``seconds``.
    private static func watch(_ path: String, writerArguments: [String], gnuTail: Bool) throws -> Costs {
        let logscope = try Tools.logscope()
        let inspector = try TmuxApp(logscope, [path])
        defer { inspector.stop() }
        guard inspector.wait(timeout: .seconds(30), until: { $0.contains("Segments (") }) != nil else {
            throw BenchmarkFailure("the inspector showed no segments pane on \(path) within 30 s:\n\(inspector.screen())")
        }
        inspector.send("f")
        let tail = RunningChild(logscope, ["tail", path, "-f", "--from", "end"])
        defer { tail.stop(signal: SIGKILL) }
        usleep(2_000_000)  // both have opened the log and settled
        let writer = RunningChild(logscope, ["write", path, "--rate", "\(rate)"] + writerArguments)
        defer { writer.stop(signal: SIGINT) }
        usleep(1_000_000)
        let gnu = gnuTail ? RunningChild("/usr/bin/tail", ["-f", BenchmarkFiles.newestStore(path)]) : nil
        defer { gnu?.stop(signal: SIGKILL) }
        usleep(1_000_000)
        let children = [writer, tail, inspector.process] + (gnu.map { [$0] } ?? [])
        let before = children.map(\.cpuSeconds)
        let start = ContinuousClock.now
        usleep(UInt32(seconds * 1_000_000))
        let after = children.map(\.cpuSeconds)
        let elapsed = (ContinuousClock.now - start).seconds
        let shares = zip(before, after).map { Int((($1 - $0) / elapsed * 1000).rounded()) }
        let costs = Costs(
            writer: shares[0], tail: shares[1], inspector: shares[2], gnuTail: gnu == nil ? 0 : shares[3],
            inspectorRSS: inspector.process.residentKiB)
        return costs
    }
}
