import Glibc
import LogInspection

/// Writes diagnostics to standard error, keeping stdout for data; a progress line on the terminal
/// (``ProgressLine``) is erased first.
enum StandardError {
    static func print(_ line: String) {
        ProgressLine.writeAbove(line + "\n")
    }
}

/// Lines to standard output through the one output writer (`ByteOutput`: 64 KiB writes), with an
/// explicit flush.
struct StandardOutput {
    private let output = ByteOutput()

    mutating func write(_ line: String, newline: Bool = true) {
        output.write(line: line, newline: newline)
    }

    /// Writes one JSON object, of the fields `body` adds, as a line.
    mutating func writeObject(_ body: (inout JSONObjectWriter) -> Void) {
        JSONObjectWriter.write(to: output, body)
        output.endLine()
    }

    mutating func flush() {
        output.flush()
    }

    /// Writes out what is left; when the output could not be written (a full disk, an I/O error, not
    /// a reader that left), says so on stderr and exits 2: a truncated report must not pass for one.
    mutating func finish() throws {
        output.flush()
        try output.exitIfFailed()
    }
}

extension ByteOutput {
    /// When the output could not be written (a full disk, an I/O error; not a reader that left),
    /// says so on stderr and exits 2: a cut-short output must not pass for a whole one.
    func exitIfFailed() throws {
        guard let failure else { return }
        StandardError.print("logscope: \(failure)")
        throw ExitCodes.failure
    }
}
