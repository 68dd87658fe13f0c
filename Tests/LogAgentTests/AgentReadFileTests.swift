import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// `readFile`: the agent opens the file, reads it and closes it, for each request. A file is read
/// whole, in part and past its end, with its status as the open file has it; a read over the limit
/// or at an offset no file can have is refused; a path that cannot be opened or read is the system's
/// error; a path outside the root, by name or through a link (one made a moment ago too), is refused;
/// and nothing is held open between requests.
@Suite struct AgentReadFileTests {
    /// A served directory `log` holding `data` (1000 numbered bytes), `empty`, `sub/inner`, links
    /// inside (`in` to `data`, `subLink` to `sub`, `dangling`) and out (`out` to `secret`, `outDir`
    /// to `outside`), next to `secret` and `outside/secret` outside it.
    private final class Served {
        let dir = TemporaryDirectory("agent-read-file")
        let server: AgentServer
        let root: String
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }

        init() throws {
            for name in ["log", "log/sub", "outside"] { #expect(mkdir(dir.child(name), 0o755) == 0) }
            Files.write(data, to: dir.child("log/data"))
            Files.write([], to: dir.child("log/empty"))
            Files.write([5, 6, 7], to: dir.child("log/sub/inner"))
            Files.write([9], to: dir.child("secret"))
            Files.write([8], to: dir.child("outside/secret"))
            #expect(symlink("data", dir.child("log/in")) == 0)
            #expect(symlink("sub", dir.child("log/subLink")) == 0)
            #expect(symlink("none", dir.child("log/dangling")) == 0)
            #expect(symlink(dir.child("secret"), dir.child("log/out")) == 0)
            #expect(symlink(dir.child("outside"), dir.child("log/outDir")) == 0)
            let served = try AgentRoot(dir.child("log"))
            root = served.path
            server = AgentServer(root: served)
        }

        /// The reply to a read of `name` under the root (a path as it is when it starts with `/`).
        func read(_ name: String, at offset: UInt64 = 0, count: UInt32 = UInt32(AgentProtocol.maxReadBytes)) -> AgentReply {
            server.answer(.readFile(path: name.hasPrefix("/") ? name : root + "/" + name, offset: offset, count: count))
        }

        /// What a `stat` of `name` under the root says.
        func status(_ name: String) -> FileSystem.Status { FileSystem.status(of: root + "/" + name) }
    }

    private static let missing = FileSystem.Status(kind: .missing, size: 0, inode: 0)

    /// Whether `reply` refuses `path` as one outside the root (or not absolute).
    private func isRefusal(_ reply: AgentReply, of path: String) -> Bool {
        guard case .failure(.refused(let reason)) = reply else { return false }
        return reason.hasPrefix(path + ": outside the directory the agent serves") || reason == path + ": not an absolute path"
    }

    @Test func aFileIsReadWholeInPartAndPastItsEndWithItsStatus() throws {
        let served = try Served()
        let status = served.status("data")
        #expect(status.kind == .regularFile && status.size == 1000 && status.inode != 0)
        #expect(served.read("data", count: 1000) == .file(status: status, bytes: served.data))
        #expect(served.read("data") == .file(status: status, bytes: served.data))
        #expect(served.read("data", at: 10, count: 5) == .file(status: status, bytes: Array(served.data[10..<15])))
        #expect(served.read("data", at: 990, count: 100) == .file(status: status, bytes: Array(served.data[990...])), "fewer at the end")
        #expect(served.read("data", at: 999, count: 1) == .file(status: status, bytes: [served.data[999]]))
        #expect(served.read("data", at: 1000, count: 100) == .file(status: status, bytes: []), "at the end: the status, no bytes")
        #expect(served.read("data", at: 1 << 40, count: 100) == .file(status: status, bytes: []), "past the end: the status, no bytes")
        #expect(served.read("data", at: 3, count: 0) == .file(status: status, bytes: []))
    }

    @Test func anEmptyFileIsItsStatusAndNoBytes() throws {
        let served = try Served()
        let status = served.status("empty")
        #expect(status.kind == .regularFile && status.size == 0)
        #expect(served.read("empty") == .file(status: status, bytes: []))
        #expect(served.read("empty", at: 5, count: 5) == .file(status: status, bytes: []))
    }

