import Glibc

/// A program running in a real terminal: a tmux session of its own (a server on a socket of its own),
/// 160x48, whose process's CPU and memory are read from `/proc` and whose screen is read as a person
/// sees it.
final class TmuxApp {
    private let tmux: String
    private let socket: String
    /// The program's process (the pane's, which `exec` makes the program itself).
    let process: RunningChild

    /// Starts `executable` with `arguments` in a new detached session.
    init(_ executable: String, _ arguments: [String]) throws {
        guard let tmux = Tools.tmux else { throw BenchmarkFailure("no tmux: install it (apt-get install tmux) to run the inspector in a terminal") }
        self.tmux = tmux
        socket = "logscope-bench-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        let command = "exec " + ([executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        try ChildRun.succeeding(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "48", command])
        let output = BenchmarkSettings.directory + "/\(socket).pid"
        defer { unlink(output) }
        try ChildRun.succeeding(tmux, ["-L", socket, "display-message", "-p", "#{pane_pid}"], output: output)
        guard let pid = BenchmarkFiles.text(output).flatMap({ pid_t($0.filter(\.isNumber)) }) else {
            throw BenchmarkFailure("tmux gave no pane process for `\(command)`")
        }
        process = RunningChild(pid: pid)
    }

    /// The screen as text.
    func screen() -> String {
        let output = BenchmarkSettings.directory + "/\(socket).screen"
        defer { unlink(output) }
        _ = ChildRun(tmux, ["-L", socket, "capture-pane", "-p"], output: output)
        return BenchmarkFiles.text(output) ?? ""
    }

    /// Types `keys` (tmux key names: `f`, `Enter`).
    func send(_ keys: String...) {
        _ = ChildRun(tmux, ["-L", socket, "send-keys"] + keys)
    }

    /// Waits until the screen satisfies `done`, reading it every 10 ms; the time it took, or `nil`
    /// after `timeout`.
    @discardableResult
    func wait(timeout: Duration, until done: (String) -> Bool) -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if done(screen()) { return ContinuousClock.now - start }
            usleep(10_000)
        }
        return nil
    }

    /// Ends the session and its server.
    func stop() {
        _ = ChildRun(tmux, ["-L", socket, "kill-server"])
    }
}
