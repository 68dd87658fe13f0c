import Foundation
import Glibc
import LogAgent
import LogCore
import Testing

/// Framed messages through a pipe or a socket: what was sent is what is received, and a length over
/// the limit, a stream cut inside a message or one that ends between messages each say so.
@Suite struct MessageStreamTests {
    /// A pipe: its read end and its write end.
    private final class Pipe {
        var reader: Int32 = -1
        var writer: Int32 = -1

        init() {
            var ends: [Int32] = [-1, -1]
            precondition(pipe(&ends) == 0)
            (reader, writer) = (ends[0], ends[1])
        }

        func write(_ bytes: [UInt8]) {
            precondition(bytes.withUnsafeBytes { Glibc.write(writer, $0.baseAddress, $0.count) } == bytes.count)
        }

        func closeWriter() {
            close(writer)
            writer = -1
        }

        deinit {
            if reader >= 0 { close(reader) }
            if writer >= 0 { close(writer) }
        }
    }

    @Test func aMessageSentIsTheMessageReceived() throws {
        let pipe = Pipe()
        let stream = MessageStream(input: pipe.reader, output: pipe.writer)
        try stream.send(AgentRequest.open(path: "/var/lib/proglog/0.store").framed(id: 41))
        try stream.send(AgentReply.closed.framed(id: 42))
        try stream.send(WireWriter().framed())
        let first = try stream.receive()
        #expect(try AgentRequest.decode(first) == (41, .open(path: "/var/lib/proglog/0.store")))
        let second = try stream.receive()
        #expect(try AgentReply.decode(second) == (42, .closed))
        #expect(try stream.receive() == [])
    }

    /// A message larger than a socket's buffer arrives whole, read in as many pieces as it comes in
    /// (a socket, not a pipe: a writer left blocked if the reader failed gets EPIPE, not SIGPIPE).
    @Test func aMessageLargerThanTheBufferArrivesWhole() throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        let bytes = (0..<AgentProtocol.maxReadBytes).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let framed = AgentReply.bytes(bytes).framed(id: 3)
        let writer = ends[1]
        Thread {
            try? MessageStream(socket: writer).send(framed)
            close(writer)
        }.start()
        let received = try MessageStream(socket: ends[0]).receive()
        #expect(try AgentReply.decode(received) == (3, .bytes(bytes)))
    }

    /// A length over the limit is refused from the 4 bytes alone: the bytes after it stay unread.
    @Test func aLengthOverTheLimitIsTooLargeWithoutItsBodyBeingRead() throws {
        for length: UInt32 in [UInt32(AgentProtocol.maxMessageBytes) + 1, .max] {
            let pipe = Pipe()
            pipe.write(AgentSamples.bigEndian(length) + [1, 2, 3])
            pipe.closeWriter()
            #expect(throws: MessageStream.Failure.tooLarge(Int(length))) { try MessageStream(input: pipe.reader, output: -1).receive() }
            var rest = [UInt8](repeating: 0, count: 8)
            #expect(read(pipe.reader, &rest, rest.count) == 3, "the body is left in the pipe")
        }
    }

    @Test func aLengthAtTheLimitIsNotTooLarge() throws {
        let pipe = Pipe()
        pipe.write(AgentSamples.bigEndian(UInt32(AgentProtocol.maxMessageBytes)) + [9])
        pipe.closeWriter()
        #expect(throws: MessageStream.Failure.cut(received: 5, expected: 4 + AgentProtocol.maxMessageBytes)) {
            try MessageStream(input: pipe.reader, output: -1).receive()
        }
    }

    @Test func aStreamCutInsideAMessageSaysHowFarItGot() throws {
        let body = AgentSamples.body(AgentRequest.status(path: "/a/b").framed(id: 1))
        let pipe = Pipe()
        pipe.write(AgentSamples.bigEndian(UInt32(body.count)) + body.dropLast(2))
        pipe.closeWriter()
        #expect(throws: MessageStream.Failure.cut(received: 4 + body.count - 2, expected: 4 + body.count)) {
            try MessageStream(input: pipe.reader, output: -1).receive()
        }
    }

    @Test func aStreamCutInsideTheLengthSaysHowFarItGot() throws {
        let pipe = Pipe()
        pipe.write([0, 0])
        pipe.closeWriter()
        #expect(throws: MessageStream.Failure.cut(received: 2, expected: 4)) { try MessageStream(input: pipe.reader, output: -1).receive() }
    }

    @Test func aStreamThatEndsBetweenMessagesHasEnded() throws {
        let pipe = Pipe()
        pipe.write(AgentReply.closed.framed(id: 1))
        pipe.closeWriter()
        let stream = MessageStream(input: pipe.reader, output: -1)
        #expect(try AgentReply.decode(stream.receive()) == (1, .closed))
        #expect(throws: MessageStream.Failure.ended) { try stream.receive() }
        #expect(throws: MessageStream.Failure.ended) { try stream.receive() }
    }

    /// A socket whose peer went away is an error to report, not a SIGPIPE that ends the process.
    @Test func sendingToASocketWhosePeerClosedIsABrokenPipe() throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        close(ends[1])
        #expect(throws: MessageStream.Failure.system(operation: "write", errno: EPIPE)) {
            try MessageStream(socket: ends[0]).send(AgentReply.closed.framed(id: 1))
        }
    }

    @Test func aFailureSaysWhatHappenedInWords() {
        #expect(MessageStream.Failure.ended.description == "the connection ended")
        #expect(MessageStream.Failure.cut(received: 6, expected: 9).description == "the connection ended inside a message (6 of 9 bytes)")
        #expect(MessageStream.Failure.tooLarge(1 << 30).description.contains("1073741824 bytes, more than the 16777216 allowed"))
        #expect(MessageStream.Failure.system(operation: "read", errno: EBADF).description.contains("read failed: Bad file descriptor (errno 9)"))
    }
}
