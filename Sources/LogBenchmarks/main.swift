// The benchmarks, run on demand:
//
//   LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench
//   .build-bench/release/LogBenchmarks [--records N] [--runs N] [--dir PATH]   # LogCore (FORMAT.md §8)
//   .build-bench/release/LogBenchmarks inspect [--records N] [--runs N]       # check/stat/dump on a 1 GiB log
//   .build-bench/release/LogBenchmarks inspector [--records N]                # the inspector on the same log
//   .build-bench/release/LogBenchmarks tail                                   # append → delivery in another process
//   .build-bench/release/LogBenchmarks diff [--records N] [--runs N]          # diff of two 10M-record logs against cat
//
// Each prints a Markdown table of medians for README.
import CMallocCounter
import LogCore

#if canImport(Glibc)
import Glibc
#endif

let options = BenchmarkOptions(CommandLine.arguments)
if CommandLine.arguments.dropFirst().first == "inspect" {
    try InspectionBenchmark(options: options).run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "tail-writer" {
    try TailBenchmark.writer(CommandLine.arguments)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "tail" {
    try TailBenchmark(options: options).run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "diff" {
    try DiffBenchmark(options: options).run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "inspector" {
    try InspectorBenchmark(options: options).run()
    exit(0)
}
var results: [BenchmarkResult] = []

let ddResults = DiskBaseline(directory: options.directory).measure()

for size in [100, 1024] {
    let values = (0..<256).map { i in [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }) }
    var appendRuns: [Measurement] = []
    var readRuns: [Measurement] = []
    var reopenRuns: [Measurement] = []
    for run in 0..<options.runs {
        let path = options.directory + "/log-\(size)-\(run)"
        let config = Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20)
        let log = try Log(directory: path, config: config, createDirectory: true)
        appendRuns.append(
            measure(records: options.records, bytesPerRecord: size) {
                for i in 0..<options.records { _ = try! log.append(values[i & 255]) }
            })
        readRuns.append(
            measure(records: options.records, bytesPerRecord: size) {
                var total = 0
                for i in 0..<options.records { total &+= try! log.read(at: UInt64(i)).value.count }
                precondition(total == options.records * size)
            })
        try log.close()
        reopenRuns.append(
            measure(records: 1, bytesPerRecord: 0) {
                let reopened = try! Log(directory: path, config: config)
                precondition(try! reopened.highestOffset == UInt64(options.records - 1))
                try! reopened.close()
            })
        try FileSystemCleanup.remove(path)
    }
    results.append(BenchmarkResult(name: "append \(options.records) × \(size) B", runs: appendRuns))
    results.append(BenchmarkResult(name: "sequential read by offset, \(options.records) × \(size) B", runs: readRuns))
    results.append(BenchmarkResult(name: "reopen \(options.records)-record log (\(size) B)", runs: reopenRuns))
}

print(BenchmarkReport(results: results, disk: ddResults, options: options).markdown)
