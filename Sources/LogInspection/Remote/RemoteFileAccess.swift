import Glibc
import LogAgent
import LogCore

/// The files of a directory on another machine, read through its ``AgentConnection``: what the
/// read-only readers see through ``LogCore/FileAccess`` when the user names `ssh://host/path`,
/// `host:/path` or gives `--via`.
///
/// Paths keep the machine in front (`n0:/var/lib/proglog/log/0.store`), so every message names it;
/// the part after ``prefix`` is the path on that machine. Reads go through a ``RemoteReadAhead``:
/// a walk pays a round trip per batch of files or per megabyte, not per frame.
package final class RemoteFileAccess: FileAccess, @unchecked Sendable {
    package let connection: AgentConnection
    /// What comes before the remote path in every path this access is given (`n0:`, or `[CMD]` for
    /// `--via`).
    package let prefix: String
    private let lock = ThreadLock()
    private let readAhead = RemoteReadAhead()

    package init(connection: AgentConnection, prefix: String) {
        self.connection = connection
        self.prefix = prefix
    }

    package func entries(of directory: String) throws(LogError) -> [String] {
        switch try connection.request(.entries(directory: try remotePath(directory))) {
        case .entries(let names): return names
        case let other: throw unexpected(other, for: directory)
        }
    }

    /// What the agent's `stat` says now (what is held of the path is forgotten); `.missing` when the
    /// path cannot be asked about (outside the agent's directory) or the connection failed (the next
    /// request that can fail says why).
    package func status(of path: String) -> FileSystem.Status {
        guard let remote = try? remotePath(path), case .status(let status)? = try? connection.request(.status(path: remote)) else {
            lock.withLock { readAhead.forget(path, status: nil) }
            return FileSystem.Status(kind: .missing, size: 0, inode: 0)
        }
        lock.withLock { readAhead.forget(path, status: status) }
        return status
    }

    /// One request for a batch of names, not one a name; they become the directory's order for
    /// reading ahead.
    package func statuses(of names: [String], in directory: String) -> [FileSystem.Status] {
        let missing = FileSystem.Status(kind: .missing, size: 0, inode: 0)
        guard let remote = try? remotePath(directory) else { return names.map { _ in missing } }
        var statuses: [FileSystem.Status] = []
        statuses.reserveCapacity(names.count)
        var start = 0
        while start < names.count {
            let batch = Array(names[start..<min(names.count, start + Self.statusBatch)])
            if case .statuses(let found)? = try? connection.request(.statuses(directory: remote, names: batch)), found.count == batch.count {
                statuses.append(contentsOf: found)
            } else {
                statuses.append(contentsOf: batch.map { _ in missing })
            }
            start += batch.count
        }
        lock.withLock { readAhead.took(names.map { directory + "/" + $0 }, statuses: statuses, in: directory) }
        return statuses
    }

    /// The file at `path`, its first chunk fetched (with the next files of its directory): a file
    /// that cannot be opened there fails here, as a local open would.
    package func openForReading(_ path: String) throws(LogError) -> SystemFile {
        try lock.withLock { () throws(LogError) in
            if !readAhead.holdsStart(of: path) { _ = try fetch(path, at: 0) }
        }
        return SystemFile(path: path, source: RemoteFile(access: self, path: path))
    }

    /// What the agent's look through its own `/proc` found; a look that could not be made says why
    /// as the scan's ``LogCore/DirectoryHolderScan/procFailure``.
    package func holders(of directory: String, onlyProcesses: [Int32]?) -> DirectoryHolderScan {
        do throws(LogError) {
            switch try connection.request(.holders(directory: try remotePath(directory), onlyProcesses: onlyProcesses)) {
            case .holders(let scan): return scan
            case let other: throw unexpected(other, for: directory)
            }
        } catch {
            return DirectoryHolderScan(holders: [], uninspectedProcesses: 0, procFailure: "\(error)")
        }
    }

    /// What changed in `directory` as its agent's inotify saw it, waiting up to `milliseconds` (at
    /// most ``LogAgent/AgentProtocol/maxChangeWait`` a request); a connection that failed, or an agent
    /// without inotify, says that only a listing tells. The names changed lose what is held of them.
    func changes(of directory: String, waitingUpTo milliseconds: Int) -> DirectoryChanges {
        let wait = UInt32(clamping: max(0, min(milliseconds, Int(AgentProtocol.maxChangeWait))))
        guard let remote = try? remotePath(directory),
            case .changes(let names, let written, let needsListing)? = try? connection.request(.changes(directory: remote, waitMilliseconds: wait))
        else { return DirectoryChanges(needsListing: true) }
        var changes = DirectoryChanges(needsListing: needsListing)
        for name in names { changes.note(name, written: written.contains(name)) }
        lock.withLock { for name in names { readAhead.forget(directory + "/" + name, status: nil) } }
        return changes
    }

    /// How many names one `stat` request carries (well inside a message's bounds).
    static let statusBatch = 50_000

    /// Reads up to `count` bytes of `path` at `offset` into `buffer`: from what is held, else from
    /// a batch that fetches them and what is likely read next. Fewer only at the end of the file.
    func read(_ path: String, into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int {
        try lock.withLock { () throws(LogError) -> Int in
            var done = readAhead.copy(path, into: buffer, count: count, at: offset)
            while done < count {
                let at = offset + UInt64(done)
                let fetched = try fetch(path, at: at)
                let copied = readAhead.copy(path, into: buffer + done, count: count - done, at: at)
                done += copied
                // Nothing more there, or the file ends where the copy stopped.
                if copied == 0 || fetched.size <= at + UInt64(copied) { break }
            }
            return done
        }
    }

    /// The size of the file at `path` (an open file's `fstat` here): as the agent told it less than
    /// ``RemoteReadAhead/maxAge`` ago, else asked.
    func currentSize(of path: String) throws(LogError) -> UInt64 {
        if let size = lock.withLock({ readAhead.recentSize(path) }) { return size }
        switch try connection.request(.status(path: try remotePath(path))) {
        case .status(let status) where status.kind == .regularFile:
            lock.withLock { readAhead.told(size: status.size, of: path) }
            return status.size
        case .status(let status):
            // Gone (or replaced by something else) since it was opened.
            throw LogError.io(operation: "fstat", path: path, errno: status.kind == .missing ? ENOENT : EINVAL)
        case let other:
            throw unexpected(other, for: path)
        }
    }

    /// What the fetch of a chunk found about the file: its size then.
    private struct Fetched {
        var size: UInt64
    }

    /// Fetches the chunk of `path` holding `offset` and the chunks likely read next, in one batch.
    private func fetch(_ path: String, at offset: UInt64) throws(LogError) -> Fetched {
        let wanted = readAhead.fetches(for: path, at: offset)
        var requests: [AgentRequest] = []
        for (file, chunk) in wanted {
            requests.append(
                .readFile(path: try remotePath(file), offset: chunk * UInt64(RemoteReadAhead.chunkBytes), count: UInt32(RemoteReadAhead.chunkBytes)))
        }
        let replies = try connection.requests(requests)
        var asked: Fetched?
        // The first request is the read asked for; the others read ahead.
        for (i, ((file, chunk), reply)) in zip(wanted, replies).enumerated() {
            switch reply {
            case .file(let status, let bytes):
                guard bytes.count <= RemoteReadAhead.chunkBytes else {
                    throw connection.abandon("the agent sent \(bytes.count) bytes for a read of \(RemoteReadAhead.chunkBytes) from \(file)")
                }
                if status.kind == .regularFile { readAhead.keep(bytes, chunk: chunk, of: file, status: status) }
                if i == 0 {
                    guard status.kind == .regularFile else {
                        throw LogError.io(operation: "open", path: path, errno: status.kind == .missing ? ENOENT : EISDIR)
                    }
                    asked = Fetched(size: status.size)
                }
            case .failure where i > 0:
                continue  // read ahead: the read that needs it will say why
            default:
                throw unexpected(reply, for: file)
            }
        }
        guard let asked else { throw connection.abandon("the agent answered \(replies.count) of \(requests.count) requests") }
        return asked
    }

    /// The path on the agent's machine that `path` names.
    func remotePath(_ path: String) throws(LogError) -> String {
        guard path.hasPrefix(prefix) else {
            throw LogError.remote(location: connection.location, reason: "\(path) is not on this machine (\(prefix))")
        }
        let remote = String(path.dropFirst(prefix.count))
        return remote.isEmpty ? "/" : remote
    }

    /// The error for `reply` to a request about `path`: the agent's failure in the words of a local
    /// one, or a reply of the wrong kind (a broken agent).
    func unexpected(_ reply: AgentReply, for path: String) -> LogError {
        switch reply {
        case .failure(.io(let operation, _, let code)): return .io(operation: operation, path: path, errno: code)
        case .failure(.refused(let reason)): return .remote(location: path, reason: "the agent refused: \(reason)")
        default: return connection.abandon("the agent answered a request about \(path) with \(reply.kindName)")
        }
    }
}

/// A file on the agent's machine: the bytes behind a ``LogCore/SystemFile`` that
/// ``RemoteFileAccess/openForReading(_:)`` made. It holds nothing there (every read names the path).
final class RemoteFile: FileBytesSource {
    private let access: RemoteFileAccess
    private let path: String

    init(access: RemoteFileAccess, path: String) {
        self.access = access
        self.path = path
    }

    func size() throws(LogError) -> UInt64 { try access.currentSize(of: path) }

    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int {
        try access.read(path, into: buffer, count: count, at: offset)
    }

    func close() throws(LogError) {}
}
