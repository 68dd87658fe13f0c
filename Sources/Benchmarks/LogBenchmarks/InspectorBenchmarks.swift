import Benchmark
import Glibc
import InspectorCore

/// The inspector on large logs: its first complete frame (the runtime of the terminal app drawing
/// into memory, 160x48) on the many-segment log beside a 1-segment log in the same iteration; the
/// longest its event loop stops while the full check runs and is taken in; each key's time to its
/// complete frame on the large log of 16 MiB segments; and the real app's RSS in tmux once its full
/// check is done.
enum InspectorBenchmarks {
    static func register() {
        let segments = BenchmarkSettings.followSegments
        let records = BenchmarkSettings.inspectorRecords
        firstFrame(segments: segments)
        longestStop(segments: segments)
        keys(records: records)
        residentMemory(name: "\(segments) segments of 1024 bytes", perSegment: true) {
            try BenchmarkLogs.written(records: segments * 9, smallSegments: true)
        }
        residentMemory(name: "\(records) records", perSegment: false) {
            try BenchmarkLogs.written(records: records, smallSegments: false)
        }
    }

    /// Opens the inspector's runtime on `path` and draws its first frame (its full check starts in the
    /// background, as in the app); the runtime, to stop or drive.
    private static func open(_ path: String) throws -> (InspectorRuntime, InMemoryTerminal) {
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: path, terminal: terminal)
        terminal.draw(runtime.frame())
        return (runtime, terminal)
    }

    private static func firstFrame(segments: Int) {
        let oneSegment = SameRunMetric.percent(of: "1-segment log")
        Benchmark(
            "inspector first complete frame, \(segments) segments",
            configuration: .measuring([.wallClock, oneSegment], warmupIterations: 1, maxIterations: 5)
        ) { benchmark in
            let small = try BenchmarkLogs.written(records: 1000, smallSegments: false)
            let large = try BenchmarkLogs.written(records: segments * 9, smallSegments: true)
            var runtimes: [InspectorRuntime] = []
            try benchmark.measure({ runtimes.append(try open(large).0) }, beside: { runtimes.append(try open(small).0) }, as: oneSegment)
            for runtime in runtimes { runtime.stopBackgroundWork() }
        }
    }

    private static func longestStop(segments: Int) {
        let longest = SameRunMetric.figure("longest poll and frame (µs)")
        Benchmark(
            "inspector full check of \(segments) segments taken in, one poll and frame at a time",
            configuration: .measuring([.wallClock, longest])
        ) { benchmark in
            let path = try BenchmarkLogs.written(records: segments * 9, smallSegments: true)
            let (runtime, terminal) = try open(path)
            var slowest = Duration.zero
            let deadline = ContinuousClock.now + .seconds(120)
            while runtime.state.checking || !runtime.state.snapshot.fullCheck {
                guard ContinuousClock.now < deadline else { throw BenchmarkFailure("the full check of \(path) did not end within 120 s") }
                slowest = max(
                    slowest,
                    try Benchmark.time {
                        runtime.pollBackground()
                        terminal.draw(runtime.frame())
                    })
                usleep(10_000)
            }
            runtime.stopBackgroundWork()
            benchmark.measurement(longest, slowest.microseconds)
        }
    }

    private static func keys(records: Int) {
        let keys = [
            "j", "k", "<PgDn>", "<C-d>", "G", "g", ":\(records / 2)<Enter>", "\(records - 1)G", ":0<Enter>", "]", "]", "]", "]", "h", "j", "j", "l",
            "e", "!", "<Esc>", "?", "<Esc>",
        ]
        let figures = ["median", "slowest"].map { SameRunMetric.figure("key → complete frame, \($0) (µs)") }
        Benchmark(
            "inspector on \(records) records: first frame, then \(keys.count) keys",
            configuration: .measuring([.wallClock] + figures)
        ) { benchmark in
            let path = try BenchmarkLogs.written(records: records, smallSegments: false)
            benchmark.startMeasurement()
            let (runtime, terminal) = try open(path)
            benchmark.stopMeasurement()
            var latencies: [Duration] = []
            for text in keys {
                let parsed = try KeyNotation.parse(text)
                latencies.append(
                    try Benchmark.time {
                        for key in parsed { runtime.handle(.key(key)) }
                        terminal.draw(runtime.frame())
                    })
            }
            runtime.stopBackgroundWork()
            latencies.sort()
            benchmark.measurement(figures[0], latencies[latencies.count / 2].microseconds)
            benchmark.measurement(figures[1], latencies[latencies.count - 1].microseconds)
        }
    }

    /// The real app in tmux on the log `log` makes, beside a 1-segment log in the same iteration: RSS
    /// once its full check is done and the peak on the way.
    private static func residentMemory(name: String, perSegment: Bool, log: @escaping () throws -> String) {
        let metrics = [
            SameRunMetric.figure("RSS after the full check (MiB)"), SameRunMetric.figure("peak RSS (MiB)"),
            SameRunMetric.figure("RSS on a 1-segment log (MiB)"),
        ]
        let bytesPerSegment = SameRunMetric.figure("RSS bytes a segment above the 1-segment log")
        Benchmark(
            "inspector in tmux, RSS after its full check, \(name)",
            configuration: .measuring(metrics + (perSegment ? [bytesPerSegment] : []))
        ) { benchmark in
            let path = try log()
            let small = try settledMemory(try BenchmarkLogs.written(records: 1000, smallSegments: false))
            let large = try settledMemory(path)
            for (metric, kib) in zip(metrics, [large.resident, large.peak, small.resident]) { benchmark.measurement(metric, kib / 1024) }
            if perSegment {
                benchmark.measurement(bytesPerSegment, (large.resident - small.resident) * 1024 / max(1, BenchmarkFiles.storeCount(path)))
            }
        }
    }

    /// The app's RSS and peak RSS in KiB on `path` once its full check is done (the status bar says
    /// "no anomalies" with no "checking…").
    private static func settledMemory(_ path: String) throws -> (resident: Int, peak: Int) {
        let app = try TmuxApp(try Tools.logscope(), [path])
        defer { app.stop() }
        guard app.wait(timeout: .seconds(300), until: { $0.contains("no anomalies") && !$0.contains("checking") }) != nil else {
            throw BenchmarkFailure("the inspector did not finish its full check of \(path) within 300 s:\n\(app.screen())")
        }
        usleep(500_000)
        return (app.process.residentKiB, app.process.peakResidentKiB)
    }
}
