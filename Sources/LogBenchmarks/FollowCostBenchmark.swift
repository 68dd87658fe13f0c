import Glibc
import InspectorCore
import LogCore

/// What watching a live log costs as the directory grows, in the same run: a real writer (`logscope
/// write`, 100-byte records at 2,000 records/s into one large newest segment) on a log of one segment
/// and on a log of many sealed segments written with the reference's default 1024-byte segments (the
/// book's service sets no sizes); `logscope tail -f`, the inspector following (this binary's
/// `follow-inspector` child: the same runtime as the terminal app, drawing into memory, its loop paced
/// as the terminal's) and GNU `tail -f` on the newest store file (the floor of following a file) beside
/// it. Then the writer itself on 1024-byte segments (a roll every few records), and the inspector's
/// first complete frame on both logs. CPU from `/proc/<pid>/stat`, RSS from `/proc/<pid>/status`.
struct FollowCostBenchmark {
    let options: BenchmarkOptions
    /// How many sealed segments the large log has.
    var segments: Int { options.records == 1_000_000 ? 25_000 : options.records }
    let rate = 2_000
    let seconds = 10.0

    /// `logscope`, built beside this binary.
    let logscope = InspectionBenchmark.executableDirectory() + "/logscope"

    func run() throws {
        let small = try fresh(options.directory + "/follow-1", records: 1000, segmentBytes: nil)
        // About nine 100-byte records fill a 1024-byte store.
        let large = try fresh(options.directory + "/follow-\(segments)", records: segments * 9, segmentBytes: 1024)
        let listed = Listing.count(large)
        let bigSegments = ["--max-store-bytes", "16777216", "--max-index-bytes", "12582912"]
        let one = try watch(small, writerArguments: bigSegments)
        let many = try watch(large, writerArguments: bigSegments)
        let rolls = try watch(large, writerArguments: ["--max-store-bytes", "1024", "--max-index-bytes", "1024"], gnuTail: false)
        let firstSmall = try Self.firstFrame(small)
        let firstLarge = try Self.firstFrame(large)
        // Delivery at 20,000 records/s, each record stamped with its append time, on each log.
        let tail = TailBenchmark(options: options)
        let deliveries = try [small, large].map { try tail.follow(rate: 20_000, count: 100_000, template: $0 + ".template") }
        print("| following a writer at \(rate) records/s (\(Int(seconds)) s each, same run) | 1 segment | \(listed) segments | ratio | target |")
        print("|---|---|---|---|---|")
        print("| writer (`logscope write`) CPU | \(pct(one.writer)) | \(pct(many.writer)) | | |")
        print("| GNU `tail -f` on the newest store CPU (baseline) | \(pct(one.gnuTail)) | \(pct(many.gnuTail)) | | |")
        print(
            "| `logscope tail -f` CPU | \(pct(one.tail)) | \(pct(many.tail)) | \(ratio(many.tail, one.tail)) | ≤ 1.5× and below the writer's |"
        )
        print(
            "| inspector following CPU | \(pct(one.inspector)) | \(pct(many.inspector)) | \(ratio(many.inspector, one.inspector)) | ≤ 2× |"
        )
        print("| inspector RSS | \(one.inspectorRSS / 1024) MiB | \(many.inspectorRSS / 1024) MiB | | < 32 MiB |")
        print("| inspector first complete frame | \(ms(firstSmall)) | \(ms(firstLarge)) | \(ratio(firstLarge, firstSmall)) | ≤ 2× or 0.25 s |")
        print(
            "| rolls: the writer on 1024-byte segments, CPU of writer / `tail -f` / inspector | | \(pct(rolls.writer)) / \(pct(rolls.tail)) / \(pct(rolls.inspector)) | | both below the writer's |"
        )
        for (name, delivery) in zip(["1 segment", "\(listed) segments"], deliveries) {
            let sorted = delivery.samples.sorted()
            let p99 = sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1e6
            print(
                "| 20,000 records/s with flush, \(name): delivered / written, in order, p99 append → delivery | \(delivery.count) / 100000, \(delivery.inOrder ? "in order" : "OUT OF ORDER"), \(Double(Int(p99 * 100)) / 100) ms | | | all, ≤ 100 ms |"
            )
        }
        print("CPU is the share of one core over the measured \(Int(seconds)) s; ratios are large / small log.")
    }

    /// What one watch cost: CPU shares (1 = a whole core) and the inspector's RSS in KiB.
    struct Costs {
        var writer = 0.0
        var tail = 0.0
        var inspector = 0.0
        var gnuTail = 0.0
        var inspectorRSS = 0
    }

    /// Runs the writer on `path` with the followers beside it and measures them over ``seconds``.
    private func watch(_ path: String, writerArguments: [String], gnuTail: Bool = true) throws -> Costs {
        let tail = RunningChild(logscope, ["tail", path, "-f", "--from", "end"])
        let inspector = RunningChild(CommandLine.arguments[0], ["follow-inspector", path])
        usleep(3_000_000)  // both have opened the log and settled
        let writer = RunningChild(logscope, ["write", path, "--rate", "\(rate)"] + writerArguments)
        usleep(1_000_000)
        let newest = Listing.newestStore(path)
        let gnu = gnuTail ? RunningChild("/usr/bin/tail", ["-f", newest]) : nil
        usleep(1_000_000)
        let children = [writer, tail, inspector] + (gnu.map { [$0] } ?? [])
        let before = children.map(\.cpuSeconds)
        let start = ContinuousClock.now
        usleep(UInt32(seconds * 1_000_000))
        let after = children.map(\.cpuSeconds)
        let (s, atto) = (ContinuousClock.now - start).components
        let elapsed = Double(s) + Double(atto) / 1e18
        let shares = zip(before, after).map { ($1 - $0) / elapsed }
        let costs = Costs(
            writer: shares[0], tail: shares[1], inspector: shares[2], gnuTail: gnu == nil ? 0 : shares[3], inspectorRSS: inspector.residentKiB)
        writer.stop(signal: SIGINT)
        for child in [tail, inspector] + (gnu.map { [$0] } ?? []) { child.stop(signal: SIGKILL) }
        return costs
    }

