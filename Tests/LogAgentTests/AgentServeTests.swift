import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// `serve` over a socket: requests sent back to back are answered in order under their numbers; the
/// client's end closing ends it with 0; bytes that are not a request, or a stream that is, end it with
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
        let requests: [(UInt32, AgentRequest)] = [
            (500, .hello(protocolVersion: AgentProtocol.version, release: "test")),
            (3, .open(path: root + "/0.store")),
            (0, .read(handle: 1, offset: 1, count: 10)),
            (.max, .size(handle: 1)),
            (42, .close(handle: 1)),
            (42, .close(handle: 1)),
            (8, .status(path: root + "/none")),
            (9, .entries(directory: root)),
        ]
        try agent.write(requests.flatMap { $0.1.framed(id: $0.0) })
        var replies: [(id: UInt32, reply: AgentReply)] = []
        for _ in requests { replies.append(try agent.reply()) }
        #expect(replies.map(\.id) == requests.map(\.0))
        let expected: [AgentReply] = [
            .hello(protocolVersion: AgentProtocol.version, release: LogscopeVersion.current, root: root),
            .opened(handle: 1),
            .bytes([8, 9]),
            .size(3),
            .closed,
            .failure(.refused(reason: "file handle 1 is not open")),
            .status(FileSystem.Status(kind: .missing, size: 0, inode: 0)),
            .entries(["0.store"]),
        ]
        #expect(replies.map(\.reply) == expected)
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
        #expect(ending.stderr == ["logscope agent: a request that is not one: message byte 0: expected a request kind (1–9), not 99"])
        #expect(throws: MessageStream.Failure.ended, "no reply, and the agent's end is closed") { try agent.stream.receive() }
    }

    @Test func aRequestWithBytesLeftOverEndsServeWithTwo() throws {
        let dir = directory()
        let agent = try AgentOverSocket(serving: dir.path)
        let framed = AgentRequest.size(handle: 1).framed(id: 1)
        try agent.write([0, 0, 0, UInt8(framed.count - 3)] + framed.dropFirst(4) + [0])
        let ending = try #require(agent.ending(closingFirst: false))
        #expect(ending.status == 2)
        #expect(ending.stderr.count == 1 && ending.stderr[0].contains("message byte 9: expected the end of the message"), "\(ending.stderr)")
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
