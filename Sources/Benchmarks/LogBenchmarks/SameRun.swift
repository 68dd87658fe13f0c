import Benchmark

/// Figures taken beside a baseline in the same iteration, so that both see the same machine load
/// (these machines are shared and vary about 2× from day to day: a ratio from one run says more
/// than a figure).
extension Benchmark {
    /// What one iteration of ``measure(_:beside:as:)`` took.
    struct SameRunTimes {
        var subject: Duration
        var baseline: Duration

        /// The subject's speed as a share of the baseline's (1: as fast).
        var speedRatio: Double { baseline.seconds / subject.seconds }
    }

    /// Runs `subject`, measured (every metric of the benchmark covers it alone), and `baseline`,
    /// timed but not measured, back to back: the baseline first on even iterations and second on odd
    /// ones, so neither always pays for the other's dirty pages or warms the cache for it. Records
    /// the subject's speed as a percentage of the baseline's under `metric`.
    @discardableResult
    func measure(_ subject: () throws -> Void, beside baseline: () throws -> Void, as metric: BenchmarkMetric) throws -> SameRunTimes {
        let baselineFirst = currentIteration.isMultiple(of: 2)
        var baselineTime = Duration.zero
        if baselineFirst { baselineTime = try Self.time(baseline) }
        startMeasurement()
        let subjectTime = try Self.time(subject)
        stopMeasurement()
        if !baselineFirst { baselineTime = try Self.time(baseline) }
        let times = SameRunTimes(subject: subjectTime, baseline: baselineTime)
        measurement(metric, SameRunMetric.percent(times.speedRatio))
        return times
    }

    /// How long `body` took.
    static func time(_ body: () throws -> Void) throws -> Duration {
        let start = ContinuousClock.now
        try body()
        return ContinuousClock.now - start
    }
}

/// The custom metrics the benchmarks record beside package-benchmark's own.
enum SameRunMetric {
    /// A speed as a percentage of a baseline's measured in the same iteration (larger is better).
    static func percent(of baseline: String) -> BenchmarkMetric {
        .custom("% of \(baseline)", polarity: .prefersLarger, useScalingFactor: false)
    }

    /// A cost as a percentage of the same cost on a baseline in the same iteration (smaller is better).
    static func costPercent(of baseline: String) -> BenchmarkMetric {
        .custom("cost, % of \(baseline)", polarity: .prefersSmaller, useScalingFactor: false)
    }

    /// A figure where smaller is better (a time, a share of a core, a size), in the unit `name` says.
    static func figure(_ name: String) -> BenchmarkMetric {
        .custom(name, polarity: .prefersSmaller, useScalingFactor: false)
    }

    /// `ratio` as a whole percentage.
    static func percent(_ ratio: Double) -> Int {
        ratio.isFinite ? Int((ratio * 100).rounded()) : 0
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }

    /// The duration in whole microseconds.
    var microseconds: Int { Int((seconds * 1e6).rounded()) }
}

/// Why a benchmark could not measure what it measures (a missing binary, a failed child, a log that
/// does not hold what it should): said by the runner instead of a figure.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Benchmark.Configuration {
    /// A configuration measuring `metrics`, each custom one shown as the whole number it is (a
    /// percentage, microseconds, MiB: no "K" scaling), with the runner's defaults otherwise.
    static func measuring(
        _ metrics: [BenchmarkMetric], warmupIterations: Int = 0, scalingFactor: BenchmarkScalingFactor = .one,
        maxDuration: Duration = .seconds(600), maxIterations: Int = BenchmarkSettings.runs
    ) -> Self {
        var units: [BenchmarkMetric: BenchmarkUnits] = [:]
        for metric in metrics {
            if case .custom = metric { units[metric] = .count }
        }
        return .init(
            metrics: metrics, units: units, warmupIterations: warmupIterations, scalingFactor: scalingFactor, maxDuration: maxDuration,
            maxIterations: maxIterations)
    }
}
