import Glibc
import LogInspection

/// Writes diagnostics to standard error, keeping stdout for data.
enum StandardError {
    static func print(_ line: String) {
        let text = line + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}

/// Lines to standard output through the one output writer (`ByteOutput`: 64 KiB writes), with an
/// explicit flush.
struct StandardOutput {
    private let output = ByteOutput()

    mutating func write(_ line: String, newline: Bool = true) {
        output.write(line: line, newline: newline)
    }

    mutating func flush() {
        output.flush()
    }
}
