import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// Files opened through the server: read whole, in part and past their end, sized and closed; a
/// handle never given or already closed, a read over the limit, a path that cannot be opened or lies
/// outside the root, and one open file too many are each a failure the client is told of.
@Suite struct AgentFileHandleTests {
    /// A served directory holding `data` (1000 numbered bytes) and `sub/`, next to `secret` outside it.
    private final class Served {
        let dir = TemporaryDirectory("agent-files")
        let server: AgentServer
        let root: String
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }

        init() throws {
            #expect(mkdir(dir.child("log"), 0o755) == 0)
            #expect(mkdir(dir.child("log/sub"), 0o755) == 0)
            Files.write(data, to: dir.child("log/data"))
            Files.write([9], to: dir.child("secret"))
            #expect(symlink(dir.child("secret"), dir.child("log/out")) == 0)
            let served = try AgentRoot(dir.child("log"))
            root = served.path
            server = AgentServer(root: served)
        }

        /// The handle of `name` under the root, opened.
        func open(_ name: String = "data") throws -> UInt32 {
            let reply = server.answer(.open(path: root + "/" + name))
            guard case .opened(let handle) = reply else { throw Unexpected(reply: reply) }
            return handle
        }
    }

    private struct Unexpected: Error {
        var reply: AgentReply
    }

    /// Whether `reply` is a refusal whose reason contains `words`.
    private func isRefusal(_ reply: AgentReply, saying words: String) -> Bool {
        guard case .failure(.refused(let reason)) = reply else { return false }
        return reason.contains(words)
    }

    @Test func aFileOpenedIsReadWholeInPartAndPastItsEndThenSizedAndClosed() throws {
        let served = try Served()
        let handle = try served.open()
        #expect(handle != 0)
        #expect(served.server.answer(.read(handle: handle, offset: 0, count: 1000)) == .bytes(served.data))
        #expect(served.server.answer(.read(handle: handle, offset: 0, count: UInt32(AgentProtocol.maxReadBytes))) == .bytes(served.data))
        #expect(served.server.answer(.read(handle: handle, offset: 10, count: 5)) == .bytes(Array(served.data[10..<15])))
        #expect(served.server.answer(.read(handle: handle, offset: 990, count: 100)) == .bytes(Array(served.data[990...])), "fewer at the end")
        #expect(served.server.answer(.read(handle: handle, offset: 1000, count: 100)) == .bytes([]))
        #expect(served.server.answer(.read(handle: handle, offset: 1 << 40, count: 100)) == .bytes([]))
        #expect(served.server.answer(.read(handle: handle, offset: 3, count: 0)) == .bytes([]))
        #expect(served.server.answer(.size(handle: handle)) == .size(1000))
        #expect(served.server.answer(.close(handle: handle)) == .closed)
    }

    /// A file that grows while open: its size and its reads follow.
    @Test func anOpenFileThatGrowsIsSizedAndReadAsItIsNow() throws {
        let served = try Served()
        let handle = try served.open()
        Files.append([1, 2, 3], to: served.root + "/data")
        #expect(served.server.answer(.size(handle: handle)) == .size(1003))
        #expect(served.server.answer(.read(handle: handle, offset: 999, count: 10)) == .bytes([served.data[999], 1, 2, 3]))
    }

    @Test func eachOpenGivesAnotherHandleAndEachReadsItsOwnFile() throws {
        let served = try Served()
        Files.write([42], to: served.root + "/other")
        let first = try served.open()
        let second = try served.open("other")
        let third = try served.open()
        #expect(Set([first, second, third]).count == 3)
        #expect(served.server.answer(.read(handle: second, offset: 0, count: 10)) == .bytes([42]))
        #expect(served.server.answer(.close(handle: first)) == .closed)
        #expect(served.server.answer(.read(handle: third, offset: 0, count: 2)) == .bytes(Array(served.data.prefix(2))))
    }

    @Test func aHandleNeverGivenOrAlreadyClosedIsRefused() throws {
        let served = try Served()
        for request: AgentRequest in [.read(handle: 0, offset: 0, count: 1), .read(handle: 77, offset: 0, count: 1), .size(handle: 1), .close(handle: 1)] {
            #expect(isRefusal(served.server.answer(request), saying: "is not open"), "\(request)")
        }
        let handle = try served.open()
        #expect(served.server.answer(.close(handle: handle)) == .closed)
        #expect(served.server.answer(.read(handle: handle, offset: 0, count: 1)) == .failure(.refused(reason: "file handle \(handle) is not open")))
        #expect(served.server.answer(.size(handle: handle)) == .failure(.refused(reason: "file handle \(handle) is not open")))
        #expect(served.server.answer(.close(handle: handle)) == .failure(.refused(reason: "file handle \(handle) is not open")))
    }

    @Test func aReadOverTheLargestIsRefused() throws {
        let served = try Served()
        let handle = try served.open()
        for count in [UInt32(AgentProtocol.maxReadBytes) + 1, .max] {
            #expect(
                served.server.answer(.read(handle: handle, offset: 0, count: count))
                    == .failure(.refused(reason: "a read of \(count) bytes; at most \(AgentProtocol.maxReadBytes) at once")))
        }
        #expect(served.server.answer(.read(handle: handle, offset: 0, count: 1)) == .bytes([served.data[0]]), "the handle stays open")
    }

    /// A file offset is signed: a read past 2^63 - 1 is refused, not handed to `pread` (converting it
    /// to `off_t` stopped the agent; the fuzzer found it). At the largest offset `pread` itself says no.
    @Test func aReadAtAnOffsetNoFileCanHaveIsRefused() throws {
        let served = try Served()
        let handle = try served.open()
        for offset: UInt64 in [UInt64(Int64.max) + 1, .max] {
            #expect(
                served.server.answer(.read(handle: handle, offset: offset, count: 16))
                    == .failure(.refused(reason: "a read at offset \(offset); offsets stop at \(Int64.max)")))
        }
        #expect(
            served.server.answer(.read(handle: handle, offset: UInt64(Int64.max), count: 16))
                == .failure(.io(operation: "pread", path: served.root + "/data", errno: EINVAL)))
        #expect(served.server.answer(.read(handle: handle, offset: UInt64(Int64.max), count: 0)) == .bytes([]))
        #expect(served.server.answer(.read(handle: handle, offset: 0, count: 1)) == .bytes([served.data[0]]), "the handle stays open")
    }

    @Test func aMissingFileIsTheSystemsENOENT() throws {
        let served = try Served()
        let path = served.root + "/none"
        #expect(served.server.answer(.open(path: path)) == .failure(.io(operation: "open", path: path, errno: ENOENT)))
        let under = served.root + "/data/none"
        #expect(served.server.answer(.open(path: under)) == .failure(.io(operation: "open", path: under, errno: ENOTDIR)))
    }

    /// `O_RDONLY` opens a directory on Linux; its first read is the system's EISDIR.
    @Test func aDirectoryOpensButReadingItIsTheSystemsEISDIR() throws {
        let served = try Served()
        let handle = try served.open("sub")
        #expect(
            served.server.answer(.read(handle: handle, offset: 0, count: 10)) == .failure(.io(operation: "pread", path: served.root + "/sub", errno: EISDIR)))
        #expect(served.server.answer(.close(handle: handle)) == .closed)
    }

    @Test func openingOutsideTheRootIsRefused() throws {
        let served = try Served()
        for path in [served.dir.child("secret"), served.root + "/out", served.root + "/../secret", "data", "/etc/passwd"] {
            guard case .failure(.refused) = served.server.answer(.open(path: path)) else {
                Issue.record("\(path) was not refused")
                continue
            }
        }
    }

    /// The open-file limit, by opening one file `maxOpenFiles` times (the process's own limit raised
    /// to allow it, or the test skipped when its hard limit cannot).
    @Test(.enabled(if: OpenFileLimit.raise(toAtLeast: AgentProtocol.maxOpenFiles + 256), "the hard open-file limit is below what the test needs"))
    func oneOpenFileMoreThanTheLimitIsRefusedUntilOneIsClosed() throws {
        let served = try Served()
        var handles: [UInt32] = []
        for _ in 0..<AgentProtocol.maxOpenFiles { handles.append(try served.open()) }
        #expect(Set(handles).count == AgentProtocol.maxOpenFiles)
        let path = served.root + "/data"
        #expect(
            served.server.answer(.open(path: path)) == .failure(.refused(reason: "\(path): the agent already holds \(AgentProtocol.maxOpenFiles) open files")))
        #expect(served.server.answer(.close(handle: handles[100])) == .closed)
        let reopened = try served.open()
        #expect(!handles.contains(reopened) || reopened == handles[100], "no handle in use is given again")
        #expect(served.server.answer(.read(handle: reopened, offset: 0, count: 3)) == .bytes(Array(served.data.prefix(3))))
        for handle in handles where handle != handles[100] { #expect(served.server.answer(.close(handle: handle)) == .closed) }
    }
}

/// The process's limit on open files.
enum OpenFileLimit {
    /// Raises the soft limit to at least `count` if the hard limit allows; whether it is now that high.
    static func raise(toAtLeast count: Int) -> Bool {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return false }
        if limit.rlim_cur >= rlim_t(count) { return true }
        guard limit.rlim_max >= rlim_t(count) else { return false }
        limit.rlim_cur = rlim_t(count)
        return setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0
    }
}
