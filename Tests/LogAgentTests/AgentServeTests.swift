import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// `serve` over a socket: requests sent back to back are answered in order under their numbers (those
/// that arrived together in one write); the client's end closing ends it with 0; bytes that are not a request, or a stream that is, end it with
/// 2 and a line on stderr that says why.
@Suite struct AgentServeTests {
    /// A directory to serve holding `0.store` (3 bytes).
    private func directory() -> TemporaryDirectory {
        let dir = TemporaryDirectory("agent-serve")
        Files.write([7, 8, 9], to: dir.child("0.store"))
        return dir
    }

    @Test func requestsSentBackToBackAreAnsweredInOrderUnderTheirNumbers() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        let root = try #require(FileSystem.realPath(dir.path))
        let store = FileSystem.status(of: root + "/0.store")
        let requests: [(UInt32, AgentRequest)] = [
            (500, .hello(protocolVersion: AgentProtocol.version, release: "test")),
            (3, .readFile(path: root + "/0.store", offset: 1, count: 10)),
            (0, .readFile(path: root + "/0.store", offset: 3, count: 10)),
            (.max, .readFile(path: root + "/none", offset: 0, count: 10)),
            (42, .readFile(path: root + "/0.store", offset: 0, count: .max)),
            (42, .readFile(path: root, offset: 0, count: 1)),
            (8, .status(path: root + "/none")),
            (9, .entries(directory: root)),
        ]
        try agent.write(requests.flatMap { $0.1.framed(id: $0.0) })
        var replies: [(id: UInt32, reply: AgentReply)] = []
        for _ in requests { replies.append(try agent.reply()) }
        #expect(replies.map(\.id) == requests.map(\.0))
        let expected: [AgentReply] = [
            .hello(protocolVersion: AgentProtocol.version, release: LogscopeVersion.current, root: root),
            .file(status: store, bytes: [8, 9]),
            .file(status: store, bytes: []),
            .failure(.io(operation: "open", path: root + "/none", errno: ENOENT)),
            .failure(.refused(reason: "a read of 4294967295 bytes; at most \(AgentProtocol.maxReadBytes) at once")),
            .failure(.io(operation: "pread", path: root, errno: EISDIR)),
            .status(FileSystem.Status(kind: .missing, size: 0, inode: 0)),
            .entries(["0.store"]),
        ]
        #expect(replies.map(\.reply) == expected)
        #expect(agent.ending() == AgentOverSocket.Ending(status: 0, stderr: []))
    }

    /// Fifty requests that arrive in one read are answered in order, in one write: `serve` writes to
    /// a packet socket here, where each write is one packet. (The requests are all in the pipe before
    /// `serve` starts, so its first read takes them all.)
    @Test func requestsThatArriveTogetherAreAnsweredInOneWrite() throws {
        let dir = directory()
        let root = try #require(FileSystem.realPath(dir.path))
        let requests = (0..<50).map { (UInt32(1000 + $0 * 7), AgentRequest.readFile(path: root + "/0.store", offset: UInt64($0 % 4), count: 2)) }
        var input: [Int32] = [-1, -1]
        #expect(pipe(&input) == 0)
        var output: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &output) == 0)
        defer {
            close(input[0])
            close(output[0])
            close(output[1])
        }
        let batch = requests.flatMap { $0.1.framed(id: $0.0) }
        #expect(batch.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) } == batch.count)
        close(input[1])
        let served = AgentServer(root: try AgentRoot(root)).serve(MessageStream(input: input[0], output: output[1]), stderr: { Issue.record("\($0)") })
        #expect(served == 0)
        shutdown(output[1], Int32(SHUT_WR))
        var packets: [[UInt8]] = []
        var packet = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = recv(output[0], &packet, packet.count, 0)
            guard n > 0 else { break }
            packets.append(Array(packet.prefix(n)))
        }
        #expect(packets.count == 1, "\(packets.count) writes for \(requests.count) requests")
        let replies = MessageStream(input: pipeHolding(packets.flatMap { $0 }), output: -1)
        let store = FileSystem.status(of: root + "/0.store")
        for (id, request) in requests {
            guard case .readFile(_, let offset, _) = request else { continue }
            #expect(try AgentReply.decode(replies.receive()) == (id, .file(status: store, bytes: Array([7, 8, 9].dropFirst(Int(offset)).prefix(2)))))
        }
        #expect(throws: MessageStream.Failure.ended) { try replies.receive() }
    }

    /// The read end of a pipe holding `bytes` (at most 64 KiB), its write end closed.
    private func pipeHolding(_ bytes: [UInt8]) -> Int32 {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0)
        precondition(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == bytes.count)
        close(ends[1])
        return ends[0]
    }

    /// Replies of the largest reads sent together are not held back past the batch's limit, and all
    /// arrive whole, in order (the client reads while the agent writes).
    @Test func largeRepliesOfOneBatchArriveWholeAndInOrder() throws {
        let dir = directory()
        let data = (0..<(3 * AgentProtocol.maxReadBytes + 5)).map { UInt8(truncatingIfNeeded: $0 * 11) }
        Files.write(data, to: dir.child("big"))
        let root = try #require(FileSystem.realPath(dir.path))
        let agent = try AgentOverSocket(serving: root)
        let count = UInt32(AgentProtocol.maxReadBytes)
        let requests: [AgentRequest] =
            (0..<4).map { .readFile(path: root + "/big", offset: UInt64($0) * UInt64(count), count: count) } + [.status(path: root + "/big")]
        try agent.write(requests.enumerated().flatMap { $0.element.framed(id: UInt32($0.offset)) })
        var read: [UInt8] = []
        let status = FileSystem.status(of: root + "/big")
        for index in 0..<4 {
            let (id, reply) = try agent.reply()
            #expect(id == UInt32(index))
            guard case .file(let seen, let bytes) = reply else {
                Issue.record("\(id): not a file read")
                continue
            }
            #expect(seen == status)
            read += bytes
        }
        #expect(read == data)
        #expect(try agent.reply() == (4, .status(status)))
        #expect(agent.ending() == AgentOverSocket.Ending(status: 0, stderr: []))
    }

    @Test func theClientClosingItsEndEndsServeWithZero() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        #expect(agent.ending() == AgentOverSocket.Ending(status: 0, stderr: []))
    }

    @Test func aRequestThatIsNotOneEndsServeWithTwoAndSaysWhy() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        #expect(try agent.ask(.status(path: "relative")) == .failure(.refused(reason: "relative: not an absolute path")), "a refusal goes on")
        try agent.write([0, 0, 0, 5, 99, 0, 0, 0, 1])
        let ending = try #require(agent.ending(closingFirst: false))
        #expect(ending.status == 2)
        #expect(ending.stderr == ["logscope agent: a request that is not one: message byte 0: expected a request kind (1–7), not 99"])
        #expect(throws: MessageStream.Failure.ended, "no reply, and the agent's end is closed") { try agent.stream.receive() }
    }

    @Test func aRequestWithBytesLeftOverEndsServeWithTwo() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        let framed = AgentRequest.readFile(path: "/", offset: 0, count: 1).framed(id: 1)
        try agent.write([0, 0, 0, UInt8(framed.count - 3)] + framed.dropFirst(4) + [0])
        let ending = try #require(agent.ending(closingFirst: false))
        #expect(ending.status == 2)
        #expect(
            ending.stderr == ["logscope agent: a request that is not one: message byte 22: expected the end of the message, not 1 more bytes"],
            "\(ending.stderr)")
    }

    @Test func aLengthOverTheLimitEndsServeWithTwo() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        try agent.write([0xff, 0xff, 0xff, 0xff])
        let ending = try #require(agent.ending(closingFirst: false))
        #expect(ending == AgentOverSocket.Ending(status: 2, stderr: ["logscope agent: a message of 4294967295 bytes, more than the 16777216 allowed"]))
    }

    @Test func aStreamCutInsideARequestEndsServeWithTwo() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        try agent.write(Array(AgentRequest.entries(directory: "/").framed(id: 1).dropLast()))
        let ending = try #require(agent.ending())
        #expect(ending.status == 2)
        #expect(ending.stderr == ["logscope agent: the connection ended inside a message (13 of 14 bytes)"])
    }
}
