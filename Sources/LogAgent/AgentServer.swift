import Glibc
import LogCore

/// `logscope agent`: a read-only file server for one directory on stdin and stdout.
///
/// It answers ``AgentRequest``s one after another, in the order they come (a client may send many
/// before reading the replies). It opens files only with `O_RDONLY`, never writes, creates, locks
/// or maps anything, and never reaches a path outside its ``AgentRoot``. A request it cannot parse
/// ends it: the client is broken or is not a logscope client, and guessing would be worse.
package final class AgentServer {
    private let root: AgentRoot
    private let release: String
    /// Directories resolved lately (``confine(_:)``), and when.
    private var resolvedDirectories: [String: (path: String, at: ContinuousClock.Instant)] = [:]

    /// What tells the agent a directory changed (`nil`: only a listing tells).
    private let changeSource: (any DirectoryChangeSource)?

    /// A server of `root` (resolved), telling clients it is `release`; `changes` tells it what
    /// changed in a directory.
    package init(root: AgentRoot, release: String = LogscopeVersion.current, changes: (any DirectoryChangeSource)? = nil) {
        self.root = root
        self.release = release
        changeSource = changes
    }

    /// Serves requests from `stream` until the client closes its end. Returns the process's exit
    /// status: 0 at a clean end, 2 after a message it could not read (said on `stderr`).
    ///
    /// Requests that arrived together (a client's batch) are answered together: their replies go
    /// out in one write, up to ``replyBatchBytes``.
    package func serve(_ stream: MessageStream, stderr: (String) -> Void) -> Int32 {
        var replies: [UInt8] = []
        while true {
            let message: [UInt8]
            do {
                message = try stream.receive()
            } catch .ended {
                return 0
            } catch {
                stderr("logscope agent: \(error)")
                return 2
            }
            let id: UInt32
            let request: AgentRequest
            do {
                (id, request) = try AgentRequest.decode(message)
            } catch {
                // The requests before it in its batch are answered first.
                try? stream.send(replies)
                stderr("logscope agent: a request that is not one: \(error)")
                return 2
            }
            replies += answer(request).framed(id: id)
            if stream.hasBufferedMessage && replies.count < Self.replyBatchBytes { continue }
            do {
                try stream.send(replies)
            } catch {
                stderr("logscope agent: \(error)")
                return 2
            }
            replies.removeAll(keepingCapacity: true)
        }
    }

    /// How many bytes of replies are gathered at most before they are written.
    static let replyBatchBytes = 1 << 20

    /// The reply to `request`.
    package func answer(_ request: AgentRequest) -> AgentReply {
        do {
            return try perform(request)
        } catch {
            return .failure(error)
        }
    }

    private func perform(_ request: AgentRequest) throws(AgentFailure) -> AgentReply {
        switch request {
        case .hello:
            return .hello(protocolVersion: AgentProtocol.version, release: release, root: root.path)
        case .entries(let directory):
            let path = try root.confine(directory)
            do {
                return .entries(try FileSystem.entries(of: path))
            } catch {
                throw Self.failure(error, path: directory)
            }
        case .status(let path):
            return .status(FileSystem.status(of: try confine(path)))
        case .statuses(let directory, let names):
            let path = try root.confine(directory)
            var confined: [String] = []
            for name in names { confined.append(try root.confine(name: name)) }
            // A directory that is not there holds none of the names (and each name's check would walk
            // up its missing ancestors again: minutes for a deep path and many names).
            let missing = FileSystem.Status(kind: .missing, size: 0, inode: 0)
            guard FileSystem.status(of: path).kind == .directory else { return .statuses(confined.map { _ in missing }) }
            // Each name through the root's check too: a link inside the directory may point out.
            return .statuses(
                confined.map { (name) -> FileSystem.Status in
                    guard let inside = try? confine(path + "/" + name) else { return missing }
                    return FileSystem.status(of: inside)
                })
        case .readFile(let path, let offset, let count):
            guard count <= AgentProtocol.maxReadBytes else {
                throw .refused(reason: "a read of \(count) bytes; at most \(AgentProtocol.maxReadBytes) at once")
            }
            // A file offset is signed (`off_t`): one past its largest is no place in any file.
            guard offset <= UInt64(Int64.max) else {
                throw .refused(reason: "a read at offset \(offset); offsets stop at \(Int64.max)")
            }
            return try readFile(path, offset: offset, count: Int(count))
        case .changes(let directory, let milliseconds):
            let path = try root.confine(directory)
            guard let changeSource else { return .changes(names: [], written: [], needsListing: true) }
            let found = changeSource.changes(of: path, waitingUpTo: Int(min(milliseconds, AgentProtocol.maxChangeWait)))
            return .changes(names: found.names, written: found.written, needsListing: found.needsListing)
        case .holders(let directory, let processes):
            // Not the agent itself: it holds files only for reading, for the client.
            return .holders(DirectoryHolders.scan(try root.confine(directory), includingSelf: false, onlyProcesses: processes))
        }
    }

    /// `path` resolved inside the root, as ``AgentRoot/confine(_:)`` says, but cheaper for the files
    /// of one directory asked about one after another: the directory's resolution is reused for
    /// ``directoryReuse`` (each `realpath` reads every link of the path), and a name in it that is
    /// not a symbolic link (one `lstat`) resolves to the directory's path and the name.
    private func confine(_ path: String) throws(AgentFailure) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return try root.confine(path) }
        let directory = String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        // A NUL ends the path where the system reads it: `root/..\0` is the root's parent.
        guard !name.isEmpty, name != ".", name != "..", !path.utf8.contains(0) else { return try root.confine(path) }
        let now = ContinuousClock.now
        let resolved: String
        if let known = resolvedDirectories[directory], now - known.at < Self.directoryReuse {
            resolved = known.path
        } else {
            // The root itself, or a path whose directory is not inside: judged whole.
            guard let inside = try? root.confine(directory) else { return try root.confine(path) }
            resolved = inside
            if resolvedDirectories.count > 1024 { resolvedDirectories.removeAll() }
            resolvedDirectories[directory] = (resolved, now)
        }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return try root.confine(path) }
        return resolved + "/" + name
    }

    /// How long a directory's resolution is reused.
    static let directoryReuse: Duration = .seconds(1)

    /// Opens `path` read-only, reads up to `count` bytes at `offset`, and closes it: the file's
    /// status (after the open) and the bytes. Nothing is held between requests.
    private func readFile(_ path: String, offset: UInt64, count: Int) throws(AgentFailure) -> AgentReply {
        let confined = try confine(path)
        let file: SystemFile
        do {
            file = try SystemFile(path: confined, mode: .readOnly)
        } catch {
            throw Self.failure(error, path: path)
        }
        defer { try? file.close() }
        // What was opened is checked too: a directory on the way swapped for a link out of the
        // root since the path was resolved (a resolution is reused for a second) is caught here.
        if let opened = FileSystem.openedPath(of: file), !root.contains(opened) {
            throw .refused(reason: "\(path): outside the directory the agent serves (it was opened as \(opened))")
        }
        let status = FileSystem.status(of: file)
        // Not a FIFO or a device (opened without waiting): reading one is not reading a file.
        guard status.kind != .other else { throw .refused(reason: "\(path): not a regular file or a directory") }
        var failure: LogError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, got in
            guard let base = buffer.baseAddress else { return }
            do throws(LogError) {
                got = try file.read(into: UnsafeMutableRawPointer(base), count: count, at: offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw Self.failure(failure, path: path) }
        return .file(status: status, bytes: bytes)
    }

    /// A ``LogError`` of a system call as the agent's failure; other errors as refusals in their words.
    private static func failure(_ error: LogError, path: String) -> AgentFailure {
        if case .io(let operation, _, let code) = error { return .io(operation: operation, path: path, errno: code) }
        return .refused(reason: error.description)
    }
}
