import Foundation
import LogCore
import Testing

/// The real binary in tmux (`new-session -d -x 160 -y 48`, `send-keys`, `capture-pane -p`), to assert
/// on what a person would see. Each session has its own tmux server (`-L`), killed when it is released.
package final class TmuxSession {
    /// The tmux server's socket name (`tmux -L`), one per session.
    package let socket = "logscope-e2e-\(UUID().uuidString.prefix(8))"

    /// Starts `command` in a detached `width`×`height` pane of a new tmux server, in the package root;
    /// `LOGSCOPE-EXIT <status>` is printed when it ends.
    package init(_ command: String, width: Int = 160, height: Int = 48) throws {
        _ = FileManager.default.changeCurrentDirectoryPath(TestPaths.packageRoot)
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "\(command); echo LOGSCOPE-EXIT $?; sleep 600"])
        try tmux(["set-option", "-g", "status", "off"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux with `posix_spawn` and `waitpid`, its output going through a file: the server that
    /// `new-session` forks keeps every inherited descriptor open, which defeats pipes (and
    /// Foundation's `Process`, which then never sees the client exit).
    @discardableResult
    package func tmux(_ arguments: [String]) throws -> String {
        let output = NSTemporaryDirectory() + "\(socket)-\(UUID().uuidString).out"
        defer { unlink(output) }
        let argv = (["tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, arguments.contains("new-session") ? "/dev/null" : output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else: a file another test has open for writing at this moment would stay open
        // in the tmux server, which `append` or `Log` beside it would then take for a writer.
        // (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Glibc does not import.)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var pid: pid_t = 0
        // A clean environment: stale LINES/COLUMNS would fix the size of everything inside tmux.
        var environment = ProcessInfo.processInfo.environment
        environment["LINES"] = nil
        environment["COLUMNS"] = nil
        environment["TMUX"] = nil
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        // The test thread blocks most signals, and a child inherits that mask: the tmux server and
        // the pane's shell would then ignore the SIGHUP and SIGTERM of `kill-server` and outlive
        // the test.
        let rc = SpawnAttributes.withDefaultSignals { posix_spawnp(&pid, "tmux", &actions, $0, argv, envp) }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// The pane's text (`capture-pane -p`).
    package func screen() throws -> String { try tmux(["capture-pane", "-p"]) }

    /// The offset the top bar names (`… › offset 42`), or -1.
    package static func selectedOffset(_ screen: String) -> Int {
        Int(screen.split(separator: "\n").first?.split(separator: "›").last?.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    /// Sends `keys` (tmux key names: `Enter`, `C-f`, `j`).
    package func keys(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Types `text` as it is (`send-keys -l`).
    package func literal(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Waits (up to 10 s) until the screen contains `text`; returns the screen.
    @discardableResult
    package func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitUntil(text, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits (up to 10 s) until `condition` holds for the screen; returns the screen.
    @discardableResult
    package func waitUntil(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + .seconds(10)
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("screen never showed \(what); last screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }
}
