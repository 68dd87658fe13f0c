import Glibc
import LogAgent
import LogCore

/// The agent's side of the wire: the bytes as one reply and as one request (a message's bytes after
/// its length), then as a stream of framed messages read from a pipe (so the lengths are fuzzed too),
/// served by ``AgentServer/serve(_:stderr:)`` of a small scratch directory as a client's batch would
/// be, its replies written to a file and read back as a client would. A path that starts with `@` is
/// put under the served root (`@/0.store`), since the seeds cannot know where the scratch directory
/// is. Every reply must decode and answer the requests in order; no status, file read or listing in
/// a reply may be of something outside the served root; and afterwards every file of the scratch
/// directory must be as it was made: any of these failing aborts.
enum AgentFuzzTarget {
    /// The scratch directory: the served root, and a directory outside it that links lead to.
    static let directory: String = {
        let path = Scratch.emptyDirectory("agent")
        for name in ["served", "served/sub", "outside"] { mkdir(path + "/" + name, 0o755) }
        Scratch.write(Array(0..<200), to: path + "/served/0.store")
        Scratch.write([], to: path + "/served/0.index")
        Scratch.write(Array("a small segment".utf8), to: path + "/served/sub/1.store")
        Scratch.write(Array("secret".utf8), to: path + "/outside/secret")
        symlink("0.store", path + "/served/link")
        symlink("../outside", path + "/served/out")
        symlink("../outside/secret", path + "/served/outfile")
        symlink("none", path + "/served/dangling")
        return path
    }()

    static let root: AgentRoot = {
        guard let root = try? AgentRoot(directory + "/served") else {
            Scratch.printError("LogFuzz: cannot serve \(directory)/served")
            exit(2)
        }
        return root
    }()

    /// Where `serve` writes its replies (outside the scratch directory, which must not change).
    static let replies = Scratch.root + "/agent-replies"

    /// The most `holders` requests of one input that are answered.
    static let maxScans = 16

    /// The scratch directory as it was made.
    static let made = AgentFingerprint(directory)

