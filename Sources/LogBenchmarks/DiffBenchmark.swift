import Glibc
import LogCore
import LogInspection

/// Times `logscope diff` of two identical logs of `--records` × 100-byte values (10M by default, 1.2 GB
/// each), warm cache, against `cat` of the same files to /dev/null in the same run: a diff reads each
/// byte once, so `cat` is the floor. Peak RSS from `wait4` shows that memory does not grow with the logs.
struct DiffBenchmark {
    let options: BenchmarkOptions

    func run() throws {
        let records = options.records == 1_000_000 ? 10_000_000 : options.records
        let paths = ["a", "b"].map { options.directory + "/diff-\(records)-\($0)" }
        for path in paths where FileSystemCleanup.size(of: path) == 0 {
            let log = try Log(directory: path, config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20), createDirectory: true)
            for offset in 0..<UInt64(records) { _ = try log.append(SampleValues.value(for: offset, size: 100)) }
            try log.close()
        }
        let files = try paths.flatMap { path in try LogDirectory(path: path).segments.flatMap { [$0.storePath, $0.indexPath].compactMap { $0 } } }
        let bytes = paths.reduce(0) { $0 + FileSystemCleanup.size(of: $1) }
        let logscope = InspectionBenchmark.executableDirectory() + "/logscope"
        let workloads: [(String, String, [String])] = [
            ("`cat` of the same files to /dev/null", "/bin/cat", files),
            ("`logscope diff` (every record compared)", logscope, ["diff"] + paths),
        ]
        _ = ChildRun("/bin/cat", files)  // warm the page cache
        print("| two logs of \(records) records (\(bytes >> 20) MiB in all) | median | records/s | throughput | peak RSS |")
        print("|---|---|---|---|---|")
        var medians: [Double] = []
        for (name, executable, arguments) in workloads {
            let runs = (0..<options.runs).map { _ in ChildRun(executable, arguments) }.sorted { $0.seconds < $1.seconds }
            precondition(runs.allSatisfy { $0.status == 0 }, "\(name) failed")
            let median = runs[runs.count / 2]
            medians.append(median.seconds)
            let perSecond = Int(Double(2 * records) / median.seconds)
            print(
                "| \(name) | \(Double(Int(median.seconds * 1000)) / 1000) s | \(perSecond) | \(Double(Int(Double(bytes) / median.seconds / 1e7)) / 100) GB/s "
                    + "| \((runs.map { $0.peakKiB }.max() ?? 0) / 1024) MiB |")
        }
        print("")
        print("diff / cat: \(Double(Int(medians[1] / medians[0] * 10)) / 10)×")
    }
}