    /// The inspector's first complete frame on `path`: opening it and drawing (its full check starts
    /// in the background, as in the app).
    static func firstFrame(_ path: String) throws -> Duration {
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let start = ContinuousClock.now
        let runtime = try InspectorRuntime(path: path, terminal: terminal)
        terminal.draw(runtime.frame())
        let elapsed = ContinuousClock.now - start
        runtime.stopBackgroundWork()
        return elapsed
    }

    /// A copy of the log of `records` written with `logscope write` at `path.template` (written once):
    /// each run starts from the same log, whatever the writers of the last run appended.
    private func fresh(_ path: String, records: Int, segmentBytes: Int?) throws -> String {
        let template = path + ".template"
        if FileSystemCleanup.size(of: template) == 0 {
            let sizes = segmentBytes.map { ["--max-store-bytes", "\($0)", "--max-index-bytes", "\($0)"] } ?? []
            let run = ChildRun(logscope, ["write", template, "--count", "\(records)", "--rate", "0"] + sizes)
            precondition(run.status == 0, "logscope write failed with status \(run.status)")
        }
        try FileSystemCleanup.remove(path)
        let copy = ChildRun("/bin/cp", ["-a", template, path])
        precondition(copy.status == 0, "cp -a \(template) \(path) failed with status \(copy.status)")
        return path
    }

    /// `first-frame DIR [--runs N]`: the inspector's first complete frame on `DIR`, each run, then the
    /// median (a process of its own per directory keeps the page cache warm and the heap fresh).
    static func firstFrames(_ arguments: [String]) throws {
        let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[$0 + 1]) } ?? 5
        var times: [Duration] = []
        for _ in 0..<runs { times.append(try firstFrame(arguments[2])) }
        print("first complete frame on \(arguments[2]): \(times.map { "\($0)" }.joined(separator: ", ")); median \(times.sorted()[runs / 2])")
        // The longest the event loop stops while the background check runs and is taken in (one poll
        // and frame at a time, as the app's loop does): what a user feels as a frozen screen.
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: arguments[2], terminal: terminal)
        terminal.draw(runtime.frame())
        var longest = Duration.zero
        let end = ContinuousClock.now + .seconds(30)
        while runtime.state.checking || !runtime.state.snapshot.fullCheck, ContinuousClock.now < end {
            let start = ContinuousClock.now
            runtime.pollBackground()
            terminal.draw(runtime.frame())
            longest = max(longest, ContinuousClock.now - start)
            usleep(10_000)
        }
        runtime.stopBackgroundWork()
        print("longest poll and frame while the full check ran and was taken in: \(longest)")
    }

    /// The child `follow-inspector DIR`: the inspector's runtime following `DIR` until killed.
    static func inspector(_ arguments: [String]) throws {
        let terminal = PacedTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: arguments[2], terminal: terminal)
        runtime.handle(.key(.character("f")))
        runtime.run()
    }

    private func pct(_ share: Double) -> String { "\(Double(Int(share * 1000)) / 10)%" }
    private func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? "\(Double(Int(a / b * 100)) / 100)×" : "–" }
    private func ratio(_ a: Duration, _ b: Duration) -> String { ratio(seconds(a), seconds(b)) }
    private func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
    private func ms(_ d: Duration) -> String { "\(Double(Int(seconds(d) * 100_000)) / 100) ms" }
}

/// A terminal that draws into memory and waits out each input timeout, as a terminal with no key
/// pressed does: the event loop runs at the app's pace.
final class PacedTerminal: TerminalBackend {
    let size: Size
    init(size: Size) { self.size = size }
    func draw(_ buffer: Buffer) {}
    func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        usleep(useconds_t(max(0, timeoutMilliseconds) * 1000))
        return nil
    }
    func setMouseCapture(_ enabled: Bool) {}
    func setClipboard(_ bytes: [UInt8]) {}
}

/// A child process left running: its CPU time and RSS read from `/proc`, stopped with a signal.
final class RunningChild {
    let pid: pid_t

    /// Starts `executable` with its standard output and error going to /dev/null.
    init(_ executable: String, _ arguments: [String]) {
        pid = ChildRun.spawn(executable, arguments, output: "/dev/null", quietErrors: true)
    }

    /// User and system CPU seconds so far (`utime` + `stime` of `/proc/<pid>/stat`).
    var cpuSeconds: Double {
        guard let text = Listing.text("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory in KiB (`VmRSS`).
    var residentKiB: Int {
        let line = Listing.text("/proc/\(pid)/status")?.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }

    /// Sends `signal` and waits for the child to end.
    func stop(signal: Int32) {
        kill(pid, signal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// Small reads of a directory and of `/proc` for the benchmarks.
enum Listing {
    /// The text of a (small) file, or `nil`.
    static func text(_ path: String) -> String? {
        (try? FileSystem.contents(of: path)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// How many `.store` files `path` holds.
    static func count(_ path: String) -> Int {
        storeBases(path).count
    }

    /// The path of the newest `.store` file of `path`.
    static func newestStore(_ path: String) -> String {
        path + "/\(storeBases(path).max() ?? 0).store"
    }

    private static func storeBases(_ path: String) -> [UInt64] {
        ((try? FileSystem.entries(of: path)) ?? []).compactMap(SegmentFileName.init(parsing:)).filter { $0.kind == .store }.map(\.baseOffset)
    }
}