    /// Nothing is kept from one read to the next: a file that grew, or was replaced by another under
    /// its name, is read as it is now, with its status now.
    @Test func eachReadSeesTheFileAsItIsNow() throws {
        let served = try Served()
        #expect(served.read("data", at: 998, count: 10) == .file(status: served.status("data"), bytes: Array(served.data[998...])))
        Files.append([1, 2, 3], to: served.root + "/data")
        let grown = served.status("data")
        #expect(grown.size == 1003)
        #expect(served.read("data", at: 998, count: 10) == .file(status: grown, bytes: Array(served.data[998...]) + [1, 2, 3]))
        Files.write([4, 4], to: served.root + "/next")
        #expect(rename(served.root + "/next", served.root + "/data") == 0)
        let replaced = served.status("data")
        #expect(replaced.inode != grown.inode)
        #expect(served.read("data") == .file(status: replaced, bytes: [4, 4]))
        #expect(unlink(served.root + "/data") == 0)
        #expect(served.read("data") == .failure(.io(operation: "open", path: served.root + "/data", errno: ENOENT)))
    }

    /// The agent holds no file between requests: more reads than the old limit of open files all
    /// succeed, and after reads that succeed and reads that fail, none of the process's descriptors
    /// is a file of the served directory.
    @Test func noFileIsHeldOpenBetweenReads() throws {
        let served = try Served()
        let status = served.status("data")
        var failed = 0
        for index in 0..<5000 where served.read("data", at: UInt64(index % 1000), count: 1) != .file(status: status, bytes: [served.data[index % 1000]]) {
            failed += 1
        }
        #expect(failed == 0)
        for name in ["in", "sub", "subLink/inner", "none", "dangling", "out", "empty"] { _ = served.read(name) }
        _ = served.read("data", at: UInt64(Int64.max), count: 1)
        let resolved = try #require(FileSystem.realPath(served.dir.path))
        let open = Files.names("/proc/self/fd").compactMap { FileSystem.realPath("/proc/self/fd/" + $0) }.filter { $0.hasPrefix(resolved + "/") }
        #expect(open.isEmpty, "still open: \(open)")
    }

    @Test func aReadOverTheLargestIsRefusedBeforeTheFileIsLookedFor() throws {
        let served = try Served()
        for count in [UInt32(AgentProtocol.maxReadBytes) + 1, .max] {
            let refusal = AgentReply.failure(.refused(reason: "a read of \(count) bytes; at most \(AgentProtocol.maxReadBytes) at once"))
            #expect(served.read("data", count: count) == refusal)
            #expect(served.read("none", count: count) == refusal)
            #expect(served.read("out", count: count) == refusal)
        }
        #expect(served.read("data", count: UInt32(AgentProtocol.maxReadBytes)) == .file(status: served.status("data"), bytes: served.data))
    }

    /// A file offset is signed: a read past 2^63 - 1 is refused, not handed to `pread` (converting it
    /// to `off_t` stopped the agent; the fuzzer found it). At the largest offset `pread` itself says no.
    @Test func aReadAtAnOffsetNoFileCanHaveIsRefused() throws {
        let served = try Served()
        for offset: UInt64 in [UInt64(Int64.max) + 1, .max] {
            #expect(served.read("data", at: offset, count: 16) == .failure(.refused(reason: "a read at offset \(offset); offsets stop at \(Int64.max)")))
        }
        #expect(served.read("data", at: UInt64(Int64.max), count: 16) == .failure(.io(operation: "pread", path: served.root + "/data", errno: EINVAL)))
        #expect(served.read("data", at: UInt64(Int64.max), count: 0) == .file(status: served.status("data"), bytes: []))
    }

    /// The path in the failure is the one asked for, not what it resolved to.
    @Test func aFileThatIsNotThereIsTheSystemsError() throws {
        let served = try Served()
        for (name, code) in [("none", ENOENT), ("dangling", ENOENT), ("none/deeper", ENOENT), ("data/none", ENOTDIR), ("sub/none", ENOENT)] {
            #expect(served.read(name) == .failure(.io(operation: "open", path: served.root + "/" + name, errno: code)), "\(name)")
        }
    }

    /// `O_RDONLY` opens a directory on Linux; its read is the system's EISDIR.
    @Test func aDirectoryOpensButReadingItIsTheSystemsEISDIR() throws {
        let served = try Served()
        for path in [served.root + "/sub", served.root + "/subLink", served.root, served.root + "/sub/.."] {
            #expect(served.read(path) == .failure(.io(operation: "pread", path: path, errno: EISDIR)), "\(path)")
        }
    }

    @Test func aLinkInsideToAFileInsideIsReadAsThatFile() throws {
        let served = try Served()
        #expect(served.read("in") == .file(status: served.status("data"), bytes: served.data))
        #expect(served.read("in", at: 995, count: 10) == .file(status: served.status("data"), bytes: Array(served.data[995...])))
        #expect(served.read("subLink/inner") == .file(status: served.status("sub/inner"), bytes: [5, 6, 7]))
        #expect(served.read("sub/../in") == .file(status: served.status("data"), bytes: served.data))
    }

