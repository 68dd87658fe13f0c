import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// The server's answers about names: the hello, listings and `stat`s of real files, each confined to
/// the root (a name that links out of it is missing, a path outside it is refused).
@Suite struct AgentListingTests {
    /// A served directory: `0.store` (5 bytes), `0.index` (empty), `sub/`, `out` linking outside.
    private final class Served {
        let dir = TemporaryDirectory("agent-listing")
        let server: AgentServer
        let root: String

        init() throws {
            #expect(mkdir(dir.child("log"), 0o755) == 0)
            #expect(mkdir(dir.child("log/sub"), 0o755) == 0)
            Files.write([1, 2, 3, 4, 5], to: dir.child("log/0.store"))
            Files.write([], to: dir.child("log/0.index"))
            Files.write([9], to: dir.child("secret"))
            #expect(symlink(dir.child("secret"), dir.child("log/out")) == 0)
            let served = try AgentRoot(dir.child("log"))
            root = served.path
            server = AgentServer(root: served, release: "9.9.9-test")
        }

        /// What a `stat` of `path` says, as `FileSystem` reads it.
        func status(_ path: String) -> FileSystem.Status { FileSystem.status(of: path) }
    }

    @Test func theHelloSaysTheProtocolTheReleaseAndTheResolvedRoot() throws {
        let served = try Served()
        #expect(symlink(served.dir.child("log"), served.dir.child("alias")) == 0)
        let server = AgentServer(root: try AgentRoot(served.dir.child("alias")), release: "1.2.3")
        let reply = server.answer(.hello(protocolVersion: 999, release: "0.0.1"))
        #expect(reply == .hello(protocolVersion: AgentProtocol.version, release: "1.2.3", root: served.root))
        #expect(served.root == FileSystem.realPath(served.dir.child("log")))
        #expect(
            AgentServer(root: try AgentRoot(served.root)).answer(.hello(protocolVersion: 1, release: ""))
                == .hello(protocolVersion: AgentProtocol.version, release: LogscopeVersion.current, root: served.root))
    }

    @Test func entriesAreTheNamesInTheDirectory() throws {
        let served = try Served()
        guard case .entries(let names) = served.server.answer(.entries(directory: served.root)) else {
            Issue.record("no listing")
            return
        }
        #expect(names.sorted() == ["0.index", "0.store", "out", "sub"])
        #expect(served.server.answer(.entries(directory: served.root + "/sub")) == .entries([]))
    }

    @Test func entriesOfAMissingDirectoryOrAFileAreTheSystemsError() throws {
        let served = try Served()
        let missing = served.root + "/none"
        #expect(served.server.answer(.entries(directory: missing)) == .failure(.io(operation: "opendir", path: missing, errno: ENOENT)))
        let file = served.root + "/0.store"
        #expect(served.server.answer(.entries(directory: file)) == .failure(.io(operation: "opendir", path: file, errno: ENOTDIR)))
    }

    @Test func entriesOutsideTheRootAreRefused() throws {
        let served = try Served()
        for path in [served.dir.path, served.root + "/..", served.root + "/out", "/", "log"] {
            guard case .failure(.refused) = served.server.answer(.entries(directory: path)) else {
                Issue.record("\(path) was not refused")
                continue
            }
        }
    }

    @Test func aStatusIsWhatStatSays() throws {
        let served = try Served()
        let store = served.server.answer(.status(path: served.root + "/0.store"))
        #expect(store == .status(served.status(served.root + "/0.store")))
        guard case .status(let status) = store else { return }
        #expect(status.kind == .regularFile && status.size == 5 && status.inode != 0 && status.modified > 0)
        #expect(served.server.answer(.status(path: served.root + "/sub")) == .status(served.status(served.root + "/sub")))
        #expect(served.server.answer(.status(path: served.root)) == .status(served.status(served.root)))
        #expect(served.server.answer(.status(path: served.root + "/none")) == .status(FileSystem.Status(kind: .missing, size: 0, inode: 0)))
    }

    @Test func aStatusOutsideTheRootIsRefused() throws {
        let served = try Served()
        let out = served.root + "/out"
        guard case .failure(.refused(let reason)) = served.server.answer(.status(path: out)) else {
            Issue.record("a link out of the root was stat'ed")
            return
        }
        #expect(reason.hasPrefix(out + ": outside the directory the agent serves"))
    }

    /// Each name is `stat`ed where it is; one that links outside the root comes back missing, not as
    /// what it points to.
    @Test func statusesAreEachNamesStatusAndALinkOutIsMissing() throws {
        let served = try Served()
        let names = ["0.store", "0.index", "sub", "none", "out"]
        let reply = served.server.answer(.statuses(directory: served.root, names: names))
        let missing = FileSystem.Status(kind: .missing, size: 0, inode: 0)
        #expect(reply == .statuses(names.prefix(4).map { served.status(served.root + "/" + $0) } + [missing]))
        guard case .statuses(let statuses) = reply else { return }
        #expect(statuses.map(\.kind) == [.regularFile, .regularFile, .directory, .missing, .missing])
        #expect(served.status(served.root + "/out").kind == .regularFile, "the link itself does lead to a file")
        #expect(served.server.answer(.statuses(directory: served.root, names: [])) == .statuses([]))
    }

    /// Names in a directory that is not there are all missing, at once: each name's own check walked up
    /// the directory's missing ancestors again, minutes for one request of a deep path and many names.
    @Test func statusesInAMissingDirectoryAreAllMissingAtOnce() throws {
        let served = try Served()
        let missing = FileSystem.Status(kind: .missing, size: 0, inode: 0)
        let clock = ContinuousClock()
        let started = clock.now
        let deep = served.root + String(repeating: "/x", count: 1900)
        let names = [String](repeating: "a", count: 11_000)
        #expect(served.server.answer(.statuses(directory: deep, names: names)) == .statuses(names.map { _ in missing }))
        #expect(clock.now - started < .seconds(5))
        #expect(served.server.answer(.statuses(directory: served.root + "/0.store", names: ["a", "b"])) == .statuses([missing, missing]))
    }

    @Test func statusesWithANameThatIsNotOneAreRefused() throws {
        let served = try Served()
        for name in ["..", ".", "", "sub/../../secret"] {
            let reply = served.server.answer(.statuses(directory: served.root, names: ["0.store", name]))
            #expect(reply == .failure(.refused(reason: "\(name): not a file name")))
        }
    }

    @Test func statusesInADirectoryOutsideTheRootAreRefused() throws {
        let served = try Served()
        guard case .failure(.refused) = served.server.answer(.statuses(directory: served.dir.path, names: ["secret"])) else {
            Issue.record("a directory outside the root was looked into")
            return
        }
    }
}
