import Glibc

/// Writes diagnostics to standard error, keeping stdout for data.
enum StandardError {
    static func print(_ line: String) {
        let text = line + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}

/// Buffered writes to standard output with an explicit flush.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String, newline: Bool = true) {
        buffer += line.utf8
        if newline { buffer.append(10) }
        if buffer.count >= 64 * 1024 { flush() }
    }

    mutating func flush() {
        var start = 0
        while start < buffer.count {
            let n = buffer[start...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n <= 0 {
                if errno == EINTR { continue }
                break
            }
            start += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
