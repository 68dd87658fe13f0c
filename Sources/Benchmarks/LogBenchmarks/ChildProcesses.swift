import Glibc
import LogCore

/// One run of a child process to its end: wall time and peak RSS (`wait4`'s `ru_maxrss`).
struct ChildRun {
    var seconds: Double
    var peakKiB: Int
    var status: Int32

    /// Runs `executable` with its standard output going to `output`.
    init(_ executable: String, _ arguments: [String], output: String = "/dev/null") {
        let start = ContinuousClock.now
        let pid = ChildProcess.spawn(executable, arguments, output: output)
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        seconds = (ContinuousClock.now - start).seconds
        peakKiB = usage.ru_maxrss
        self.status = status
    }

    /// Runs `executable` and throws when it fails.
    @discardableResult
    static func succeeding(_ executable: String, _ arguments: [String], output: String = "/dev/null") throws -> ChildRun {
        let run = ChildRun(executable, arguments, output: output)
        guard run.status == 0 else {
            // A wait status: the exit code in bits 8–15, or the signal that ended the child in bits 0–6.
            let how = run.status & 0x7f == 0 ? "exited with status \(run.status >> 8)" : "was killed by signal \(run.status & 0x7f)"
            throw BenchmarkFailure("`\(([executable] + arguments).joined(separator: " "))` \(how)")
        }
        return run
    }
}

/// A child process left running: its CPU time and RSS read from `/proc`, stopped with a signal.
final class RunningChild {
    let pid: pid_t

    /// Starts `executable` with its standard output and error going to /dev/null.
    init(_ executable: String, _ arguments: [String]) {
        pid = ChildProcess.spawn(executable, arguments, output: "/dev/null", quietErrors: true)
    }

    /// Adopts the process `pid` (one a terminal multiplexer started).
    init(pid: pid_t) {
        self.pid = pid
    }

    /// User and system CPU seconds so far (`utime` + `stime` of `/proc/<pid>/stat`).
    var cpuSeconds: Double { ChildProcess.cpuSeconds(of: pid) }

    /// Resident memory in KiB (`VmRSS`).
    var residentKiB: Int { ChildProcess.statusField("VmRSS:", of: pid) }

    /// Peak resident memory in KiB (`VmHWM`).
    var peakResidentKiB: Int { ChildProcess.statusField("VmHWM:", of: pid) }

    /// Sends `signal` and waits for the child to end.
    func stop(signal: Int32) {
        kill(pid, signal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// Starting children and reading their figures from `/proc`.
enum ChildProcess {
    /// Starts `executable` with its standard output going to `output` (and, with `quietErrors`, its
    /// standard error to /dev/null); returns its process id. The child's environment is this
    /// process's without `LD_PRELOAD`: the runner preloads its allocation counter into the benchmark,
    /// not into the commands it measures.
    static func spawn(_ executable: String, _ arguments: [String], output: String, quietErrors: Bool = false) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if quietErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        return spawn(executable, arguments, actions: &actions)
    }

    /// Starts `executable` with its standard output going to the pipe's write end `pipeWrite` (closed
    /// in the child after it is duplicated, and `pipeRead` closed there too).
    static func spawn(_ executable: String, _ arguments: [String], outputPipe pipeWrite: Int32, closing pipeRead: Int32) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeWrite, 1)
        posix_spawn_file_actions_addclose(&actions, pipeWrite)
        posix_spawn_file_actions_addclose(&actions, pipeRead)
        return spawn(executable, arguments, actions: &actions)
    }

    private static func spawn(_ executable: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t) -> pid_t {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = environmentWithoutPreload.map { strdup($0) } + [nil]
        defer { for pointer in argv + environment { free(pointer) } }
        // The runner blocks signals in the benchmark process: without this a child could not be
        // stopped with SIGINT or SIGTERM.
        let status = SpawnAttributes.withDefaultSignals { posix_spawn(&pid, executable, &actions, $0, argv, environment) }
        return status == 0 ? pid : -1
    }

    /// This process's environment without `LD_PRELOAD`.
    static var environmentWithoutPreload: [String] {
        var entries: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if !text.hasPrefix("LD_PRELOAD=") { entries.append(text) }
            cursor += 1
        }
        return entries
    }

    /// User and system CPU seconds of `pid` so far (`utime` + `stime` of `/proc/<pid>/stat`).
    static func cpuSeconds(of pid: pid_t) -> Double {
        guard let text = BenchmarkFiles.text("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A `kB` field of `/proc/<pid>/status` (`VmRSS:`, `VmHWM:`), or 0.
    static func statusField(_ name: String, of pid: pid_t) -> Int {
        let line = BenchmarkFiles.text("/proc/\(pid)/status")?.split(separator: "\n").first { $0.hasPrefix(name) }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }
}
