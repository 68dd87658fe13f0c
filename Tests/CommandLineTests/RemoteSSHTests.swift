import Foundation
import TestSupport
import Testing

/// Remote directories over a real ssh: the built `logscope` given `ssh://USER@127.0.0.1:PORT/path`
/// (and lnav's `USER@127.0.0.1:/path`) with `LOGSCOPE_SSH` set to a test server's client command
/// (``TestSupport/SSHServer``), whose sessions run the same binary as `logscope agent`.
///
/// A remote directory must read as the local one: the same output and exit status, except that
/// each path names its machine (`USER@127.0.0.1:PORT:/path` where the local command says `/path`).
@Suite(.serialized, .enabled(if: SSHServer.isAvailable, SSHServer.skipComment))
struct RemoteSSHTests {
    /// Runs `logscope arguments` with `LOGSCOPE_SSH` set to `ssh`.
    func run(_ arguments: [String], ssh: String) throws -> CommandResult {
        try Logscope.run(arguments, through: ["/usr/bin/env", "LOGSCOPE_SSH=" + ssh])
    }

    /// `result` as the local command would print it: `prefix` taken from in front of every path.
    func local(_ result: CommandResult, prefix: String) -> CommandResult {
        var local = result
        local.stdout = result.stdout.replacingOccurrences(of: prefix + "/", with: "/")
        local.stderr = result.stderr.replacingOccurrences(of: prefix + "/", with: "/")
        return local
    }

    /// `text` without what changes from one run to the next: run by another user than root, the
    /// count of processes whose open files the live check could not read.
    func steady(_ text: String) -> String {
        text.replacingOccurrences(
            of: "could not read the open files of [0-9]+ processes", with: "could not read the open files of N processes", options: .regularExpression)
    }

