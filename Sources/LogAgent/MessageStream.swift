import Glibc

/// Framed messages over a pair of descriptors (a pipe to a child, or the agent's stdin and stdout):
/// each one a 4-byte big-endian length and that many bytes.
///
/// Reads go through a buffer: one `read` takes whatever has arrived (many small messages of a
/// batch at once), and ``hasBufferedMessage`` tells whether the next one is already whole in it.
/// Not thread-safe: its owner serialises access.
package final class MessageStream {
    /// Why a message could not be read or written.
    package enum Failure: Error, Equatable, CustomStringConvertible {
        /// The other side closed its end between messages.
        case ended
        /// The other side closed its end inside a message, after `received` of its bytes.
        case cut(received: Int, expected: Int)
        /// A length past ``AgentProtocol/maxMessageBytes``.
        case tooLarge(Int)
        /// Nothing came for `seconds` while a message was due.
        case silent(seconds: Int)
        /// A system call failed.
        case system(operation: String, errno: Int32)

        package var description: String {
            switch self {
            case .ended: return "the connection ended"
            case .cut(let received, let expected): return "the connection ended inside a message (\(received) of \(expected) bytes)"
            case .tooLarge(let count): return "a message of \(count) bytes, more than the \(AgentProtocol.maxMessageBytes) allowed"
            case .silent(let seconds): return "nothing came for \(seconds) s while a reply was due"
            case .system(let operation, let code): return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
            }
        }
    }

    package let input: Int32
    package let output: Int32
    /// Whether `output` is a socket written with `MSG_NOSIGNAL`: a peer that went away is then an
    /// error to report (`EPIPE`), not a SIGPIPE that ends the process without a word.
    private let isSocket: Bool

    /// Messages read from `input` and written to `output` (pipes, or the agent's stdin and stdout).
    package init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
        isSocket = false
    }

    /// Messages read from and written to one connected socket.
    package init(socket: Int32) {
        input = socket
        output = socket
        isSocket = true
    }

    /// Bytes read and not yet taken: `buffer[taken...]`.
    private var buffer: [UInt8] = []
    private var taken = 0
    /// How much one `read` asks for.
    private static let readBytes = 64 * 1024
    /// Where a `read` lands before its bytes join ``buffer`` (only what arrived is copied).
    private let scratch = UnsafeMutableRawPointer.allocate(byteCount: readBytes, alignment: 16)

    deinit { scratch.deallocate() }

    /// Whether the next message is whole in what has been read already (taking it does not wait).
    package var hasBufferedMessage: Bool {
        let available = buffer.count - taken
        guard available >= 4 else { return false }
        return available - 4 >= Int(bufferedLength(at: taken))
    }

    /// The next message's bytes (after its length); with `silence`, fails when no byte comes for
    /// that many seconds while one is due.
    package func receive(silence: Int? = nil) throws(Failure) -> [UInt8] {
        let header = try fill(4, silence: silence)
        if header == 0 { throw .ended }
        guard header >= 4 else { throw .cut(received: header, expected: 4) }
        let length = Int(bufferedLength(at: taken))
        guard length <= AgentProtocol.maxMessageBytes else { throw .tooLarge(length) }
        let got = try fill(4 + length, silence: silence)
        guard got >= 4 + length else { throw .cut(received: got, expected: 4 + length) }
        let message = Array(buffer[(taken + 4)..<(taken + 4 + length)])
        taken += 4 + length
        return message
    }

    /// Reads one line (up to a newline, which is not returned) of at most `limit` bytes: what an
    /// upload script says before the protocol begins.
    package func receiveLine(limit: Int, silence: Int? = nil) throws(Failure) -> String {
        var scanned = 0
        while true {
            if let newline = buffer[(taken + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - taken <= limit else { throw .tooLarge(newline - taken) }
                let line = String(decoding: buffer[taken..<newline], as: UTF8.self)
                taken = newline + 1
                return line
            }
            scanned = buffer.count - taken
            guard scanned < limit else { throw .tooLarge(scanned) }
            let got = try fill(scanned + 1, silence: silence)
            if got <= scanned { throw scanned == 0 ? .ended : .cut(received: scanned, expected: scanned + 1) }
        }
    }

    /// Reads until `count` bytes are buffered past ``taken`` or the other side ends; returns how
    /// many are.
    private func fill(_ count: Int, silence: Int?) throws(Failure) -> Int {
        if taken > 0 && buffer.count - taken < count && taken >= buffer.count / 2 {
            buffer.removeFirst(taken)
            taken = 0
        }
        while buffer.count - taken < count {
            if let silence {
                var ready = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let n = poll(&ready, 1, Int32(clamping: silence * 1000))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .system(operation: "poll", errno: errno)
                }
                if n == 0 { throw .silent(seconds: silence) }
            }
            let n = read(input, scratch, Self.readBytes)
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", errno: errno)
            }
            if n == 0 { break }
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: scratch, count: n))
        }
        return buffer.count - taken
    }

    private func bufferedLength(at index: Int) -> UInt32 {
        buffer[index..<(index + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Writes one framed message (``WireWriter/framed()``), or any bytes.
    package func send(_ framed: [UInt8]) throws(Failure) {
        var done = 0
        while done < framed.count {
            let n = framed.withUnsafeBytes { (bytes) -> Int in
                let start = bytes.baseAddress! + done
                return isSocket ? Glibc.send(output, start, framed.count - done, Int32(MSG_NOSIGNAL)) : write(output, start, framed.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "write", errno: errno)
            }
            done += n
        }
    }
}
