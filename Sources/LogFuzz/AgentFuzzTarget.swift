import Glibc
import LogAgent
import LogCore

/// The agent's side of the wire: the bytes as one reply and as one request (a message's bytes after
/// its length), then as a stream of framed messages read from a pipe (so the lengths are fuzzed too),
/// each request in it answered, in order, by one server of a small scratch directory. A path that
/// starts with `@` is put under the served root (`@/0.store`), since the seeds cannot know where the
/// scratch directory is. Afterwards every file of the scratch directory must be as it was made:
/// any change aborts.
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

    /// The most `holders` requests of one input that are answered.
    static let maxScans = 16

    /// The scratch directory as it was made.
    static let made = AgentFingerprint(directory)

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let input = Array(bytes)
        _ = made
        let server = AgentServer(root: root, release: "fuzz")
        _ = try? AgentReply.decode(input)
        if let decoded = try? AgentRequest.decode(input) { answer(decoded.request, id: decoded.id, by: server) }
        var scans = 0
        for message in messages(in: input) {
            _ = try? AgentReply.decode(message)
            guard let decoded = try? AgentRequest.decode(message) else { continue }
            // A look through /proc takes milliseconds: thousands of them in one input would be a
            // timeout of the fuzzer's, not of the agent's.
            if case .holders = decoded.request {
                scans += 1
                if scans > maxScans { continue }
            }
            answer(decoded.request, id: decoded.id, by: server)
        }
        let now = AgentFingerprint(directory)
        if now != made {
            Scratch.printError("LogFuzz: the agent changed its scratch directory:\n  before \(made)\n  after  \(now)")
            abort()
        }
    }

    /// The server's reply to `request`, framed and read back as a client would.
    private static func answer(_ request: AgentRequest, id: UInt32, by server: AgentServer) {
        let framed = server.answer(rooted(request)).framed(id: id)
        _ = try? AgentReply.decode(Array(framed.dropFirst(4)))
    }

    /// The messages a ``MessageStream`` reads from a pipe holding `input` (as much of it as the pipe
    /// takes), until it ends or fails.
    private static func messages(in input: [UInt8]) -> [[UInt8]] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return [] }
        defer { close(ends[0]) }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        _ = input.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        let stream = MessageStream(input: ends[0], output: -1)
        var messages: [[UInt8]] = []
        while let message = try? stream.receive() { messages.append(message) }
        return messages
    }

    /// `request` with each path that starts with `@` under the served root instead.
    private static func rooted(_ request: AgentRequest) -> AgentRequest {
        func under(_ path: String) -> String { path.hasPrefix("@") ? root.path + path.dropFirst() : path }
        switch request {
        case .entries(let directory): return .entries(directory: under(directory))
        case .status(let path): return .status(path: under(path))
        case .statuses(let directory, let names): return .statuses(directory: under(directory), names: names)
        case .open(let path): return .open(path: under(path))
        case .holders(let directory, let processes): return .holders(directory: under(directory), onlyProcesses: processes)
        case .hello, .read, .size, .close: return request
        }
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