    @Test func readingOutsideTheRootIsRefused() throws {
        let served = try Served()
        let paths = [
            served.dir.child("secret"), served.root + "/out", served.root + "/outDir/secret", served.root + "/outDir/none",
            served.root + "/../secret", served.root + "/sub/../../secret", served.root + "/..", served.dir.path, "/etc/passwd", "/", "data", "",
        ]
        for path in paths {
            let reply = served.server.answer(.readFile(path: path, offset: 0, count: 1))
            #expect(isRefusal(reply, of: path), "\(path): \(reply)")
        }
        #expect(isRefusal(served.read("/etc/passwd", count: 0), of: "/etc/passwd"), "nor a read of nothing")
    }

    /// The server reuses a directory's resolution for a second, but `lstat`s each name: a file that
    /// was read and is then replaced by a link out of the root is refused at once, by `readFile`,
    /// `status` and `statuses` alike; replaced back, it is read again.
    @Test func aNameThatBecomesALinkOutIsRefusedAtOnce() throws {
        let served = try Served()
        Files.write([1, 1], to: served.root + "/sub/victim")
        let path = served.root + "/sub/victim"
        let inside = served.status("sub/victim")
        #expect(served.read(path) == .file(status: inside, bytes: [1, 1]))
        #expect(served.server.answer(.status(path: path)) == .status(inside))
        #expect(served.server.answer(.statuses(directory: served.root + "/sub", names: ["victim"])) == .statuses([inside]))
        #expect(symlink(served.dir.child("secret"), served.root + "/sub/link") == 0)
        #expect(rename(served.root + "/sub/link", path) == 0)
        #expect(isRefusal(served.read(path), of: path), "\(served.read(path))")
        #expect(isRefusal(served.server.answer(.status(path: path)), of: path))
        #expect(
            served.server.answer(.statuses(directory: served.root + "/sub", names: ["victim", "inner"]))
                == .statuses([Self.missing, served.status("sub/inner")]))
        #expect(isRefusal(served.read(path, count: 0), of: path))
        // A link that stays inside is followed, in the same second.
        #expect(unlink(path) == 0)
        #expect(symlink("inner", path) == 0)
        #expect(served.read(path) == .file(status: served.status("sub/inner"), bytes: [5, 6, 7]))
        #expect(served.server.answer(.status(path: path)) == .status(served.status("sub/inner")))
    }

    /// Each link out of the root, asked about through each request: refused, or missing among a
    /// directory's statuses.
    @Test func aLinkOutIsRefusedByEveryRequest() throws {
        let served = try Served()
        for path in [served.root + "/out", served.root + "/outDir/secret", served.root + "/subLink/../out"] {
            #expect(isRefusal(served.read(path), of: path), "\(path)")
            #expect(isRefusal(served.server.answer(.status(path: path)), of: path), "\(path)")
        }
        #expect(
            served.server.answer(.statuses(directory: served.root, names: ["out", "in", "outDir"]))
                == .statuses([Self.missing, served.status("data"), Self.missing]))
        #expect(served.server.answer(.statuses(directory: served.root + "/subLink", names: ["inner"])) == .statuses([served.status("sub/inner")]))
        guard case .failure(.refused) = served.server.answer(.statuses(directory: served.root + "/outDir", names: ["secret"])) else {
            Issue.record("a directory out of the root was looked into")
            return
        }
    }

    /// The system reads a path up to its first NUL byte: a name `..` followed by a NUL is the
    /// directory above, and in the root that is outside it. Asked about through any request, such
    /// a path is judged as ``AgentRoot/confine(_:)`` judges it: refused when what the system would
    /// read lies outside, answered about that inside directory otherwise.
    @Test func aNameWithANulByteNeverLeadsOutside() throws {
        let served = try Served()
        for name in ["..\0", "..\0x", "sub/../..\0"] {
            let path = served.root + "/" + name
            #expect(isRefusal(served.read(path), of: path), "\(name.debugDescription): \(served.read(path))")
            #expect(isRefusal(served.server.answer(.status(path: path)), of: path), "\(name.debugDescription)")
        }
        for name in ["..\0", "..\0x"] {
            #expect(served.server.answer(.statuses(directory: served.root, names: [name])) == .statuses([Self.missing]), "\(name.debugDescription)")
        }
        // `sub/..` is the root itself.
        let path = served.root + "/sub/..\0/..\0"
        #expect(served.read(path) == .failure(.io(operation: "pread", path: path, errno: EISDIR)))
        #expect(served.server.answer(.status(path: path)) == .status(FileSystem.status(of: served.root)))
        #expect(served.server.answer(.statuses(directory: served.root + "/sub", names: ["..\0"])) == .statuses([FileSystem.status(of: served.root)]))
    }
}