    /// What lies inside the served root: the inode of each file and directory (links not followed),
    /// and each directory's names, sorted.
    static let inside: (inodes: Set<UInt64>, listings: Set<[String]>) = {
        var inodes: Set<UInt64> = []
        var listings: Set<[String]> = []
        func add(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return }
            inodes.insert(UInt64(info.st_ino))
            guard info.st_mode & S_IFMT == S_IFDIR else { return }
            let names = Scratch.names(in: path)
            listings.insert(names)
            for name in names { add(path + "/" + name) }
        }
        add(root.path)
        return (inodes, listings)
    }()

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let input = Array(bytes)
        _ = made
        _ = inside
        let server = AgentServer(root: root, release: "fuzz")
        _ = try? AgentReply.decode(input)
        if let decoded = try? AgentRequest.decode(input) { check(server.answer(rooted(decoded.request)), to: decoded.request) }
        let stream = messages(in: input)
        for message in stream { _ = try? AgentReply.decode(message) }
        let requests = stream.compactMap { try? AgentRequest.decode($0) }
        // A look through /proc takes milliseconds: thousands of them in one input would be a
        // timeout of the fuzzer's, not of the agent's. Such a stream is answered a request at a time.
        var scans = 0
        for (_, request) in requests {
            if case .holders = request { scans += 1 }
        }
        if scans <= maxScans {
            serve(stream, requests: requests, by: server)
        } else {
            for (_, request) in requests {
                if case .holders = request { continue }
                check(server.answer(rooted(request)), to: request)
            }
        }
        let now = AgentFingerprint(directory)
        if now != made {
            fail("the agent changed its scratch directory:\n  before \(made)\n  after  \(now)")
        }
    }

    /// `serve` of `stream`'s messages (the paths of its requests rooted), its replies written to a
    /// file; they must be framed replies, read back in order, to a first part of `requests` (those
    /// before a message that is not a request), each keeping to the root.
    private static func serve(_ stream: [[UInt8]], requests: [(id: UInt32, request: AgentRequest)], by server: AgentServer) {
        let input = stream.flatMap { message -> [UInt8] in
            guard let decoded = try? AgentRequest.decode(message) else { return WireWriter.framed(message) }
            return rooted(decoded.request).framed(id: decoded.id)
        }
        let output = open(replies, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { fail("cannot write \(replies)") }
        let served = pipe(holding: input) { descriptor in
            server.serve(MessageStream(input: descriptor, output: output), stderr: { _ in })
        }
        close(output)
        guard served == 0 || served == 2 else { fail("serve ended with \(served)") }
        let written = messages(inFile: replies)
        guard written.count <= requests.count else { fail("\(written.count) replies to \(requests.count) requests") }
        for (message, (id, request)) in zip(written, requests) {
            guard let reply = try? AgentReply.decode(message) else { fail("a reply that does not decode: \(message.prefix(64))") }
            guard reply.id == id else { fail("the reply to request \(id) came numbered \(reply.id)") }
            check(reply.reply, to: request)
        }
    }

    /// Aborts unless `reply` (to `request`, as sent) keeps to the root: a status (alone, among others
    /// or of a file read) is missing or of something inside, and a listing is of a directory inside.
    private static func check(_ reply: AgentReply, to request: AgentRequest) {
        func isInside(_ status: FileSystem.Status) -> Bool { status.kind == .missing || inside.inodes.contains(status.inode) }
        let kept: Bool
        switch reply {
        case .status(let status), .file(let status, _): kept = isInside(status)
        case .statuses(let statuses): kept = statuses.allSatisfy(isInside)
        case .entries(let names): kept = inside.listings.contains(names.sorted())
        case .hello, .holders, .failure, .changes: kept = true
        }
        if !kept { fail("the agent answered about something outside its root: \(request) → \(String(describing: reply).prefix(300))") }
        _ = try? AgentReply.decode(Array(reply.framed(id: 0).dropFirst(4)))
    }

    private static func fail(_ message: String) -> Never {
        Scratch.printError("LogFuzz: " + message)
        abort()
    }

    /// The result of `body` given the read end of a pipe holding `bytes` (as much of them as the pipe
    /// takes), its write end closed.
    private static func pipe<T>(holding bytes: [UInt8], _ body: (Int32) -> T) -> T {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else { fail("pipe failed") }
        defer { close(ends[0]) }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        return body(ends[0])
    }

    /// The messages a ``MessageStream`` reads from a pipe holding `input`, until it ends or fails.
    private static func messages(in input: [UInt8]) -> [[UInt8]] {
        pipe(holding: input) { descriptor in
            let stream = MessageStream(input: descriptor, output: -1)
            var messages: [[UInt8]] = []
            while let message = try? stream.receive() { messages.append(message) }
            return messages
        }
    }

    /// The messages in the file at `path`, which must hold whole framed messages and nothing else.
    private static func messages(inFile path: String) -> [[UInt8]] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { fail("cannot read \(path)") }
        defer { close(descriptor) }
        let stream = MessageStream(input: descriptor, output: -1)
        var messages: [[UInt8]] = []
        while true {
            do {
                messages.append(try stream.receive())
            } catch .ended {
                return messages
            } catch {
                fail("the replies written are not whole messages: \(error)")
            }
        }
    }

    /// `request` with each path that starts with `@` under the served root instead.
    private static func rooted(_ request: AgentRequest) -> AgentRequest {
        func under(_ path: String) -> String { path.hasPrefix("@") ? root.path + path.dropFirst() : path }
        switch request {
        case .entries(let directory): return .entries(directory: under(directory))
        case .status(let path): return .status(path: under(path))
        case .statuses(let directory, let names): return .statuses(directory: under(directory), names: names)
        case .readFile(let path, let offset, let count): return .readFile(path: under(path), offset: offset, count: count)
        case .holders(let directory, let processes): return .holders(directory: under(directory), onlyProcesses: processes)
        case .changes(let directory, let milliseconds): return .changes(directory: under(directory), waitMilliseconds: milliseconds)
        case .hello: return request
        }
    }
}

extension WireWriter {
    /// `body` (a message's bytes after its length) framed.
    fileprivate static func framed(_ body: [UInt8]) -> [UInt8] {
        var writer = WireWriter()
        for byte in body { writer.u8(byte) }
        return writer.framed()
    }
}

/// What a directory tree holds: each path's kind, size, times of change and bytes (or link target).
struct AgentFingerprint: Equatable, CustomStringConvertible {
    var entries: [String: [UInt8]] = [:]
    var times: [String: [Int]] = [:]

    init(_ path: String) {
        add(path, as: ".")
    }

    private mutating func add(_ path: String, as name: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            entries[name] = Array("unreadable".utf8)
            return
        }
        times[name] = [Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec, Int(info.st_ino)]
        switch info.st_mode & S_IFMT {
        case S_IFREG: entries[name] = Array("file:".utf8) + (Scratch.read(path) ?? Array("unreadable".utf8))
        case S_IFLNK:
            var target = [CChar](repeating: 0, count: 4096)
            let n = readlink(path, &target, target.count)
            entries[name] = Array("link:".utf8) + target.prefix(max(0, n)).map { UInt8(bitPattern: $0) }
        case S_IFDIR:
            entries[name] = Array("directory".utf8)
            for child in Scratch.names(in: path) { add(path + "/" + child, as: name + "/" + child) }
        default: entries[name] = Array("other".utf8)
        }
    }

    var description: String {
        entries.keys.sorted().map { "\($0)(\(entries[$0]!.count) bytes, \(times[$0] ?? []))" }.joined(separator: ", ")
    }
}
