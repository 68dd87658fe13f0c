import Glibc
import LogCore
import LogInspection

/// Times the read-only subcommands of the real `logscope` binary (built next to this one) on a
/// generated log of `--records` × 100-byte values (10M ≈ 1.1 GiB), warm cache, with each child's
/// peak RSS from `wait4`.
struct InspectionBenchmark {
    let options: BenchmarkOptions

    func run() throws {
        let records = options.records == 1_000_000 ? 10_000_000 : options.records
        let path = BenchmarkLog.path(records: records, in: options.directory)
        let logscope = Self.executableDirectory() + "/logscope"
        try BenchmarkLog.generate(path: path, records: records)
        let bytes = FileSystemCleanup.size(of: path)
        let middle = records / 2
        let workloads: [(String, [String])] = [
            ("check (every frame)", ["check", path]),
            ("stat", ["stat", path]),
            ("dump --from 0 --limit 10", ["dump", path, "--from", "0", "--limit", "10"]),
            ("dump --from \(middle) --limit 10", ["dump", path, "--from", "\(middle)", "--limit", "10"]),
            ("dump --from \(records - 10) --limit 10", ["dump", path, "--from", "\(records - 10)", "--limit", "10"]),
        ]
        _ = ChildRun(logscope, ["check", path])  // warm the page cache
        print("| `logscope` command on \(records) records (\(bytes >> 20) MiB) | median | peak RSS | throughput |")
        print("|---|---|---|---|")
        for (name, arguments) in workloads {
            let runs = (0..<options.runs).map { _ in ChildRun(logscope, arguments) }.sorted { $0.seconds < $1.seconds }
            let median = runs[runs.count / 2]
            let rss = runs.map { $0.peakKiB }.max() ?? 0
            let throughput = name.hasPrefix("check") ? "\(Double(Int(Double(bytes) / median.seconds / 1e7)) / 100) GB/s" : "–"
            print("| \(name) | \(Double(Int(median.seconds * 10_000)) / 10) ms | \(rss / 1024) MiB | \(throughput) |")
        }
        try manySegments(logscope)
        try checkBesideCat(logscope)
    }

    /// `check` beside `cat` on the same files in the same run (these machines are noisy: the ratio
    /// holds where a figure alone does not): a 5M-record log of varied values written by the release
    /// `logscope write`, warm cache, the median of `--runs` runs of each. Runs on its own as
    /// `LogBenchmarks check-cat`.
    func checkBesideCat(_ logscope: String = Self.executableDirectory() + "/logscope") throws {
        let records = 5_000_000
        let path = options.directory + "/check-\(records)"
        if FileSystemCleanup.size(of: path) == 0 {
            // Written aside and renamed when whole: an interrupted run leaves no short log to measure.
            let partial = path + ".partial"
            try FileSystemCleanup.remove(partial)
            let written = ChildRun(logscope, ["write", partial, "--count", "\(records)", "--rate", "0"])
            guard written.status == 0, rename(partial, path) == 0 else {
                throw LogError.corrupt(path: partial, position: 0, reason: "`\(logscope) write` failed (status \(written.status)); is it built?")
            }
        }
        let files = try LogDirectory(path: path).segments.flatMap { [$0.storePath, $0.indexPath].compactMap { $0 } }
        let bytes = FileSystemCleanup.size(of: path)
        _ = ChildRun("/bin/cat", files)  // warm the page cache
        _ = ChildRun(logscope, ["check", path])
        // Interleaved, so both see the same load.
        var cat: [Double] = []
        var check: [Double] = []
        for _ in 0..<options.runs {
            cat.append(ChildRun("/bin/cat", files).seconds)
            check.append(ChildRun(logscope, ["check", path]).seconds)
        }
        let catSeconds = cat.sorted()[cat.count / 2]
        let checkSeconds = check.sorted()[check.count / 2]
        func rate(_ seconds: Double) -> String { "\(Double(Int(Double(bytes) / seconds / 1e7)) / 100) GB/s" }
        print("")
        print("| `check` beside `cat` on \(records) varied records (\(bytes >> 20) MiB, \(files.count) files) | median | throughput |")
        print("|---|---|---|")
        print("| `cat` of every file > /dev/null | \(Double(Int(catSeconds * 10_000)) / 10) ms | \(rate(catSeconds)) |")
        print("| `logscope check` (every frame, 2 threads) | \(Double(Int(checkSeconds * 10_000)) / 10) ms | \(rate(checkSeconds)) |")
        print("| ratio check / cat | \(Int(catSeconds / checkSeconds * 100))% | target ≥ 30% |")
    }

    /// The same commands, and the inspector's settled first frame (quick check, full check, reopen
    /// prediction), on 10,000 small segments: what is per segment must stay O(n log n).
    private func manySegments(_ logscope: String) throws {
        let path = options.directory + "/inspect-10000-segments"
        if FileSystemCleanup.size(of: path) == 0 {
            // 10 records of 100 B fill a 1,100-byte store: 100,000 records make 10,000 segments.
            let log = try Log(directory: path, config: Config(maxStoreBytes: 1_100, maxIndexBytes: 1_024), createDirectory: true)
            for offset in 0..<UInt64(100_000) { _ = try log.append(SampleValues.value(for: offset, size: 100)) }
            try log.close()
        }
        let segments = try LogDirectory(path: path).segments.count
        let workloads: [(String, [String])] = [
            ("check (every frame)", ["check", path]),
            ("stat", ["stat", path]),
            ("inspector, settled first frame (`--snapshot 160x48`)", ["--snapshot", "160x48", path]),
        ]
        _ = ChildRun(logscope, ["check", path])  // warm the page cache
        print("")
        print("| `logscope` on \(segments) segments (100,000 records) | median | peak RSS |")
        print("|---|---|---|")
        for (name, arguments) in workloads {
            let runs = (0..<options.runs).map { _ in ChildRun(logscope, arguments) }.sorted { $0.seconds < $1.seconds }
            let median = runs[runs.count / 2]
            print("| \(name) | \(Double(Int(median.seconds * 10_000)) / 10) ms | \((runs.map { $0.peakKiB }.max() ?? 0) / 1024) MiB |")
        }
    }

    /// The directory of this executable (where `logscope` is built too).
    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}

/// One run of a child process: wall time and peak RSS (`wait4`'s `ru_maxrss`).
struct ChildRun {
    var seconds: Double
    var peakKiB: Int
    var status: Int32

    /// Runs `executable` with its standard output going to `output`.
    init(_ executable: String, _ arguments: [String], output: String = "/dev/null") {
        let start = ContinuousClock.now
        let pid = Self.spawn(executable, arguments, output: output)
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let (s, atto) = (ContinuousClock.now - start).components
        seconds = Double(s) + Double(atto) / 1e18
        peakKiB = usage.ru_maxrss
        self.status = status
    }

    /// Starts `executable` with its standard output going to `output` (and, with `quietErrors`, its
    /// standard error to /dev/null); returns its process id.
    static func spawn(_ executable: String, _ arguments: [String], output: String, quietErrors: Bool = false) -> pid_t {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if quietErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn(&pid, executable, &actions, nil, argv, environ)
        return pid
    }
}
