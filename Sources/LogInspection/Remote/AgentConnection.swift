import Glibc
import LogAgent
import LogCore

/// One running `logscope agent` on another machine, reached through a command that runs it there
/// (`ssh host logscope agent DIR`, `kubectl exec -i pod -- logscope agent DIR`), its stdin and
/// stdout one end of a socket pair.
///
/// Requests are answered in order; ``request(_:)`` may be called from any thread (one at a time
/// goes over the wire). Everything the agent sends is checked (``AgentReply/decode(_:)``): a reply
/// that is not one, or a connection that ends, fails this request and every later one with a
/// ``LogCore/LogError/remote(location:reason:)`` that says what happened, the transport's exit status
/// included.
package final class AgentConnection: @unchecked Sendable {
    /// The directory as the user wrote it, for messages.
    package let location: String
    /// The agent's release, and the directory it serves (resolved on its machine).
    package private(set) var release = ""
    package private(set) var root = ""

    private let command: [String]
    private let socket: Int32
    private let stream: MessageStream
    private var pid: pid_t
    private var socketOpen = true
    private let lock = ThreadLock()
    private var nextID: UInt32 = 1
    /// How many batches went over the wire (each one round trip).
    package private(set) var roundTrips = 0
    /// Why the connection stopped: every request after it fails the same way.
    private var failure: LogError?
    /// The transport's exit status, once it has ended and been reaped (`nil` after a signal).
    private var exitStatus: Int32?

    /// Why an agent could not be started: the error to report, and what tells whether pushing one
    /// would help.
    package struct StartFailure: Error, CustomStringConvertible {
        package var error: LogError
        /// The transport's exit status when it ended before the agent answered: 127 and 126 say that
        /// `logscope` is not there or cannot run there.
        package var exitStatus: Int32?
        /// The protocol version the agent spoke, when it was another than this logscope's.
        package var otherProtocol: UInt32?

        /// Whether the machine has no agent this logscope can use: one pushed there would be.
        package var agentMissing: Bool { exitStatus == 127 || exitStatus == 126 || otherProtocol != nil }

        package var description: String { error.description }
    }

    /// Starts `command` (its first word looked up on `PATH`) and says hello to the agent it runs. A
    /// reply that keeps it waiting `silenceSeconds` ends the connection. With `upload`, the command
    /// is an ``AgentUpload/script(root:)`` that first takes the agent's bytes and says it is ready.
    ///
    /// - Throws: a ``StartFailure`` holding a ``LogCore/LogError/remote(location:reason:)`` when the
    ///   command cannot start, ends before answering, or runs something that does not speak this
    ///   protocol.
    package init(command: [String], location: String, silenceSeconds: Int = defaultSilenceSeconds, upload: AgentUpload? = nil)
        throws(StartFailure)
    {
        self.command = command
        self.location = location
        self.silenceSeconds = silenceSeconds
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw StartFailure(error: .remote(location: location, reason: "cannot make a socket pair for the agent: \(String(cString: strerror(errno)))"))
        }
        socket = ends[0]
        stream = MessageStream(socket: ends[0])
        pid = -1
        do {
            pid = try Self.spawn(command, stdio: ends[1])
        } catch {
            Glibc.close(ends[0])
            Glibc.close(ends[1])
            socketOpen = false
            throw StartFailure(error: .remote(location: location, reason: error.reason))
        }
        Glibc.close(ends[1])
        let hello: AgentReply
        do throws(LogError) {
            if let upload { try send(upload) }
            hello = try request(.hello(protocolVersion: AgentProtocol.version, release: LogscopeVersion.current))
        } catch {
            throw StartFailure(error: error, exitStatus: exitStatus)
        }
        guard case .hello(let version, let release, let root) = hello else {
            throw StartFailure(error: stop("the agent answered hello with \(hello.kindName)"))
        }
        guard version == AgentProtocol.version else {
            let error = stop(
                "the agent there (logscope \(release)) speaks protocol \(version); this logscope (\(LogscopeVersion.current)) speaks "
                    + "\(AgentProtocol.version): install the same release there")
            throw StartFailure(error: error, otherProtocol: version)
        }
        self.release = release
        self.root = root
    }

    /// Sends the agent's bytes to the upload script and waits for it to say it is ready (the
    /// protocol begins only then: the script's `head -c` must not read a byte of it).
    private func send(_ upload: AgentUpload) throws(LogError) {
        try lock.withLock { () throws(LogError) in
            let line: String
            do throws(MessageStream.Failure) {
                try stream.send(upload.bytes)
                line = try stream.receiveLine(limit: 256, silence: silenceSeconds)
            } catch .tooLarge {
                throw stopLocked("the upload of the agent printed a line of more than 256 bytes before it was ready", lied: true)
            } catch {
                throw stopLocked("the upload of the agent failed: " + describe(error), lied: error.isLie)
            }
            guard line == AgentUpload.readyLine else {
                throw stopLocked("the upload of the agent answered \"\(line)\", not \"\(AgentUpload.readyLine)\"", lied: true)
            }
        }
    }

    deinit {
        close()
    }

    /// How long a reply may keep the client waiting before the agent counts as gone, by default: far
    /// longer than any request takes (a read of at most 1 MiB, a listing, a look through `/proc`).
    package static let defaultSilenceSeconds = 60
    private let silenceSeconds: Int

    /// Fails the connection because the agent sent what it must not (a reply of the wrong kind, more
    /// bytes than asked): it is stopped at once, and every later request fails with this error.
    package func abandon(_ reason: String) -> LogError {
        stop(reason)
    }

    /// Sends `request` and returns the agent's reply; an ``AgentReply/failure(_:)`` is returned, not
    /// thrown (the caller knows which path it asked about).
    ///
    /// - Throws: ``LogCore/LogError/remote(location:reason:)`` when the connection fails.
    package func request(_ request: AgentRequest) throws(LogError) -> AgentReply {
        try requests([request])[0]
    }

    /// Sends every request of `batch` before reading any reply, and returns the replies in order:
    /// one round trip for the batch. The requests of a batch stay small (under 64 KiB in all), so
    /// the agent can always take them while its replies wait for the client.
    ///
    /// - Throws: ``LogCore/LogError/remote(location:reason:)`` when the connection fails.
    package func requests(_ batch: [AgentRequest]) throws(LogError) -> [AgentReply] {
        try lock.withLock { () throws(LogError) -> [AgentReply] in
            if let failure { throw failure }
            roundTrips += 1
            let first = nextID
            nextID &+= UInt32(batch.count)
            var framed: [UInt8] = []
            for (i, request) in batch.enumerated() { framed += request.framed(id: first &+ UInt32(i)) }
            try overTheWire { () throws(MessageStream.Failure) in try stream.send(framed) }
            var replies: [AgentReply] = []
            replies.reserveCapacity(batch.count)
            for i in 0..<batch.count {
                let message = try overTheWire { () throws(MessageStream.Failure) in try stream.receive(silence: silenceSeconds) }
                let (answered, reply): (UInt32, AgentReply)
                do throws(WireError) {
                    (answered, reply) = try AgentReply.decode(message)
                } catch {
                    throw stopLocked("the agent sent a reply that is not one (\(error))", lied: true)
                }
                guard answered == first &+ UInt32(i) else {
                    throw stopLocked("the agent answered request \(answered) when \(first &+ UInt32(i)) was due", lied: true)
                }
                replies.append(reply)
            }
            return replies
        }
    }

    /// `body`'s reads and writes of the socket (the lock held); a failure of them fails the
    /// connection, a lie (a length past the bounds, a silence) stopping the transport at once.
    private func overTheWire<T>(_ body: () throws(MessageStream.Failure) -> T) throws(LogError) -> T {
        do {
            return try body()
        } catch {
            throw stopLocked(describe(error), lied: error.isLie)
        }
    }

    /// Ends the connection: closes the socket (the agent sees its stdin end and exits) and waits a
    /// moment for the command to end, then stops it.
    package func close() {
        lock.withLock {
            if failure == nil { failure = .remote(location: location, reason: "the connection to the agent was closed") }
            reap()
        }
    }

    /// Fails the connection for `reason` (said with the transport's exit status when it has ended).
    private func stop(_ reason: String) -> LogError {
        lock.withLock { stopLocked(reason, lied: true) }
    }

    /// Fails the connection for `reason`. A transport that `lied` (sent what is not a reply) is
    /// stopped at once; one whose connection ended is given a moment to exit and say why.
    private func stopLocked(_ reason: String, lied: Bool) -> LogError {
        if let failure { return failure }
        if lied, pid > 0 { kill(pid, SIGTERM) }
        let status = reap()
        // How a transport we stopped ended says nothing.
        let ending = lied ? nil : status
        let error = LogError.remote(location: location, reason: reason + (ending.map { "; \($0)" } ?? ""))
        failure = error
        return error
    }

    /// What a failed read or write of the socket means, in words.
    private func describe(_ error: MessageStream.Failure) -> String {
        switch error {
        case .ended: return "the connection to the agent ended"
        case .system(_, let code) where code == EPIPE || code == ECONNRESET: return "the connection to the agent ended"
        default: return "the connection to the agent failed: \(error)"
        }
    }

    /// Closes the socket and waits for the command (up to 2 s, then SIGTERM); how it ended, in words,
    /// or `nil` when it had already been reaped.
    @discardableResult
    private func reap() -> String? {
        if socketOpen { shutdown(socket, Int32(SHUT_RDWR)) }
        guard pid > 0 else { return nil }
        var status: Int32 = 0
        var waited = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if waited == 200 { kill(pid, SIGTERM) }
            if waited > 400 {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
            waited += 1
        }
        pid = -1
        Glibc.close(socket)
        socketOpen = false
        exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : nil
        return Self.describe(status: status, command: command)
    }

    /// "`ssh` exited with status 255", with a hint for the statuses that have one.
    static func describe(status: Int32, command: [String]) -> String {
        let name = command.first.map { "`\($0)`" } ?? "the command"
        let signal = status & 0x7f
        if signal != 0 { return "\(name) was ended by signal \(signal)" }
        let code = (status >> 8) & 0xff
        switch code {
        case 127:
            return "\(name) exited with status 127: the command that runs the agent (`logscope agent`) was not found there; install logscope on that machine"
        case 126: return "\(name) exited with status 126: `logscope agent` could not be run there"
        default: return "\(name) exited with status \(code)"
        }
    }

    private struct SpawnFailure: Error {
        var reason: String
    }

    private static func spawn(_ command: [String], stdio: Int32) throws(SpawnFailure) -> pid_t {
        guard let program = command.first else { throw SpawnFailure(reason: "no command to run the agent with") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdio, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stdio, STDOUT_FILENO)
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let result = SpawnAttributes.withDefaultSignals { attributes in
            posix_spawnp(&pid, program, &actions, attributes, &arguments, environ)
        }
        guard result == 0 else {
            throw SpawnFailure(reason: "cannot run `\(program)`: \(String(cString: strerror(result)))")
        }
        return pid
    }
}

extension MessageStream.Failure {
    /// Whether the other side sent what no agent sends (a length past the bounds), rather than
    /// ending or failing.
    fileprivate var isLie: Bool {
        switch self {
        case .tooLarge, .silent: return true
        default: return false
        }
    }
}

extension AgentReply {
    /// The reply's kind, for a message about an unexpected one.
    package var kindName: String {
        switch self {
        case .hello: return "a hello"
        case .entries: return "a listing"
        case .status, .statuses: return "a status"
        case .file: return "a file's bytes"
        case .holders: return "a list of processes"
        case .changes: return "a directory's changes"
        case .failure(let failure): return "a failure (\(failure))"
        }
    }
}
