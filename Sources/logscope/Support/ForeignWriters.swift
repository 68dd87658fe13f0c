import LogCore
import LogInspection

/// The one place where a command that writes makes sure no other process writes the same log: a
/// LogCore writer (its `flock`) or one that takes no lock, like the Go reference (its open files and
/// mappings in `/proc`).
enum ForeignWriters {
    /// Opens `directory` for writing as `append` and `write` do. `Log` refuses when another process
    /// writes the log (exit 2, naming the process and its files); this says on stderr which sizes an
    /// existing log is written with (``LogConfigOptions/config(for:)``), what the look for other
    /// writers could not see, and what recovery did. A file-size limit (`ulimit -f`) then stops appends
    /// with an error rather than killing the process (``FileSizeLimit/ignoreExceededSignal()``).
    static func openLog(_ directory: String, config: (config: Config, note: String?)) throws(LogError) -> Log {
        FileSizeLimit.ignoreExceededSignal()
        let log = try Log(directory: directory, config: config.config, createDirectory: true)
        if let note = config.note { StandardError.print(note) }
        if let limitation = log.foreignWriterCheckLimitation { StandardError.print("warning: " + limitation) }
        for action in log.recoveryReport.actions {
            StandardError.print("recovery: \(action)")
        }
        return log
    }

    /// Throws when another process writes `directory`: a copy taken now would miss what the writer has
    /// not flushed and could mix files from before and after its next append.
    static func refuseWriters(of directory: LogDirectory) throws(LogError) {
        let scan = directory.holders()
        if let limitation = scan.limitation { StandardError.print("warning: " + limitation) }
        let writers = scan.writers
        if !writers.isEmpty { throw LogError.heldByAnotherProcess(path: directory.path, holders: writers) }
    }

    /// Says on stderr what the look for a writer could not see, when a read-only command found none:
    /// without root, a writer of another user that takes no lock would go unseen and its pending
    /// entries would read as damage.
    static func noteUnseenWriters(of directory: LogDirectory, live: Bool) {
        guard !live, let limitation = directory.holders().limitation else { return }
        StandardError.print("note: live detection " + limitation)
    }
}
