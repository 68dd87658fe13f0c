import Glibc

/// Every failure LogCore reports: what went wrong, on which file, at which byte, and what to do.
///
/// The `description` of each case is a sentence a user can act on. ``offsetOutOfRange(_:)`` keeps the
/// reference implementation's exact text, `offset out of range: N`, so scripts that match on it keep
/// working.
public enum LogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested offset is not held by any segment.
    case offsetOutOfRange(UInt64)
    /// The path exists but is not a directory.
    case notADirectory(path: String)
    /// The directory does not exist (and the operation does not create it).
    case noSuchDirectory(path: String)
    /// A system call failed on a file.
    case io(operation: String, path: String, errno: Int32)
    /// The log, segment, store or index was used after `close()`.
    case closed(path: String)
    /// Another process holds the log open for writing.
    case locked(path: String)
    /// Another process has files of the log open or mapped for writing, without the LogCore lock (the
    /// Go reference takes none): writing or recovering now would destroy its log.
    case heldByAnotherProcess(path: String, holders: [DirectoryHolder])
    /// The configuration cannot be used.
    case invalidConfig(String)
    /// Bytes on disk do not have the expected shape.
    case corrupt(path: String, position: UInt64, reason: String)
    /// The index has no entry at the requested slot (the reference's `io.EOF`).
    case endOfIndex(path: String, entry: Int64)
    /// The index has no room for another entry (the reference's `io.EOF` on write).
    case indexFull(path: String, capacity: Int)
    /// A record's payload does not decode as `Record{value=1, offset=2}`.
    case undecodableRecord(path: String, position: UInt64, reason: String)
    /// Every offset below 2^64−1 is taken: the log cannot number another record.
    case offsetsExhausted(path: String)
    /// A directory that must be new or empty (the output of a repair) holds files.
    case directoryNotEmpty(path: String)
    /// An input (a file, a line of standard input, a value) holds more than `limit` bytes: reading it
    /// stopped there, before its bytes took memory.
    case inputTooLarge(source: String, limit: Int)
    /// A repair's output lies inside the directory it reads, or that directory inside the output
    /// (symbolic links resolved).
    case outputOverlapsSource(output: String, source: String, sourceInsideOutput: Bool)
    /// The directory's segments cannot be put together into one log.
    case inconsistentSegments(path: String, reason: String)
    /// A file of a node directory (`raft/stable`, a snapshot's `meta.json`) is not in the format its
    /// writer uses: `format` names it, `position` is the byte where reading stopped.
    case unreadableFormat(path: String, position: UInt64, format: String, reason: String)
    /// Another process changed the size of a file this writer holds (truncated it, or wrote to it):
    /// appends stopped and nothing more is written to the log.
    case changedByAnotherProcess(path: String, expectedBytes: UInt64, foundBytes: UInt64)
    /// Writing a file failed (a full disk, a file-size limit, an I/O error): appends stopped.
    /// `unwrittenBytes` of appends acknowledged before the failed one (a buffered writer's memory)
    /// did not reach the file.
    case writeFailed(path: String, errno: Int32, unwrittenBytes: Int)
    /// A directory on another machine could not be read: its transport (ssh, `--via`) or the agent
    /// there failed, or refused (`location` is the directory as the user wrote it).
    case remote(location: String, reason: String)

    public var description: String {
        switch self {
        case .offsetOutOfRange(let offset):
            return "offset out of range: \(offset)"
        case .notADirectory(let path):
            return "\(path): not a directory; a log is a directory of <base>.store and <base>.index files"
        case .noSuchDirectory(let path):
            return "\(path): no such directory; check the path (a log is a directory of <base>.store and <base>.index files)"
        case .io(let operation, let path, let code):
            let message = "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
            if code == EMFILE || code == ENFILE {
                let limit = OpenFileLimit.current.map { " (now \($0))" } ?? ""
                return message + "; reading a log keeps two files open per segment: raise the open-file limit\(limit) with `ulimit -n`"
            }
            if code == EFBIG {
                return message + "; the file-size limit (`ulimit -f`\(Self.fileSizeLimitNow)) is below what the file needs: raise it, or use smaller segments "
                    + "(--max-store-bytes, --max-index-bytes: an index is grown to its maximum while open)"
            }
            guard code == EACCES || code == EPERM else { return message }
            return message + "; run as a user who may read the directory and every segment file (and, to append, write them)"
        case .closed(let path):
            return "\(path): used after close; open the log again"
        case .locked(let path):
            return "\(path): another process has this log open for writing (flock held); "
                + "stop it first, or inspect read-only with `logscope`"
        case .heldByAnotherProcess(let path, let holders):
            let lockless = holders.contains { !$0.holdsLock }
            return "\(path): another process is writing this log: "
                + holders.map(\.description).joined(separator: "; ")
                + (lockless ? "; it takes no lock (as the Go reference does not), so writing or recovering now would corrupt its files" : "")
                + ". Stop it first, or inspect read-only with `logscope`"
        case .invalidConfig(let reason):
            return "invalid config: \(reason)"
        case .corrupt(let path, let position, let reason):
            return "\(path): byte \(position): \(reason); run `logscope check` on the directory for details"
        case .endOfIndex(let path, let entry):
            return "\(path): no index entry \(entry) (end of index)"
        case .indexFull(let path, let capacity):
            return "\(path): index is full (\(capacity) entries)"
        case .undecodableRecord(let path, let position, let reason):
            return "\(path): record at byte \(position) does not decode: \(reason)"
        case .directoryNotEmpty(let path):
            return "\(path) is not empty; give a new or empty directory (nothing was written)"
        case .inputTooLarge(let source, let limit):
            return "\(source) holds more than \(limit) bytes, the most one value may have (--max-value-bytes raises it); "
                + "nothing more was read or appended"
        case .outputOverlapsSource(let output, let source, let sourceInsideOutput):
            let place = sourceInsideOutput ? "\(source), which it reads, lies inside \(output)" : "\(output) lies inside \(source), which it reads"
            return "\(place): a copy and the log it copies must not hold one another (the reference would take the copy's files "
                + "for the log's); give an output outside it (nothing was written)"
        case .offsetsExhausted(let path):
            return "\(path): the next offset would be 2^64−1, past the last one a log can number; "
                + "start a new log (a lower --initial-offset)"
        case .inconsistentSegments(let path, let reason):
            return "\(path): \(reason); run `logscope check` on the directory, and `logscope repair` to a copy"
        case .changedByAnotherProcess(let path, let expected, let found):
            let change =
                found < expected
                ? "was truncated by another process (now \(found) bytes, where this writer left \(expected))"
                : "was written by another process (now \(found) bytes, where this writer left \(expected))"
            return "\(path) \(change); appends stopped and nothing more was written to the log. Find that process "
                + "(another writer, a repair, a `truncate`), then reopen the log: recovery keeps every whole record the files still hold"
        case .remote(let location, let reason):
            return "\(location): \(reason)"
        case .writeFailed(let path, let code, let unwritten):
            var message = "\(path): write failed: \(String(cString: strerror(code))) (errno \(code))"
            if code == ENOSPC {
                message += ": the file system is full"
            } else if code == EFBIG {
                message +=
                    ": the file reached the file-size limit (`ulimit -f`\(Self.fileSizeLimitNow)) or the largest file the file system allows; "
                    + "use smaller segments (--max-store-bytes) or raise the limit"
            }
            message += "; appends stopped and the failed append was not acknowledged"
            message +=
                unwritten > 0
                ? ", and the last \(unwritten) bytes of appends acknowledged before it (held in the buffered writer's memory) are not in the file"
                : "; every acknowledged record is in the file"
            return message + ". Reopen the log once the cause is fixed (recovery keeps every whole record)"
        case .unreadableFormat(let path, let position, let format, let reason):
            return "\(path): byte \(position): not a readable \(format): \(reason); the file is damaged, cut short or of another "
                + "format (logscope only reads it; nothing was changed)"
        }
    }

    /// `, now N bytes` when the process has a file-size limit, for messages about `EFBIG`.
    private static var fileSizeLimitNow: String { FileSizeLimit.current.map { ", now \($0) bytes" } ?? "" }

    /// A write that failed with `error` (an ``io(operation:path:errno:)``; `EIO` for any other) as
    /// ``writeFailed(path:errno:unwrittenBytes:)``.
    static func writeFailed(after error: LogError, path: String, unwrittenBytes: Int) -> LogError {
        if case .io(_, _, let code) = error { return .writeFailed(path: path, errno: code, unwrittenBytes: unwrittenBytes) }
        return .writeFailed(path: path, errno: EIO, unwrittenBytes: unwrittenBytes)
    }

    /// Whether this error is the reference's `io.EOF`.
    public var isEndOfFile: Bool {
        switch self {
        case .endOfIndex, .indexFull: return true
        default: return false
        }
    }
}
