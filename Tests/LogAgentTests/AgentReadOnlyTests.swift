import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// The agent never writes: after a session that lists, `stat`s, scans and reads every file of a
/// directory (and asks for what it must refuse), every file has its bytes, its modification and
/// change times and its inode, and no file has come or gone.
@Suite struct AgentReadOnlyTests {
    /// What `lstat` and the bytes say of each path under a directory, by path.
    private struct Snapshot: Equatable {
        struct Entry: Equatable {
            var mode: UInt32
            var inode: UInt64
            var size: Int64
            var modified: [Int]
            var changed: [Int]
            var bytes: [UInt8]
        }

        var entries: [String: Entry] = [:]

        init(_ path: String) {
            add(path, as: ".")
        }

        private mutating func add(_ path: String, as name: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return }
            let kind = info.st_mode & S_IFMT
            entries[name] = Entry(
                mode: info.st_mode, inode: UInt64(info.st_ino), size: Int64(info.st_size),
                modified: [info.st_mtim.tv_sec, info.st_mtim.tv_nsec], changed: [info.st_ctim.tv_sec, info.st_ctim.tv_nsec],
                bytes: kind == S_IFREG ? Files.bytes(path) : [])
            guard kind == S_IFDIR else { return }
            for child in Files.names(path) { add(path + "/" + child, as: name + "/" + child) }
        }
    }

    /// `dir/log`: segments, an empty index, a lock file, a file larger than one read, a subdirectory,
    /// links in and out; `dir/outside` next to it.
    private func directory() -> TemporaryDirectory {
        let dir = TemporaryDirectory("agent-read-only")
        for name in ["log", "log/sub", "outside"] { mkdir(dir.child(name), 0o755) }
        Files.write((0..<5000).map { UInt8(truncatingIfNeeded: $0) }, to: dir.child("log/0.store"))
        Files.write([], to: dir.child("log/0.index"))
        Files.write([], to: dir.child("log/lock"))
        Files.write([UInt8](repeating: 0x5a, count: 2 * AgentProtocol.maxReadBytes + 17), to: dir.child("log/1.store"))
        Files.write([1, 2, 3], to: dir.child("log/sub/2.store"))
        Files.write([4], to: dir.child("outside/secret"))
        symlink("0.store", dir.child("log/link"))
        symlink(dir.child("outside"), dir.child("log/out"))
        return dir
    }

    @Test func aSessionOverEveryFileChangesNothing() throws {
        let dir = directory()
        let before = Snapshot(dir.path)
        let root = try #require(FileSystem.realPath(dir.child("log")))
        let agent = try AgentOverSocket(serving: root)
        _ = try agent.ask(.hello(protocolVersion: AgentProtocol.version, release: "test"))
        var read: [String: [UInt8]] = [:]
        for directory in [root, root + "/sub"] {
            guard case .entries(let names) = try agent.ask(.entries(directory: directory)) else {
                Issue.record("no listing of \(directory)")
                continue
            }
            guard case .statuses(let statuses) = try agent.ask(.statuses(directory: directory, names: names)) else {
                Issue.record("no statuses in \(directory)")
                continue
            }
            _ = try agent.ask(.holders(directory: directory, onlyProcesses: nil))
            _ = try agent.ask(.holders(directory: directory, onlyProcesses: [getpid()]))
            for (name, status) in zip(names, statuses) {
                let path = directory + "/" + name
                // A link out of the root: missing in a listing's statuses, refused on its own.
                let single = try agent.ask(.status(path: path))
                #expect(single == .status(status) || (name == "out" && status.kind == .missing), "\(name): \(single)")
                guard status.kind == .regularFile else { continue }
                var bytes: [UInt8] = []
                var statusWhenRead: FileSystem.Status?
                while case .file(let seen, let chunk) = try agent.ask(
                    .readFile(path: path, offset: UInt64(bytes.count), count: UInt32(AgentProtocol.maxReadBytes))),
                    !chunk.isEmpty || statusWhenRead == nil
                {
                    statusWhenRead = seen
                    bytes += chunk
                }
                #expect(statusWhenRead == status, "\(name): the status of the open file is what stat said")
                #expect(UInt64(bytes.count) == status.size)
                read[path] = bytes
            }
        }
        // Every file again, in one batch: the replies gathered and written together.
        let paths = read.keys.sorted()
        try agent.write(paths.enumerated().flatMap { AgentRequest.readFile(path: $0.element, offset: 0, count: 100).framed(id: UInt32($0.offset)) })
        for (index, path) in paths.enumerated() {
            let (id, reply) = try agent.reply()
            #expect(id == UInt32(index))
            guard case .file(_, let bytes) = reply else {
                Issue.record("\(path): \(reply)")
                continue
            }
            #expect(bytes == Array((read[path] ?? []).prefix(100)))
        }
        // What it must refuse or cannot do, on the way.
        for request: AgentRequest in [
            .readFile(path: root + "/new", offset: 0, count: 1), .readFile(path: root + "/out/secret", offset: 0, count: 1),
            .readFile(path: root + "/out/new", offset: 0, count: 1), .readFile(path: root + "/sub", offset: 0, count: 1),
            .readFile(path: root + "/0.store", offset: 0, count: .max), .readFile(path: root + "/0.store", offset: .max, count: 1),
            .entries(directory: root + "/new"), .status(path: root + "/out"),
        ] {
            guard case .failure = try agent.ask(request) else {
                Issue.record("\(request) did not fail")
                continue
            }
        }
        #expect(agent.ending()?.status == 0)
        #expect(read.keys.sorted() == ["/0.index", "/0.store", "/1.store", "/link", "/lock", "/sub/2.store"].map { root + $0 })
        #expect(read[root + "/1.store"]?.count == 2 * AgentProtocol.maxReadBytes + 17)
        #expect(read[root + "/link"] == Files.bytes(dir.child("log/0.store")))
        let after = Snapshot(dir.path)
        #expect(after.entries.keys.sorted() == before.entries.keys.sorted(), "no file came or went")
        for (name, entry) in before.entries {
            #expect(after.entries[name] == entry, "\(name) changed")
        }
    }
}
