// The benchmarks, run on demand:
//
//   LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench
//   .build-bench/release/LogBenchmarks [--records N] [--runs N] [--dir PATH]   # LogCore (FORMAT.md §8), appends with
//                                                                             # a 4 KiB and a 256 KiB buffer and the
//                                                                             # reference's proglog-bench in the same runs
//   .build-bench/release/LogBenchmarks inspect [--records N] [--runs N]       # check/stat/dump on a 1 GiB log
//   .build-bench/release/LogBenchmarks inspector [--records N]                # the inspector on the same log
//                                                                             # (--records 100000000: 12 GB, generated)
//   .build-bench/release/LogBenchmarks tail                                   # append → delivery in another process
//   .build-bench/release/LogBenchmarks diff [--records N] [--runs N]          # diff of two 10M-record logs against cat
//
// Each prints a Markdown table of medians for README.
import CMallocCounter
import Glibc
import LogCore

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
if CommandLine.arguments.dropFirst().first == "generate" {
    try BenchmarkLog.generate(path: BenchmarkLog.path(records: options.records, in: options.directory), records: options.records)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "inspector" {
    try InspectorBenchmark(options: options).run()
    exit(0)
}
var results: [BenchmarkResult] = []
var comparisons: [String] = []

let ddResults = DiskBaseline(directory: options.directory).measure()
let reference = ReferenceBenchmark.isAvailable ? ReferenceBenchmark(directory: options.directory) : nil

for size in [100, 1024] {
    let values = (0..<256).map { i in [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }) }
    var appendRuns: [Measurement] = []
    var largeBufferRuns: [Measurement] = []
    var referenceRates: [Double] = []
    var readRuns: [Measurement] = []
    var reopenRuns: [Measurement] = []
    // Each run appends with the default (the reference's 4 KiB) buffer, with a 256 KiB one, and with
    // the reference itself, one after the other, so the three see the same machine load.
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

        var largeConfig = config
        largeConfig.bufferBytes = 256 << 10
        let large = try Log(directory: path, config: largeConfig, createDirectory: true)
        largeBufferRuns.append(
            measure(records: options.records, bytesPerRecord: size) {
                for i in 0..<options.records { _ = try! large.append(values[i & 255]) }
            })
        try large.close()
        try FileSystemCleanup.remove(path)

        if let rate = reference?.appendRate(records: options.records, size: size) { referenceRates.append(rate) }
    }
    results.append(BenchmarkResult(name: "append \(options.records) × \(size) B (4 KiB buffer, the default)", runs: appendRuns))
    results.append(BenchmarkResult(name: "append \(options.records) × \(size) B (256 KiB buffer)", runs: largeBufferRuns))
    results.append(BenchmarkResult(name: "sequential read by offset, \(options.records) × \(size) B", runs: readRuns))
    results.append(BenchmarkResult(name: "reopen \(options.records)-record log (\(size) B)", runs: reopenRuns))
    let small = BenchmarkResult(name: "", runs: appendRuns).median.recordsPerSecond
    let largeRate = BenchmarkResult(name: "", runs: largeBufferRuns).median.recordsPerSecond
    var line = "append × \(size) B: 4 KiB / 256 KiB buffer = \(BenchmarkReport.format(small / largeRate, 2))"
    if !referenceRates.isEmpty {
        let referenceRate = referenceRates.sorted()[referenceRates.count / 2]
        line +=
            "; the reference (proglog-bench, same runs) \(BenchmarkReport.format(referenceRate / 1e6, 2)) M records/s"
            + ", LogCore with 4 KiB / reference = \(BenchmarkReport.format(small / referenceRate, 2))"
    } else {
        line += "; the reference was not run (no \(ReferenceBenchmark.executable))"
    }
    comparisons.append(line)
}

print(BenchmarkReport(results: results, disk: ddResults, options: options).markdown)
print("")
for line in comparisons { print(line) }
