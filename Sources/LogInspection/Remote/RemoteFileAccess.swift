import LogAgent
import LogCore

/// The files of a directory on another machine, read through its ``AgentConnection``: what the
/// read-only readers see through ``LogCore/FileAccess`` when the user names `ssh://host/path`,
/// `host:/path` or gives `--via`.
///
/// Paths keep the form the user wrote (`ssh://n0/var/lib/proglog/log/0.store`), so every message
/// names the machine; the part after ``prefix`` is the path on that machine.
package final class RemoteFileAccess: FileAccess, @unchecked Sendable {
    package let connection: AgentConnection
    /// What comes before the remote path in every path this access is given (`ssh://n0`, `n0:`, or
    /// nothing for `--via`).
    package let prefix: String

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

    /// What the agent's `stat` says; `.missing` when the path cannot be asked about (outside the
    /// agent's directory) or the connection failed (the next request that can fail says why).
    package func status(of path: String) -> FileSystem.Status {
        guard let remote = try? remotePath(path), case .status(let status)? = try? connection.request(.status(path: remote)) else {
            return FileSystem.Status(kind: .missing, size: 0, inode: 0)
        }
        return status
    }

    /// One request for a batch of names, not one a name.
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
        return statuses
    }

    package func openForReading(_ path: String) throws(LogError) -> SystemFile {
        switch try connection.request(.open(path: try remotePath(path))) {
        case .opened(let handle): return SystemFile(path: path, source: RemoteFile(access: self, path: path, handle: handle))
        case let other: throw unexpected(other, for: path)
        }
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

    /// How many names one `stat` request carries (well inside a message's bounds).
    static let statusBatch = 50_000

    /// The path on the agent's machine that `path` names.
    func remotePath(_ path: String) throws(LogError) -> String {
        guard path.hasPrefix(prefix) else {
            throw LogError.remote(location: connection.location, reason: "\(path) is not on this machine (\(prefix.isEmpty ? "--via" : prefix))")
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

/// A file open on the agent's machine: the bytes behind a ``LogCore/SystemFile`` that
/// ``RemoteFileAccess/openForReading(_:)`` made.
final class RemoteFile: FileBytesSource {
    private let access: RemoteFileAccess
    private let path: String
    private let handle: UInt32
    private var isOpen = true

    init(access: RemoteFileAccess, path: String, handle: UInt32) {
        self.access = access
        self.path = path
        self.handle = handle
    }

    deinit {
        if isOpen { _ = try? access.connection.request(.close(handle: handle)) }
    }

    func size() throws(LogError) -> UInt64 {
        switch try access.connection.request(.size(handle: handle)) {
        case .size(let size): return size
        case let other: throw access.unexpected(other, for: path)
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int {
        var done = 0
        while done < count {
            let asked = min(count - done, AgentProtocol.maxReadBytes)
            switch try access.connection.request(.read(handle: handle, offset: offset + UInt64(done), count: UInt32(asked))) {
            case .bytes(let bytes):
                guard bytes.count <= asked else {
                    throw access.connection.abandon("the agent sent \(bytes.count) bytes for a read of \(asked) from \(path)")
                }
                if bytes.count < asked {
                    if !bytes.isEmpty { bytes.withUnsafeBytes { (buffer + done).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
                    return done + bytes.count
                }
                bytes.withUnsafeBytes { (buffer + done).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                done += bytes.count
            case let other: throw access.unexpected(other, for: path)
            }
        }
        return done
    }

    func close() throws(LogError) {
        guard isOpen else { return }
        isOpen = false
        switch try access.connection.request(.close(handle: handle)) {
        case .closed: return
        case let other: throw access.unexpected(other, for: path)
        }
    }
}
