import Glibc
import InspectorCore
import LogCore
import LogInspection

/// Append-and-flush in one process to delivery in another: a child (this binary, `tail-writer`) appends
/// values that carry their CLOCK_MONOTONIC append time at a fixed rate with flush durability; this
/// process follows with ``LogTailer`` and ``DirectoryWaiter`` (what `logscope tail -f` does) and
/// measures each record's latency. A second run appends 200k records/s for 5 s and reports whether
/// delivery kept up (the lag when the writer finished).
struct TailBenchmark {
    let options: BenchmarkOptions

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The child: `tail-writer DIR RATE COUNT` (RATE 0: as fast as possible).
    static func writer(_ arguments: [String]) throws {
        let path = arguments[2]
        let rate = Double(arguments[3]) ?? 10_000
        let count = Int(arguments[4]) ?? 10_000
        let log = try Log(
            directory: path, config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20, durability: rate == 0 ? .buffered : .flush), createDirectory: true
        )
        var value = [UInt8](repeating: 0x61, count: 100)
        let start = now()
        for i in 0..<count {
            if rate > 0 {
                let due = start + UInt64(Double(i) / rate * 1e9)
                while now() < due {}
            }
            let stamp = now()
            for b in 0..<8 { value[b] = UInt8(truncatingIfNeeded: stamp >> (56 - 8 * UInt64(b))) }
            _ = try log.append(value)
        }
        try log.close()
    }

    func run() throws {
        let latency = try follow(rate: 10_000, count: 30_000)
        let sorted = latency.samples.sorted()
        func percentile(_ p: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6 }
        let flood = try follow(rate: 200_000, count: 1_000_000)
        print("| append → delivery in another process (100 B records) | figure | target |")
        print("|---|---|---|")
        print(
            "| 10k records/s with flush: p50 / p99 / max latency | \(round(percentile(0.5))) / \(round(percentile(0.99))) / \(round(percentile(1))) ms | p50 < 2 ms, p99 < 10 ms |"
        )
        print(
            "| 200k records/s with flush for 5 s: written / delivered records/s, delivery lag at the end | \(Int(flood.writeRate)) / \(Int(flood.deliveryRate)), \(round(flood.finalLag * 1000)) ms | 200k/s sustained, no falling behind |"
        )
        let follow = try inspectorFollow(rate: 200_000, seconds: 3)
        print(
            "| inspector following a 200k records/s writer for 3 s: refreshes / key → frame p50, max / peak RSS | \(follow.refreshes) / \(round(follow.p50)) ms, \(round(follow.max)) ms / \(follow.rssMiB) MiB | keys within one frame (16 ms), < 64 MiB |"
        )
        print(
            "| records delivered exactly once, in order | \(latency.inOrder && flood.inOrder ? "yes" : "NO") (\(latency.samples.count) + \(flood.count)) | yes |"
        )
    }

    private func round(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// The inspector's runtime in follow mode while a child appends: a live refresh every 100 ms (as
    /// the event loop does) and a key every frame.
    private func inspectorFollow(rate: Double, seconds: Double) throws -> (refreshes: Int, p50: Double, max: Double, rssMiB: Int) {
        let path = options.directory + "/follow"
        try FileSystemCleanup.remove(path)
        let words: [String] = [CommandLine.arguments[0], "tail-writer", path, "\(Int(rate))", "\(Int(rate * seconds))"]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        posix_spawn(&pid, CommandLine.arguments[0], nil, nil, argv, environ)
        while FileSystemCleanup.size(of: path) == 0 { usleep(1000) }
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: path, terminal: terminal, fullCheck: false)
        runtime.handle(.key(.character("f")))
        var latencies: [Double] = []
        var refreshes = 0
        var status: Int32 = 0
        var keys: [Key] = [.character("j"), .character("k"), .character("G"), .character("]")]
        while waitpid(pid, &status, WNOHANG) == 0 {
            let before = runtime.state.live.head
            runtime.pollLive()
            if runtime.state.live.head != before { refreshes += 1 }
            let key = keys.removeFirst()
            keys.append(key)
            let t0 = Self.now()
            runtime.handle(.key(key))
            terminal.draw(runtime.frame())
            latencies.append(Double(Self.now() - t0) / 1e6)
            usleep(16_000)
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let sorted = latencies.sorted()
        return (refreshes, sorted[sorted.count / 2], sorted.last ?? 0, usage.ru_maxrss / 1024)
    }

    struct Result {
        var samples: [UInt64] = []
        var count = 0
        var inOrder = true
        var writeRate = 0.0
        var deliveryRate = 0.0
        var finalLag = 0.0
    }

    /// Follows a child appending `count` records at `rate` to a new log, or to a copy of the log at
    /// `template` (the writer appends to its newest segment, 16 MiB segments from there on).
    func follow(rate: Double, count: Int, template: String? = nil) throws -> Result {
        let path = options.directory + "/tail-\(Int(rate))"
        try FileSystemCleanup.remove(path)
        if let template {
            let copy = ChildRun("/bin/cp", ["-a", template, path])
            precondition(copy.status == 0, "cp -a \(template) \(path) failed with status \(copy.status)")
        } else {
            mkdir(path, 0o755)
        }
        let tailer = LogTailer(path: path, start: template == nil ? .beginning : .end)
        // On a copied log, the end is where the writer starts: looked up before it appends.
        if template != nil { _ = try tailer.poll() }
        var pid: pid_t = 0
        let words: [String] = [CommandLine.arguments[0], "tail-writer", path, "\(Int(rate))", "\(count)"]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = Self.now()
        posix_spawn(&pid, CommandLine.arguments[0], nil, nil, argv, environ)
        var result = Result()
        // A new log starts at 0; on a copied one, the first record delivered sets where the order starts.
        var next: UInt64? = template == nil ? 0 : nil
        var writerDone = false
        var writerEnd: UInt64 = 0
        while result.count < count {
            var got = false
            for event in try tailer.poll() {
                guard case .records(let records) = event else { continue }
                got = true
                let now = Self.now()
                for record in records {
                    if let next, record.offset != next { result.inOrder = false }
                    next = record.offset + 1
                    if rate > 0 {
                        let stamp = record.value.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        result.samples.append(now - stamp)
                    }
                }
                result.count += records.count
            }
            if !writerDone {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    writerDone = true
                    writerEnd = Self.now()
                }
            }
            if !got { tailer.wait(milliseconds: 5) }
        }
        if !writerDone {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            writerEnd = Self.now()
        }
        let end = Self.now()
        result.writeRate = Double(count) / (Double(writerEnd - start) / 1e9)
        result.deliveryRate = Double(count) / (Double(end - start) / 1e9)
        result.finalLag = end > writerEnd ? Double(end - writerEnd) / 1e9 : 0
        return result
    }
}
