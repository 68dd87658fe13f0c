import Dispatch
import Foundation
import Glibc
import LogAgent
import LogCore

/// An agent serving a directory on one end of a socket pair, in a thread of its own, and the client's
/// end: requests sent, replies read, and how `serve` ended (its status and what it said on stderr).
final class AgentOverSocket {
    /// How `serve` ended.
    struct Ending: Equatable {
        var status: Int32
        var stderr: [String]
    }

    let client: Int32
    private let ending = Locked<Ending?>(nil)
    private let ended = DispatchSemaphore(value: 0)
    private var finished = false

    init(serving path: String) throws {
        let root = try AgentRoot(path)
        var ends: [Int32] = [-1, -1]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        client = ends[0]
        stream = MessageStream(socket: ends[0])
        let server = ends[1]
        let ending = ending
        let ended = ended
        Thread {
            let lines = Locked<[String]>([])
            let status = AgentServer(root: root).serve(MessageStream(socket: server), stderr: { line in lines.withLock { $0.append(line) } })
            close(server)
            ending.withLock { $0 = Ending(status: status, stderr: lines.withLock { $0 }) }
            ended.signal()
        }.start()
    }

    deinit {
        close(client)
        if !finished { _ = ended.wait(timeout: .now() + 10) }
    }

    /// The client's end, one stream for the whole session: it reads ahead (a batch of replies in one
    /// read), so a stream made for each reply would lose what the one before it read.
    let stream: MessageStream

    /// Writes `bytes` as they are (a framed message, several, or anything else).
    func write(_ bytes: [UInt8]) throws {
        try stream.send(bytes)
    }

    /// The next reply and the number of the request it answers.
    func reply() throws -> (id: UInt32, reply: AgentReply) {
        try AgentReply.decode(stream.receive())
    }

    /// The reply to `request`, sent alone.
    func ask(_ request: AgentRequest, id: UInt32 = 1) throws -> AgentReply {
        try write(request.framed(id: id))
        let answer = try reply()
        precondition(answer.id == id, "the reply to request \(id) came numbered \(answer.id)")
        return answer.reply
    }

    /// How `serve` ended, waiting up to `seconds` for it after the client's end stops sending, or
    /// `nil` if it did not end in that time.
    func ending(closingFirst: Bool = true, within seconds: Double = 10) -> Ending? {
        if closingFirst { shutdown(client, Int32(SHUT_WR)) }
        guard ended.wait(timeout: .now() + seconds) == .success else { return nil }
        finished = true
        return ending.withLock { $0 }
    }
}
