import Foundation
import LogAgent
import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// A connection to an agent run by a real child process: a directory read through it reads as the
/// local one, and a transport that fails, exits or lies is a clear error, never a hang or a crash.
@Suite struct AgentConnectionTests {
    /// The error `body` throws, in words.
    func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A command that prints the framed `replies` whatever it is sent, then runs `then`.
    private func replying(_ replies: [AgentReply], in dir: TemporaryDirectory, then: String = "exec sleep 30") throws -> [String] {
        let file = dir.child("replies")
        let bytes = replies.enumerated().flatMap { $0.element.framed(id: UInt32($0.offset + 1)) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return ["sh", "-c", "cat '\(file)'; \(then)"]
    }

    @Test func aDirectoryReadThroughTheAgentReadsAsTheLocalOne() throws {
        let path = TestPaths.golden + "/crashed"
        let connection = try AgentConnection(command: TestPaths.agentCommand(path), location: "test:" + path)
        #expect(connection.release == LogscopeVersion.current)
        let access = RemoteFileAccess(connection: connection, prefix: "test:")
        let remote = try LogDirectory(path: "test:" + path, access: access)
        let local = try LogDirectory(path: path)
        #expect(remote.segments.map(\.baseOffset) == local.segments.map(\.baseOffset))
        func values(_ directory: LogDirectory) throws -> [[UInt8]] {
            var values: [[UInt8]] = []
            var cursor = directory.records(from: 0, through: .max)
            while try cursor.next(
                lending: { _, value in values.append(Array(value ?? UnsafeRawBufferPointer(start: nil, count: 0))) }, unlisted: { _, _, _ in })
            {}
            return values
        }
        #expect(try values(remote) == values(local))
        #expect(!(try values(remote)).isEmpty)
    }

    @Test func aPathOutsideTheAgentsDirectoryIsRefusedByTheAgent() throws {
        let path = TestPaths.golden + "/crashed"
        let connection = try AgentConnection(command: TestPaths.agentCommand(path), location: "test:" + path)
        let access = RemoteFileAccess(connection: connection, prefix: "test:")
        let outside = "test:" + TestPaths.golden + "/small/0.store"
        #expect(
            failure { _ = try access.openForReading(outside) }.contains(
                "the agent refused: \(TestPaths.golden)/small/0.store: outside the directory the agent serves"))
        #expect(access.status(of: outside).kind == .missing)
        // The connection goes on after a refusal.
        #expect(access.status(of: "test:" + path + "/0.store").kind == .regularFile)
    }

    @Test func aCommandThatCannotRunSaysSo() {
        let message = failure { _ = try AgentConnection(command: ["/nonexistent/transport"], location: "n0:/x") }
        #expect(message == "n0:/x: cannot run `/nonexistent/transport`: No such file or directory")
    }

    @Test func aRemoteWithoutLogscopeSaysToInstallIt() {
        let message = failure { _ = try AgentConnection(command: ["sh", "-c", "exit 127"], location: "n0:/x") }
        #expect(message.hasPrefix("n0:/x: the connection to the agent ended; `sh` exited with status 127"))
        #expect(message.contains("install logscope on that machine"))
    }

    @Test func aTransportThatFailsSaysItsExitStatus() {
        let message = failure { _ = try AgentConnection(command: ["sh", "-c", "exit 255"], location: "n0:/x") }
        #expect(message == "n0:/x: the connection to the agent ended; `sh` exited with status 255")
    }

    @Test func aTransportThatPrintsSomethingElseIsStoppedAtOnce() {
        let start = ContinuousClock.now
        let message = failure {
            _ = try AgentConnection(command: ["sh", "-c", "printf 'HTTP/1.1 400 Bad Request\\r\\n'; sleep 30"], location: "n0:/x")
        }
        #expect(message.hasPrefix("n0:/x: the connection to the agent failed: a message of 1213486160 bytes, more than the"))
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func anEchoIsNotAReply() {
        // `cat` sends the hello request back: a hello reply's fields are not all there.
        let message = failure { _ = try AgentConnection(command: ["cat"], location: "n0:/x") }
        #expect(message.hasPrefix("n0:/x: the agent sent a reply that is not one (message byte"))
    }

    @Test func anAgentOfAnotherProtocolVersionIsRefused() throws {
        let dir = TemporaryDirectory("agent")
        let command = try replying([.hello(protocolVersion: AgentProtocol.version + 1, release: "9.9.9", root: "/x")], in: dir)
        let message = failure { _ = try AgentConnection(command: command, location: "n0:/x") }
        #expect(
            message
                == "n0:/x: the agent there (logscope 9.9.9) speaks protocol \(AgentProtocol.version + 1); this logscope (\(LogscopeVersion.current)) "
                + "speaks \(AgentProtocol.version): install the same release there")
    }

