import Foundation
import LogCore
import TestSupport
import Testing

/// Directories read through `--via` (here `env`, a command that runs its arguments "there" with
/// stdin and stdout attached): every read-only command says what it says of the local directory,
/// an agent is pushed where none is installed, and the writers refuse.
@Suite struct RemoteViaTests {
    /// `--via` with a PATH that has the built `logscope` on it.
    private static let via = "env PATH=\(TestPaths.productsDirectory):/usr/bin:/bin"
    /// `--via` with a PATH without logscope: the agent is pushed.
    private static let bare = "env PATH=/usr/bin:/bin"

    /// What `arguments` print locally and through `via` (its prefix taken off the names), and both
    /// exit statuses.
    private func both(_ arguments: [String], via: String = via) throws -> (local: CommandResult, remote: CommandResult) {
        let local = try Logscope.run(arguments)
        var remote = try Logscope.run([arguments[0], "--via", via] + arguments.dropFirst())
        remote.stdout = remote.stdout.replacingOccurrences(of: "[\(via)]/", with: "/")
        remote.stderr = remote.stderr.replacingOccurrences(of: "[\(via)]/", with: "/")
        return (local, remote)
    }

    @Test(arguments: [
        ["check"], ["check", "--json"], ["stat"], ["stat", "--json"], ["dump", "--format", "jsonl", "--payload", "base64"], ["tail", "-n", "7"],
    ])
    func aCommandSaysOfTheDirectoryThroughTheAgentWhatItSaysHere(command: [String]) throws {
        for directory in [TestPaths.golden + "/crashed", TestPaths.fixture("damaged/store-zero-run"), TestPaths.raft + "/E-snapshot/node-1"] {
            let (local, remote) = try both(command + [directory])
            #expect(remote.status == local.status, "\(command) \(directory): \(remote.stderr)")
            #expect(remote.stdout == local.stdout, "\(command) \(directory)")
            #expect(remote.stderr == local.stderr, "\(command) \(directory)")
            #expect(!local.stdout.isEmpty)
        }
    }

    @Test func aDiffOfNodesThroughTheAgentIsTheLocalDiff() throws {
        let nodes = (0..<3).map { TestPaths.raft + "/B-follower-lag/node-\($0)" }
        let (local, remote) = try both(["diff"] + nodes)
        #expect(remote.status == local.status)
        #expect(remote.stdout == local.stdout)
        #expect(local.stdout.contains("log 200...499 absent (300): the same records in 0, 1; nothing in 2"))
    }

    @Test func aRepairedCopyOfADirectoryReadThroughTheAgentIsTheSameBytes() throws {
        let dir = TemporaryDirectory("via")
        let source = TestPaths.fixture("damaged/crashed")
        let local = try Logscope.run(["repair", source, "--output", dir.child("local")])
        let remote = try Logscope.run(["repair", "--via", Self.via, source, "--output", dir.child("remote")])
        #expect(local.status == 0 && remote.status == 0, "\(remote.stderr)")
        #expect(Files.digests(dir.child("local")) == Files.digests(dir.child("remote")))
        #expect(!Files.digests(dir.child("local")).isEmpty)
    }

    @Test func aMachineWithoutLogscopeGetsTheAgentPushedForTheSession() throws {
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
        let (local, remote) = try both(["dump", TestPaths.golden + "/crashed"], via: Self.bare)
        #expect(remote.stdout == local.stdout)
        #expect(remote.stderr.contains("it has no `logscope` on the PATH its shell gives commands; pushing the agent ("))
        #expect(remote.stderr.contains(") for this session"))
        // The pushed agent's private directory is gone with it.
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
        #expect(after.subtracting(before).filter { $0.hasPrefix("logscope-agent.") }.isEmpty)
    }

    @Test func noPushRefusesAndSaysWhatToInstall() throws {
        let result = try Logscope.run(["check", "--no-push", "--via", Self.bare, TestPaths.golden + "/crashed"])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasSuffix(
                "it has no `logscope` on the PATH its shell gives commands; install logscope \(LogscopeVersion.current) there, "
                    + "or leave out --no-push to push the agent for the session\n"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theWritersAndRepairsOutputRefuseAnotherMachine() throws {
        for arguments in [["write", "ssh://n0/var/lib/log"], ["append", "n0:/var/lib/log", "value"]] {
            let result = try Logscope.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("is on another machine; logscope writes only directories on this one"))
        }
        let repair = try Logscope.run(["repair", TestPaths.golden + "/crashed", "--output", "n0:/tmp/repaired"])
        #expect(repair.status == 2)
        #expect(repair.stderr.hasPrefix("logscope: repair --output: n0:/tmp/repaired is on another machine"))
    }

    @Test func aMalformedAddressOrAMissingTransportIsAClearError() throws {
        let malformed = try Logscope.run(["dump", "ssh://n0:port/var/lib/log"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "logscope: ssh://n0:port/var/lib/log: the port after n0 is not a number from 1 to 65535\n")
        let missing = try Logscope.run(["check", "--via", "/nonexistent/transport -i", "/var/lib/log"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "logscope: [/nonexistent/transport -i]/var/lib/log: cannot run `/nonexistent/transport`: No such file or directory\n")
        let relative = try Logscope.run(["check", "--via", Self.via, "var/lib/log"])
        #expect(relative.status == 2)
        #expect(relative.stderr == "logscope: var/lib/log: with --via, give the directory's absolute path on the other machine\n")
    }

    @Test func aMissingDirectoryOrAFileThereIsSaidAsHere() throws {
        let dir = TemporaryDirectory("via")
        _ = FileManager.default.createFile(atPath: dir.child("file"), contents: Data("x".utf8))
        for path in [dir.child("missing/data"), dir.child("missing/log"), dir.child("file")] {
            let (local, remote) = try both(["dump", path])
            #expect(remote.status == 2)
            #expect(remote.stderr == local.stderr, "\(path)")
            #expect(local.stderr.contains(path.hasSuffix("file") ? "not a directory" : "no such directory"))
        }
    }
}
