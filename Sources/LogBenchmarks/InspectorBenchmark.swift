import Glibc
import InspectorCore

/// The inspector on a large log (10M records by default, the log `inspect` reads; `--records 100000000`
/// for the 12 GB one): time to the first complete frame, time from each key to its complete frame (data
/// loaded and rendered), and the process's peak RSS. Runs the same runtime as the terminal app, with an
/// in-memory terminal of 160x48. A missing log is generated first, in a child process.
struct InspectorBenchmark {
    let options: BenchmarkOptions

    func run() throws {
        let records = options.records == 1_000_000 ? 10_000_000 : options.records
        let path = BenchmarkLog.path(records: records, in: options.directory)
        BenchmarkLog.generateInChild(path: path, records: records, directory: options.directory)
        let bytes = FileSystemCleanup.size(of: path)
        // The floor of any look at the directory, in the same run: `readdir` and one `stat` per file.
        let listStart = ContinuousClock.now
        _ = FileSystemCleanup.size(of: path)
        let listing = ContinuousClock.now - listStart
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let start = ContinuousClock.now
        let runtime = try InspectorRuntime(path: path, terminal: terminal)
        terminal.draw(runtime.frame())
        let firstFrame = ContinuousClock.now - start
        let keySequences = [
            "j", "k", "<PgDn>", "<C-d>", "G", "g", ":\(records / 2)<Enter>", "\(records - 1)G", ":0<Enter>",
            "]", "]", "]", "]", "h", "j", "j", "l", "e", "!", "<Esc>", "?", "q",
        ]
        var latencies: [(String, Duration)] = []
        for _ in 0..<max(1, options.runs) {
            for text in keySequences where text != "q" {
                let keys = try KeyNotation.parse(text)
                let t0 = ContinuousClock.now
                for key in keys { runtime.handle(.key(key)) }
                terminal.draw(runtime.frame())
                latencies.append((text, ContinuousClock.now - t0))
            }
        }
        runtime.finishBackgroundWork()
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let sorted = latencies.map(\.1).sorted()
        let worst = latencies.max { $0.1 < $1.1 }!
        print("| inspector on \(records) records (\(bytes >> 20) MiB, 160x48) | figure | target |")
        print("|---|---|---|")
        // The 100M-record log's targets are issue 13's; the 10M one keeps its earlier ones.
        let large = records >= 100_000_000
        print("| first complete frame | \(ms(firstFrame)) | \(large ? "< 50 ms" : "< 150 ms") |")
        print("| baseline, same run: `readdir` + one `stat` per file | \(ms(listing)) | |")
        print("| key → complete frame, median of \(sorted.count) | \(ms(sorted[sorted.count / 2])) | < 16 ms |")
        print("| key → complete frame, slowest (`\(worst.0)`) | \(ms(worst.1)) | < 16 ms |")
        print("| peak RSS (including the background full check) | \(usage.ru_maxrss / 1024) MiB | \(large ? "< 32 MiB" : "< 64 MiB") |")
    }

    private func ms(_ d: Duration) -> String {
        let (s, atto) = d.components
        return "\(Double(Int((Double(s) * 1000 + Double(atto) / 1e15) * 100)) / 100) ms"
    }
}