    @Test func aReplyToAnotherRequestEndsTheConnection() throws {
        let dir = TemporaryDirectory("agent")
        let hello = AgentReply.hello(protocolVersion: AgentProtocol.version, release: "x", root: "/x")
        let file = dir.child("replies")
        let status = FileSystem.Status(kind: .directory, size: 0, inode: 1)
        try Data(hello.framed(id: 1) + AgentReply.status(status).framed(id: 7)).write(to: URL(fileURLWithPath: file))
        let connection = try AgentConnection(command: ["sh", "-c", "cat '\(file)'; exec sleep 30"], location: "n0:/x")
        let message = failure { _ = try connection.request(.status(path: "/x")) }
        #expect(message == "n0:/x: the agent answered request 7 when 2 was due")
        // Every later request fails the same way, at once.
        #expect(failure { _ = try connection.request(.status(path: "/x")) } == message)
    }

    @Test func aConnectionThatEndsMidSessionFailsEveryLaterRequest() throws {
        let dir = TemporaryDirectory("agent")
        let command = try replying([.hello(protocolVersion: AgentProtocol.version, release: "x", root: "/x")], in: dir, then: "exit 3")
        let connection = try AgentConnection(command: command, location: "n0:/x")
        let access = RemoteFileAccess(connection: connection, prefix: "n0:")
        let message = failure { _ = try access.entries(of: "n0:/x") }
        #expect(message == "n0:/x: the connection to the agent ended; `sh` exited with status 3")
        #expect(failure { _ = try access.openForReading("n0:/x/0.store") } == message)
        #expect(access.status(of: "n0:/x").kind == .missing)
    }

    @Test func aReadTheAgentAnswersWithTooManyBytesIsAnError() throws {
        let dir = TemporaryDirectory("agent")
        // The file's first chunk, and the next one read ahead: one byte too many.
        let chunk = RemoteReadAhead.chunkBytes
        let status = FileSystem.Status(kind: .regularFile, size: UInt64(2 * chunk + 1), inode: 9)
        let command = try replying(
            [
                .hello(protocolVersion: AgentProtocol.version, release: "x", root: "/x"),
                .file(status: status, bytes: [UInt8](repeating: 1, count: chunk + 1)),
                .file(status: status, bytes: []),
            ], in: dir)
        let connection = try AgentConnection(command: command, location: "n0:/x")
        let message = failure { _ = try RemoteFileAccess(connection: connection, prefix: "n0:").openForReading("n0:/x/0.store") }
        #expect(message == "n0:/x: the agent sent \(chunk + 1) bytes for a read of \(chunk) from n0:/x/0.store")
        #expect(failure { _ = try connection.request(.status(path: "/x")) } == message)
    }
}

extension AgentConnectionTests {
    @Test func anAgentThatStopsAnsweringIsGivenUpOnNotWaitedForForever() throws {
        let dir = TemporaryDirectory("agent")
        let hello = AgentReply.hello(protocolVersion: AgentProtocol.version, release: "x", root: "/x")
        let file = dir.child("replies")
        try Data(hello.framed(id: 1)).write(to: URL(fileURLWithPath: file))
        let connection = try AgentConnection(command: ["sh", "-c", "cat '\(file)'; exec sleep 30"], location: "n0:/x", silenceSeconds: 1)
        let start = ContinuousClock.now
        let message = failure { _ = try connection.request(.status(path: "/x")) }
        #expect(message == "n0:/x: the connection to the agent failed: nothing came for 1 s while a reply was due")
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
