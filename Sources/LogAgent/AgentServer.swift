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
    private var files: [UInt32: SystemFile] = [:]
    private var nextHandle: UInt32 = 1

    /// A server of `root` (resolved), telling clients it is `release`.
    package init(root: AgentRoot, release: String = LogscopeVersion.current) {
        self.root = root
        self.release = release
    }

    /// Serves requests from `stream` until the client closes its end. Returns the process's exit
    /// status: 0 at a clean end, 2 after a message it could not read (said on `stderr`).
    package func serve(_ stream: MessageStream, stderr: (String) -> Void) -> Int32 {
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
                stderr("logscope agent: a request that is not one: \(error)")
                return 2
            }
            do {
                try stream.send(answer(request).framed(id: id))
            } catch {
                stderr("logscope agent: \(error)")
                return 2
            }
        }
    }

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
            return .status(FileSystem.status(of: try root.confine(path)))
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
                    guard let inside = try? root.confine(path + "/" + name) else { return missing }
                    return FileSystem.status(of: inside)
                })
        case .open(let path):
            let confined = try root.confine(path)
            guard files.count < AgentProtocol.maxOpenFiles else {
                throw .refused(reason: "\(path): the agent already holds \(AgentProtocol.maxOpenFiles) open files")
            }
            let file: SystemFile
            do {
                file = try SystemFile(path: confined, mode: .readOnly)
            } catch {
                throw Self.failure(error, path: path)
            }
            while files[nextHandle] != nil || nextHandle == 0 { nextHandle &+= 1 }
            files[nextHandle] = file
            defer { nextHandle &+= 1 }
            return .opened(handle: nextHandle)
        case .read(let handle, let offset, let count):
            let file = try self.file(handle)
            guard count <= AgentProtocol.maxReadBytes else {
                throw .refused(reason: "a read of \(count) bytes; at most \(AgentProtocol.maxReadBytes) at once")
            }
            // A file offset is signed (`off_t`): one past its largest is no place in any file.
            guard offset <= UInt64(Int64.max) else {
                throw .refused(reason: "a read at offset \(offset); offsets stop at \(Int64.max)")
            }
            var failure: LogError?
            let bytes = [UInt8](unsafeUninitializedCapacity: Int(count)) { buffer, got in
                guard let base = buffer.baseAddress else { return }
                do throws(LogError) {
                    got = try file.read(into: UnsafeMutableRawPointer(base), count: Int(count), at: offset)
                } catch {
                    failure = error
                }
            }
            if let failure { throw Self.failure(failure, path: file.path) }
            return .bytes(bytes)
        case .size(let handle):
            let file = try self.file(handle)
            do {
                return .size(try file.size())
            } catch {
                throw Self.failure(error, path: file.path)
            }
        case .close(let handle):
            guard files.removeValue(forKey: handle) != nil else { throw .refused(reason: "file handle \(handle) is not open") }
            return .closed
        case .holders(let directory, let processes):
            // Not the agent itself: it holds files only for reading, for the client.
            return .holders(DirectoryHolders.scan(try root.confine(directory), includingSelf: false, onlyProcesses: processes))
        }
    }

    private func file(_ handle: UInt32) throws(AgentFailure) -> SystemFile {
        guard let file = files[handle] else { throw .refused(reason: "file handle \(handle) is not open") }
        return file
    }

    /// A ``LogError`` of a system call as the agent's failure; other errors as refusals in their words.
    private static func failure(_ error: LogError, path: String) -> AgentFailure {
        if case .io(let operation, _, let code) = error { return .io(operation: operation, path: path, errno: code) }
        return .refused(reason: error.description)
    }
}
