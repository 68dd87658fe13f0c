import Glibc
import LogCore

/// Lines of standard input as bytes, read as they arrive. Unlike `readLine`, which replaces bytes
/// that are not UTF-8 with U+FFFD, it keeps every byte.
struct StandardInput {
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    /// The next line without its `\n`, the last one even without a `\n`; `nil` at the end. The
    /// corresponding C function is `read`.
    mutating func nextLine() throws(LogError) -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
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
