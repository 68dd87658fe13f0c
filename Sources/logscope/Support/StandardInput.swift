import Glibc
import LogCore

/// Lines of standard input as bytes, read as they arrive. Unlike `readLine`, which replaces bytes
/// that are not UTF-8 with U+FFFD, it keeps every byte.
struct StandardInput {
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next `\n` resumes: the bytes from `start` up to here hold none (so a
    /// long line is scanned once, not once per chunk read).
    private var scanned = 0
    private var ended = false
    /// Lines read so far, to name the one that is too long.
    private var lines = 0

    /// The next line without its `\n`, the last one even without a `\n`; `nil` at the end. A line
    /// longer than `limit` bytes throws ``LogError/inputTooLarge(source:limit:)`` once that many are
    /// read (standard input that never ends a line, such as `/dev/zero`, is read no further). The
    /// corresponding C function is `read`.
    mutating func nextLine(limit: Int = .max) throws(LogError) -> [UInt8]? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 10) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                lines += 1
                guard line.count <= limit else { throw LogError.inputTooLarge(source: "line \(lines) of standard input", limit: limit) }
                return line
            }
            scanned = buffer.count
            guard buffer.count - start <= limit else { throw LogError.inputTooLarge(source: "line \(lines + 1) of standard input", limit: limit) }
            if ended {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                scanned = start
                lines += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanned -= start
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(operation: "read", path: "standard input", errno: errno)
            }
            if n == 0 { ended = true } else { buffer += chunk[0..<n] }
        }
    }
}
