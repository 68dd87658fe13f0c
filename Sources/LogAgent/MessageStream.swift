import Glibc

/// Framed messages over a pair of descriptors (a pipe to a child, or the agent's stdin and stdout):
/// each one a 4-byte big-endian length and that many bytes.
package struct MessageStream {
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

    /// The next message's bytes (after its length); with `silence`, fails when no byte comes for
    /// that many seconds.
    package func receive(silence: Int? = nil) throws(Failure) -> [UInt8] {
        var header: [UInt8] = [0, 0, 0, 0]
        let got = try readFully(&header, count: 4, silence: silence)
        if got == 0 { throw .ended }
        guard got == 4 else { throw .cut(received: got, expected: 4) }
        let length = Int(header.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length <= AgentProtocol.maxMessageBytes else { throw .tooLarge(length) }
        var message = [UInt8](repeating: 0, count: length)
        let body = try readFully(&message, count: length, silence: silence)
        guard body == length else { throw .cut(received: 4 + body, expected: 4 + length) }
        return message
    }

    /// Reads one line (up to a newline, which is not returned) of at most `limit` bytes, byte by byte
    /// so that nothing after it is taken: what an upload script says before the protocol begins.
    package func receiveLine(limit: Int, silence: Int? = nil) throws(Failure) -> String {
        var line: [UInt8] = []
        var byte: [UInt8] = [0]
        while line.count < limit {
            let got = try readFully(&byte, count: 1, silence: silence)
            if got == 0 { throw line.isEmpty ? .ended : .cut(received: line.count, expected: line.count + 1) }
            if byte[0] == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte[0])
        }
        throw .tooLarge(line.count)
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

    private func readFully(_ buffer: inout [UInt8], count: Int, silence: Int?) throws(Failure) -> Int {
        var done = 0
        while done < count {
            if let silence {
                var ready = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let n = poll(&ready, 1, Int32(clamping: silence * 1000))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .system(operation: "poll", errno: errno)
                }
                if n == 0 { throw .silent(seconds: silence) }
            }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress! + done, count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}
