import Benchmark

// The gated benchmarks, on package-benchmark, run on demand (not by `swift build` or `swift test`):
//
//   LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product logscope
//   LOGSCOPE_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark [--filter REGEX]
//
// `logscope` is built first: most benchmarks run the real binary. Every figure stands beside a
// baseline taken in the same iteration (a raw writer or reader of the same bytes, `cat`, GNU
// `tail -f`, a 1-segment log, the Go reference's `proglog-bench`), recorded as its own metric
// ("% of raw reader", "cost, % of tail -f on 1 segment"); see `BenchmarkSettings` for the sizes and
// the Benchmarks article of LogCore's documentation for the figures and targets.

let benchmarks: @Sendable () -> Void = {
    AppendReadBenchmarks.register()
    OutputBenchmarks.register()
    CommandBenchmarks.register()
    FollowBenchmarks.register()
    DeliveryBenchmarks.register()
    InspectorBenchmarks.register()
}
