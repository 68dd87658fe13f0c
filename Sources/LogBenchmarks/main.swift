// The benchmarks, run on demand:
//
//   LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench
//   .build-bench/release/LogBenchmarks [--records N] [--runs N] [--dir PATH] [--sizes 100,1024]
//                                        # append and read beside a raw writer and reader of the same bytes and the
//                                        # reference's proglog-bench, in the same runs, with their ratios
//   .build-bench/release/LogBenchmarks inspect [--records N] [--runs N]       # check/stat/dump on a 1 GiB log
//   .build-bench/release/LogBenchmarks check-cat [--runs N]                  # only inspect's check beside cat (5M records)
//   .build-bench/release/LogBenchmarks inspector [--records N]                # the inspector on the same log
//                                                                             # (--records 100000000: 12 GB, generated)
//   .build-bench/release/LogBenchmarks tail                                   # append → delivery in another process
//   .build-bench/release/LogBenchmarks diff [--records N] [--runs N]          # diff of two 10M-record logs against cat
//   .build-bench/release/LogBenchmarks follow [--records SEGMENTS]           # watching a live writer: 1 segment against
//                                                                             # 25,000 1024-byte ones (tail -f, the inspector,
//                                                                             # GNU tail -f, rolls, first frame)
//   .build-bench/release/LogBenchmarks dump [--records N] [--runs N]          # dump and tail -n of every record
//                                                                             # beside the raw reader
//   .build-bench/release/LogBenchmarks memory [DIR]                           # heap a segment costs, layer by layer
//                                                                             # (default: follow's 25,000-segment log)
//
// Each prints a Markdown table of medians for README.
import CMallocCounter
import Glibc
import LogCore

/// Runs the subcommand the arguments name; an error (a missing directory, a failed child) is said
/// on stderr with exit status 2, not a crash report.
func runBenchmark() throws {
    let options = BenchmarkOptions(CommandLine.arguments)
    let arguments = CommandLine.arguments
    switch arguments.dropFirst().first {
    case "inspect": try InspectionBenchmark(options: options).run()
    case "check-cat": try InspectionBenchmark(options: options).checkBesideCat()
    case "tail-writer": try TailBenchmark.writer(arguments)
    case "tail": try TailBenchmark(options: options).run()
    case "diff": try DiffBenchmark(options: options).run()
    case "generate": try BenchmarkLog.generate(path: BenchmarkLog.path(records: options.records, in: options.directory), records: options.records)
    case "follow": try FollowCostBenchmark(options: options).run()
    case "first-frame": try FollowCostBenchmark.firstFrames(arguments)
    case "follow-inspector": try FollowCostBenchmark.inspector(arguments)
    case "dump": try DumpBenchmark(options: options).run()
    case "memory": try MemoryBenchmark(path: arguments.count > 2 ? arguments[2] : options.directory + "/follow-25000.template").run()
    case "inspector": try InspectorBenchmark(options: options).run()
    default: try AppendReadBenchmark(options: options).run()
    }
}

do {
    try runBenchmark()
} catch {
    let message = Array("LogBenchmarks: \(error)\n".utf8)
    _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}