    /// Expects the remote run to print what the local one printed, once the machine is taken out of
    /// its paths, and to name no path under `root` without its machine (but the directories in
    /// `here`, given as local paths).
    func expectSame(
        remote: CommandResult, local expected: CommandResult, prefix: String, root: String, here: [String] = [], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let seen = local(remote, prefix: prefix)
        #expect(seen.status == expected.status, "\(what): exit status; stderr:\n\(remote.stderr)", sourceLocation: sourceLocation)
        #expect(seen.stdout == expected.stdout, "\(what): stdout", sourceLocation: sourceLocation)
        #expect(steady(seen.stderr) == steady(expected.stderr), "\(what): stderr", sourceLocation: sourceLocation)
        for text in [remote.stdout, remote.stderr] {
            let local = here.reduce(0) { $0 + text.components(separatedBy: $1).count - 1 }
            #expect(
                text.components(separatedBy: root).count - 1 == text.components(separatedBy: prefix + root).count - 1 + local,
                "\(what): a path without its machine:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    /// `dump` and `check` (text and JSON) of healthy, crashed and damaged directories and of a node
    /// directory there print what they print here, with the same exit status.
    @Test func dumpAndCheckOfARemoteDirectoryPrintWhatTheLocalCommandsPrint() throws {
        let server = try SSHServer.start()
        let directories = [
            TestPaths.golden + "/crashed", TestPaths.golden + "/small", TestPaths.fixture("damaged/store-torn-tail"),
            TestPaths.fixture("damaged/index-without-store"), TestPaths.fixture("damaged/segment-gap"), TestPaths.raft + "/B-follower-lag/node-2",
        ]
        let commands = [["dump"], ["dump", "--format", "jsonl", "--payload", "hex"], ["check"], ["check", "--json"]]
        for directory in directories {
            for command in commands {
                let expected = try Logscope.run(command + [directory])
                let remote = try run(command + [server.url(for: directory)], ssh: server.sshCommand)
                expectSame(remote: remote, local: expected, prefix: server.prefix, root: TestPaths.packageRoot, "\(command) \(directory)")
            }
        }
        // The lnav form, the port given to ssh: named as written, USER@127.0.0.1:/path.
        let lnav = "\(server.user)@127.0.0.1:"
        let crashed = TestPaths.golden + "/crashed"
        for command in [["dump"], ["check"]] {
            let remote = try run(command + [lnav + crashed], ssh: server.sshCommand + " -p \(server.port)")
            expectSame(remote: remote, local: try Logscope.run(command + [crashed]), prefix: lnav, root: TestPaths.packageRoot, "\(command) lnav form")
        }
        #expect(server.log.contains("Accepted publickey for \(server.user) from 127.0.0.1"), "read through the test's sshd:\n\(server.log)")
        // What is compared is not empty: the fixtures are damaged, and each says so.
        let check = try run(["check", server.url(for: crashed)], ssh: server.sshCommand)
        #expect(check.status == 1)
        #expect(check.stdout.contains("IDX-PAST-STORE-END error 11.index[36..<276] offsets 14...33"), "\(check.stdout)")
    }

    /// `diff` of three node directories of the replicated service there (snapshots included), and of
    /// two there and one here, is the diff of the three here.
    @Test func diffOfRemoteNodeDirectoriesIsTheLocalDiff() throws {
        let server = try SSHServer.start()
        for scenario in ["B-follower-lag", "E-snapshot"] {
            let nodes = (0..<3).map { TestPaths.raft + "/\(scenario)/node-\($0)" }
            let expected = try Logscope.run(["diff"] + nodes)
            #expect(expected.stdout.contains("log 0...199 agree (200)") || expected.stdout.contains("log 0...499 agree (500)"))
            let remote = try run(["diff"] + nodes.map(server.url(for:)), ssh: server.sshCommand)
            #expect(remote.stdout.hasPrefix("0 = \(server.prefix)\(nodes[0])\n1 = \(server.prefix)\(nodes[1])\n"), "\(remote.stdout)")
            expectSame(remote: remote, local: expected, prefix: server.prefix, root: TestPaths.packageRoot, "diff \(scenario)")
            // Two directories there and one here.
            let mixed = try run(["diff", server.url(for: nodes[0]), nodes[1], server.url(for: nodes[2])], ssh: server.sshCommand)
            #expect(mixed.stdout.contains("\n1 = \(nodes[1])\n"), "\(mixed.stdout)")
            expectSame(remote: mixed, local: expected, prefix: server.prefix, root: TestPaths.packageRoot, here: [nodes[1]], "diff \(scenario), one node here")
        }
        let jsonl = try run(
            ["diff", "--format", "jsonl"] + (0..<3).map { server.url(for: TestPaths.raft + "/B-follower-lag/node-\($0)") }, ssh: server.sshCommand)
        let expected = try Logscope.run(["diff", "--format", "jsonl"] + (0..<3).map { TestPaths.raft + "/B-follower-lag/node-\($0)" })
        expectSame(remote: jsonl, local: expected, prefix: server.prefix, root: TestPaths.packageRoot, "diff --format jsonl")
    }

    /// `tail -f` of a directory on the other machine, made and filled there by a live writer (rolling
    /// a segment every few records): every offset once, in order, byte for byte what a local tail of
    /// the finished log prints; Ctrl-C exits 0.
    @Test func tailFollowsAWriterOnTheOtherMachine() throws {
        let server = try SSHServer.start()
        let scratch = TemporaryDirectory("remote-tail")
        let log = scratch.child("log")
        let output = scratch.child("tail.jsonl")
        let notes = scratch.child("tail.err")
        let tail = Process()
        tail.executableURL = URL(fileURLWithPath: TestPaths.logscope)
        tail.arguments = ["tail", "-f", "--from", "start", "--format", "jsonl", server.url(for: log)]
        tail.environment = ProcessInfo.processInfo.environment.merging(["LOGSCOPE_SSH": server.sshCommand]) { $1 }
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: notes, contents: nil)
        tail.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        tail.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: notes))
        tail.standardInput = FileHandle.nullDevice
        try tail.run()
        defer { if tail.isRunning { kill(tail.processIdentifier, SIGKILL) } }
        func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        func offsets() -> [Int] {
            text(output).split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["offset"] as? Int
            }
        }
        // The agent is reached and waits for the directory before the writer makes it.
        let waiting = "logscope: waiting for \(server.prefix)\(log) to appear"
        var deadline = ContinuousClock.now + .seconds(10)
        while !text(notes).contains(waiting) && tail.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        #expect(text(notes).contains(waiting), "\(text(notes))")
        let writer = try Logscope.run(["write", "--rate", "500", "--count", "1500", "--max-store-bytes", "1024", "--max-index-bytes", "1024", log])
        #expect(writer.status == 0, "\(writer.stderr)")
        deadline = ContinuousClock.now + .seconds(20)
        while offsets().count < 1500 && tail.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        usleep(300_000)  // anything more would be a record printed twice
        #expect(tail.isRunning, "tail -f ended by itself: \(text(notes))")
        kill(tail.processIdentifier, SIGINT)
        tail.waitUntilExit()
        #expect(tail.terminationReason == .exit && tail.terminationStatus == 0, "Ctrl-C exits 0; stderr:\n\(text(notes))")
        #expect(offsets() == Array(0..<1500), "every offset exactly once, in order; stderr:\n\(text(notes))")
        let expected = try Logscope.run(["tail", "--from", "start", "--format", "jsonl", log])
        #expect(expected.status == 0)
        #expect(text(output) == expected.stdout, "the records as a local tail prints them")
    }

    /// The inspector (the default command) on a node directory over ssh, in tmux: the first screen
    /// is the local one with the machine in the title, `L` lists the node's logs, and `q` quits.
    @Test func theInspectorShowsARemoteNodeDirectory() throws {
        let server = try SSHServer.start()
        let node = TestPaths.raft + "/B-follower-lag/node-0"
        let command = "LOGSCOPE_SSH=\(SSHServer.shellQuoted(server.sshCommand)) \(SSHServer.shellQuoted(TestPaths.logscope))"
        let here = try TmuxSession("\(SSHServer.shellQuoted(TestPaths.logscope)) \(SSHServer.shellQuoted(node))")
        let tmux = try TmuxSession("\(command) \(SSHServer.shellQuoted(server.url(for: node)))")
        func firstScreen(_ session: TmuxSession) throws -> String {
            try session.waitUntil("the node's first screen, its check done") {
                $0.contains("a node's data directory: showing log; L lists its 2 logs (log, raft/log)") && $0.contains("✔ no anomalies")
                    && !$0.contains("checking…")
            }
        }
        let screen = try firstScreen(tmux)
        let title = try #require(screen.split(separator: "\n").first)
        #expect(title.hasPrefix(" logscope \(server.prefix)\(node)/log › segment 0 › offset 0 "), "\(title)")
        #expect(screen.contains("─ Segments (9) ─"))
        #expect(screen.contains("│ ✔ 0        0...60               61   4108    732  100% "), "\(screen)")
        #expect(screen.contains("│ 0              0        0     26 ok         record 0: juliet mike mike "), "\(screen)")
        #expect(screen.contains("row 1/61 · segment 1/9"))
        // Everything else is what the same directory shows here.
        func normalized(_ screen: String) -> [String] {
            screen.replacingOccurrences(of: server.prefix + "/", with: "/").split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                $0.offset == 0 ? $0.element.split(separator: " ").joined(separator: " ") : String($0.element)
            }
        }
        let local = try firstScreen(here)
        let (remoteLines, localLines) = (normalized(screen), normalized(local))
        #expect(remoteLines.count == localLines.count, "over ssh:\n\(screen)\nhere:\n\(local)")
        for (remoteLine, localLine) in zip(remoteLines, localLines) where remoteLine != localLine {
            Issue.record("over ssh:\n\(remoteLine)\nhere:\n\(localLine)")
        }
        try here.keys("q")
        // The node's other log, read over the same connection.
        try tmux.keys("L")
        try tmux.waitUntil("the list of the node's logs") { $0.contains("─ Logs of this node ─") && $0.contains("│ ● log ") && $0.contains("│   raft/log ") }
        try tmux.keys("j", "Enter")
        let raft = try tmux.waitUntil("the Raft log") { $0.contains("raft/log (log 2 of 2; L lists them)") && $0.contains("─ Segments (10) ─") }
        #expect(raft.hasPrefix(" logscope \(server.prefix)\(node)/raft/log › segment 1 › offset 1 "), "\(raft)")
        #expect(raft.contains("IDX-ZERO-TAIL segment 1, 1.index[648..<1200]"), "\(raft)")
        try tmux.keys("q")
        let end = try tmux.waitFor("LOGSCOPE-EXIT 0")
        #expect(!end.contains("Segments ("), "the terminal is restored after quitting")
    }

    /// A host that refuses the connection is an I/O error (exit 2) that names the directory and ssh's
    /// status; `write` and `append` refuse a directory on another machine before connecting to it.
    @Test func aHostThatRefusesAndWritesAreErrors() throws {
        let server = try SSHServer.start()
        let scratch = TemporaryDirectory("remote-errors")
        let closed = try SSHServer.freePort()
        let directory = TestPaths.golden + "/small"
        for command in [["dump"], ["check"], ["diff", directory]] {
            let refused = try run(command + ["ssh://\(server.user)@127.0.0.1:\(closed)\(directory)"], ssh: server.sshCommand)
            #expect(refused.status == 2, "\(command): \(refused.stderr)")
            #expect(refused.stdout.isEmpty)
            #expect(
                refused.stderr.contains(
                    "logscope: \(server.user)@127.0.0.1:\(closed):\(directory): the connection to the agent ended; `ssh` exited with status 255"),
                "\(command): \(refused.stderr)")
        }
        // logscope writes only here, whatever the form; nothing is made on the other machine.
        let target = scratch.child("log")
        for argument in [server.url(for: target), "\(server.user)@127.0.0.1:\(target)"] {
            for command in [["write", argument, "--count", "10"], ["append", argument, "hello"]] {
                let result = try run(command, ssh: server.sshCommand)
                #expect(result.status == 2, "\(command): \(result.stderr)")
                #expect(
                    result.stderr
                        == "logscope: \(command[0]): \(argument) is on another machine; logscope writes only directories on this one (read it there with `logscope dump`, `check`, …)\n",
                    "\(command)")
                #expect(!FileManager.default.fileExists(atPath: target), "\(command) made \(target)")
            }
        }
        #expect(!server.log.contains("Accepted publickey"), "no write connected to the other machine:\n\(server.log)")
    }
}
