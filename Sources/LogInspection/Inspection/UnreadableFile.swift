import Glibc
import LogCore

/// A segment file the listing found but that cannot be opened for reading: no permission, or an I/O
/// error. Its segment's records cannot be inspected; the rest of the directory still can.
public struct UnreadableFile: Sendable, Equatable, CustomStringConvertible {
    /// The file's name inside the directory (`11.store`).
    public var name: String
    /// The file's path.
    public var path: String
    /// The `errno` of the failed `open`.
    public var errno: Int32

    /// The system's text for ``errno``, e.g. "Permission denied".
    public var reason: String { String(cString: strerror(errno)) }

    /// The error the `open` raised, for a caller that cannot go on without the file (repair, tail).
    public var error: LogError { .io(operation: "open", path: path, errno: errno) }

    /// `11.store cannot be read: Permission denied (errno 13)`.
    public var description: String { "\(name) cannot be read: \(reason) (errno \(errno))" }

    /// Whether a failed `open` says something about the file itself (its permissions, the disk under
    /// it), so that the file is reported and the rest of the directory inspected. Not so for a file
    /// that vanished since the listing (`ENOENT`, `ENOTDIR`: a writer truncated or reset the log) or
    /// a limit of this process (`EMFILE`, `ENFILE`, `ENOMEM`): those stay errors of the whole run.
    static func isFileLevel(_ code: Int32) -> Bool {
        ![ENOENT, ENOTDIR, EMFILE, ENFILE, ENOMEM].contains(code)
    }
}
