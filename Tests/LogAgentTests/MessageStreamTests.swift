import Foundation
import Glibc
import LogAgent
import LogCore
import Testing

/// Framed messages through a pipe or a socket: what was sent is what is received, however the bytes
/// arrive (many messages in one read, one message over many); whether the next message is already
/// whole in what was read; and a length over the limit, a stream cut inside a message or one that
/// ends between messages each say so.
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

    /// Writes all of `bytes` to `descriptor` in as many writes as it takes (a pipe holds 64 KiB), from
    /// a thread of its own, then closes it; signals `done` when it has.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, then done: DispatchSemaphore) {
        Thread {
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
                guard n > 0 else { break }
                written += n
            }
            close(descriptor)
            done.signal()
        }.start()
    }

    @Test func aMessageSentIsTheMessageReceived() throws {
        let pipe = Pipe()
        let stream = MessageStream(input: pipe.reader, output: pipe.writer)
        let request = AgentRequest.readFile(path: "/var/lib/proglog/0.store", offset: 9, count: 4096)
        let reply = AgentReply.file(status: FileSystem.Status(kind: .regularFile, size: 12, inode: 3), bytes: [1, 2, 3])
        try stream.send(request.framed(id: 41))
        try stream.send(reply.framed(id: 42))
        try stream.send(WireWriter().framed())
        let first = try stream.receive()
        #expect(try AgentRequest.decode(first) == (41, request))
        let second = try stream.receive()
        #expect(try AgentReply.decode(second) == (42, reply))
        #expect(try stream.receive() == [])
    }

    /// A message larger than a socket's buffer arrives whole, read in as many pieces as it comes in
    /// (a socket, not a pipe: a writer left blocked if the reader failed gets EPIPE, not SIGPIPE).
    @Test func aMessageLargerThanTheBufferArrivesWhole() throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        let bytes = (0..<AgentProtocol.maxReadBytes).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let reply = AgentReply.file(status: FileSystem.Status(kind: .regularFile, size: .max, inode: 1), bytes: bytes)
        let framed = reply.framed(id: 3)
        let writer = ends[1]
        Thread {
            try? MessageStream(socket: writer).send(framed)
            close(writer)
        }.start()
        let received = try MessageStream(socket: ends[0]).receive()
        #expect(try AgentReply.decode(received) == (3, reply))
    }

    /// A length over the limit is refused from the 4 bytes alone, at once: no more than one read's
    /// worth (64 KiB) of what follows is taken from the pipe, though 1 MiB more is on its way.
    @Test func aLengthOverTheLimitIsTooLargeWithoutItsBodyBeingRead() throws {
        for length: UInt32 in [UInt32(AgentProtocol.maxMessageBytes) + 1, .max] {
            let pipe = Pipe()
            let follows = 1 << 20
            let written = DispatchSemaphore(value: 0)
            Self.writeAll(AgentSamples.bigEndian(length) + [UInt8](repeating: 0xee, count: follows), to: pipe.writer, then: written)
            pipe.writer = -1
            let clock = ContinuousClock()
            let started = clock.now
            #expect(throws: MessageStream.Failure.tooLarge(Int(length))) { try MessageStream(input: pipe.reader, output: -1).receive() }
            #expect(clock.now - started < .seconds(5))
            var left = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(pipe.reader, &chunk, chunk.count)
                guard n > 0 else { break }
                left += n
            }
            #expect(written.wait(timeout: .now() + 10) == .success)
            #expect(follows - left <= 64 * 1024, "\(follows - left) bytes of what follows the length were taken")
        }
    }

    /// Thousands of messages of every size in one write, a few larger than one read, arrive whole and
    /// in order, each one read once, though many come in one read and others across two.
    @Test func manyMessagesInOneWriteArriveWholeAndInOrder() throws {
        let pipe = Pipe()
        let sizes = (0..<3000).map { $0 % 500 == 7 ? 100_000 + $0 : $0 % 97 }
        let bodies = sizes.enumerated().map { index, size in (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ index) } }
        let written = DispatchSemaphore(value: 0)
        Self.writeAll(bodies.flatMap { AgentSamples.bigEndian(UInt32($0.count)) + $0 }, to: pipe.writer, then: written)
        pipe.writer = -1
        let stream = MessageStream(input: pipe.reader, output: -1)
        var received: [[UInt8]] = []
        for _ in bodies { received.append(try stream.receive()) }
        #expect(received == bodies)
        #expect(throws: MessageStream.Failure.ended) { try stream.receive() }
        #expect(written.wait(timeout: .now() + 10) == .success)
    }

    /// The next message is buffered when all of it has been read: not before the first read, not when
    /// only its start has come, and not when what has come is only its length.
    @Test func aMessageIsBufferedOnlyWhenAllOfItHasBeenRead() throws {
        let pipe = Pipe()
        let stream = MessageStream(input: pipe.reader, output: -1)
        let third = AgentRequest.status(path: "/var/lib/proglog/0.store").framed(id: 3)
        pipe.write(AgentRequest.status(path: "/a").framed(id: 1) + WireWriter().framed() + third.prefix(6))
        #expect(!stream.hasBufferedMessage, "nothing is read before it is asked for")
        #expect(try AgentRequest.decode(stream.receive()) == (1, .status(path: "/a")))
        #expect(stream.hasBufferedMessage, "the empty message came with the first")
        #expect(try stream.receive() == [])
        #expect(!stream.hasBufferedMessage, "6 bytes of the third")
        pipe.write(Array(third.dropFirst(6)))
        #expect(!stream.hasBufferedMessage, "the rest is in the pipe, not yet read")
        #expect(try AgentRequest.decode(stream.receive()) == (3, .status(path: "/var/lib/proglog/0.store")))
        #expect(!stream.hasBufferedMessage)
        pipe.write([0, 0])
        pipe.closeWriter()
        #expect(throws: MessageStream.Failure.cut(received: 2, expected: 4)) { try stream.receive() }
        #expect(!stream.hasBufferedMessage, "2 bytes are not a length")
    }

    /// A length over the limit is never buffered: the next receive says it is too large.
    @Test func aLengthOverTheLimitIsNotABufferedMessage() throws {
        let pipe = Pipe()
        pipe.write(WireWriter().framed() + AgentSamples.bigEndian(.max) + [1, 2, 3])
        pipe.closeWriter()
        let stream = MessageStream(input: pipe.reader, output: -1)
        #expect(try stream.receive() == [])
        #expect(!stream.hasBufferedMessage)
        #expect(throws: MessageStream.Failure.tooLarge(Int(UInt32.max))) { try stream.receive() }
    }

    /// What an upload script says before the protocol begins, and the first messages, in one write:
    /// the line is the line, and the messages after it are not lost to it.
    @Test func aLineThenMessagesInOneWriteAreEachReadAsSent() throws {
        let pipe = Pipe()
        let reply = AgentReply.hello(protocolVersion: AgentProtocol.version, release: "t", root: "/r")
        pipe.write(Array("logscope-agent ready\n\n".utf8) + reply.framed(id: 7) + Array("after\n".utf8))
        pipe.closeWriter()
        let stream = MessageStream(input: pipe.reader, output: -1)
        #expect(try stream.receiveLine(limit: 100) == "logscope-agent ready")
        #expect(try stream.receiveLine(limit: 100) == "")
        #expect(try AgentReply.decode(stream.receive()) == (7, reply))
        #expect(try stream.receiveLine(limit: 100) == "after")
        #expect(throws: MessageStream.Failure.ended) { try stream.receiveLine(limit: 100) }
    }

    @Test func aLineCutOrEndlessSaysSo() throws {
        let cut = Pipe()
        cut.write(Array("no newline".utf8))
        cut.closeWriter()
        #expect(throws: MessageStream.Failure.cut(received: 10, expected: 11)) { try MessageStream(input: cut.reader, output: -1).receiveLine(limit: 100) }
        let endless = Pipe()
        endless.write([UInt8](repeating: UInt8(ascii: "y"), count: 5000))
        endless.closeWriter()
        let error = #expect(throws: MessageStream.Failure.self) { try MessageStream(input: endless.reader, output: -1).receiveLine(limit: 1000) }
        guard case .tooLarge(let count) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(count >= 1000)
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
        pipe.write(AgentReply.statuses([]).framed(id: 1))
        pipe.closeWriter()
        let stream = MessageStream(input: pipe.reader, output: -1)
        #expect(try AgentReply.decode(stream.receive()) == (1, .statuses([])))
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
            try MessageStream(socket: ends[0]).send(AgentReply.statuses([]).framed(id: 1))
        }
    }

    @Test func aFailureSaysWhatHappenedInWords() {
        #expect(MessageStream.Failure.ended.description == "the connection ended")
        #expect(MessageStream.Failure.cut(received: 6, expected: 9).description == "the connection ended inside a message (6 of 9 bytes)")
        #expect(MessageStream.Failure.tooLarge(1 << 30).description.contains("1073741824 bytes, more than the 16777216 allowed"))
        #expect(MessageStream.Failure.system(operation: "read", errno: EBADF).description.contains("read failed: Bad file descriptor (errno 9)"))
    }
}
