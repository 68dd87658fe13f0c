import Glibc

/// An append-only commit log in a directory of segments, byte-compatible with the Go reference
/// (`proglog`'s `internal/log`) and free of its known bugs.
///
/// ```swift
/// let log = try Log(directory: "/var/lib/app/log", config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20))
/// let offset = try log.append(Array("hello".utf8))
/// let record = try log.read(at: offset)
/// try log.close()
/// ```
///
/// Opening recovers the directory after an unclean shutdown and says what it did in
/// ``recoveryReport``. A `Log` is safe to share between threads: appends and reads are serialised
/// by one lock. It holds an exclusive `flock` on the directory until ``close()``.
public final class Log: Sendable {
    /// The log's directory.
    public let directory: String
    /// The configuration it was opened with.
    public let config: Config
    let state: Locked<LogState>

    /// Opens the log in `directory`, recovering it if it was not closed cleanly.
    ///
    /// - Parameters:
    ///   - directory: the log's directory.
    ///   - config: segment sizes, initial offset and durability.
    ///   - createDirectory: create the directory (and its parents) when it is missing.
    /// - Throws: ``LogError`` when the path is not a usable directory, another process holds the log,
    ///   or the files are damaged beyond what recovery may repair without losing data.
    public init(directory: String, config: Config = Config(), createDirectory: Bool = false) throws(LogError) {
        try config.validate()
        self.directory = directory
        self.config = config
        foreignWriterCheckLimitation = try Self.refuseForeignWriters(directory: directory)
        state = Locked(try Self.setUp(directory: directory, config: config, createDirectory: createDirectory))
    }

    /// Why the look for other writers at open could not see every process (another user's processes,
    /// no `/proc`), or `nil` when it saw them all. A writer that takes no lock would then go unseen.
    public let foreignWriterCheckLimitation: String?

    /// Throws when another process has the directory's files open or mapped for writing: a LogCore
    /// writer (its `flock`) or one that takes no lock, like the Go reference, whose files recovery
    /// would truncate under it. Returns what the look could not see.
    ///
    /// A process that this one (or a shell) has just forked holds copies of its descriptors until it
    /// execs (a test runner spawning a command while another test's log is open): the processes seen
    /// writing are looked at once more after a moment, and only those still writing refuse the open.
    /// While all of those are this process's own children (one may be slow to exec on a busy
    /// machine), it looks again, 50 ms later and then twice as long each time, 1.55 s in all.
    static func refuseForeignWriters(directory: String) throws(LogError) -> String? {
        let scan = DirectoryHolders.scan(directory, includingSelf: false)
        var writers = scan.writers
        var wait: UInt32 = 50_000
        let me = getpid()
        while !writers.isEmpty, wait <= 800_000 {
            usleep(wait)
            writers = DirectoryHolders.scan(directory, includingSelf: false, onlyProcesses: writers.map(\.pid)).writers
            guard writers.allSatisfy({ DirectoryHolders.parent(of: $0.pid) == me }) else { break }
            wait *= 2
        }
        if !writers.isEmpty { throw LogError.heldByAnotherProcess(path: directory, holders: writers) }
        return scan.limitation
    }

    static func setUp(directory: String, config: Config, createDirectory: Bool) throws(LogError) -> LogState {
        switch FileSystem.kind(of: directory) {
        case .directory: break
        case .missing:
            guard createDirectory else { throw LogError.noSuchDirectory(path: directory) }
            try FileSystem.makeDirectory(directory)
        default: throw LogError.notADirectory(path: directory)
        }
        let lock = try DirectoryLock(directory: directory)
        var (segments, report) = try LogRecovery(directory: directory, config: config).run()
        if segments.isEmpty {
            segments = [try Segment(directory: directory, baseOffset: config.initialOffset, config: config, entryCount: 0, writable: true)]
            if config.durability != .buffered && config.durability != .flush {
                try FileSystem.syncDirectory(directory)
            }
        }
        return LogState(segments: segments, report: report, lock: lock)
    }

    /// What opening (or the last ``reset()``) found and changed.
    public var recoveryReport: RecoveryReport {
        state.withLock { $0.report }
    }

    /// Appends `value` and returns the offset it was given.
    @discardableResult
    public func append(_ value: [UInt8]) throws(LogError) -> UInt64 {
        try value.withBytes { (raw) throws(LogError) in try append(bytes: raw) }
    }

    /// Appends `record.value` (its `offset` is ignored: the log assigns offsets) and returns the offset.
    @discardableResult
    public func append(_ record: Record) throws(LogError) -> UInt64 {
        try append(record.value)
    }

    /// Appends the bytes of `bytes` and returns the offset they were given.
    @discardableResult
    public func append(bytes: UnsafeRawBufferPointer) throws(LogError) -> UInt64 {
        let borrowed = BorrowedBytes(bytes)
        return try state.withLock { (state) throws(LogError) -> UInt64 in
            try state.append(borrowed.raw, directory: directory, config: config)
        }
    }

    /// Reads the record at `offset`.
    ///
    /// - Throws: ``LogError/offsetOutOfRange(_:)`` (`offset out of range: N`) when no segment holds it.
    public func read(at offset: UInt64) throws(LogError) -> Record {
        try state.withLock { (state) throws(LogError) -> Record in
            try state.read(offset, directory: directory)
        }
    }

    /// The offset of the oldest record (the first segment's base offset).
    public var lowestOffset: UInt64 {
        get throws(LogError) {
            try state.withLock { (state) throws(LogError) -> UInt64 in
                try state.checkOpen(directory)
                return state.segments[0].baseOffset
            }
        }
    }

    /// The offset of the newest record, or `nil` when the log holds none (the reference says 0 for
    /// both an empty log and one holding only offset 0: bug K9).
    public var highestOffset: UInt64? {
        get throws(LogError) {
            try state.withLock { (state) throws(LogError) -> UInt64? in
                try state.checkOpen(directory)
                let next = state.segments[state.segments.count - 1].nextOffset
                return next == state.segments[0].baseOffset ? nil : next - 1
            }
        }
    }

    /// The offset the next append will get.
    public var nextOffset: UInt64 {
        get throws(LogError) {
            try state.withLock { (state) throws(LogError) -> UInt64 in
                try state.checkOpen(directory)
                return state.segments[state.segments.count - 1].nextOffset
            }
        }
    }

    /// The number of segments.
    public var segmentCount: Int {
        state.withLock { $0.segments.count }
    }

    /// Removes every segment whose records are all at or below `lowest`, as the reference's `Truncate`
    /// does, but never the newest segment (bug K5).
    public func truncate(lowest: UInt64) throws(LogError) {
        try state.withLock { (state) throws(LogError) in
            try state.checkOpen(directory)
            while state.segments.count > 1 {
                let oldest = state.segments[0]
                guard oldest.nextOffset == 0 || oldest.nextOffset - 1 <= lowest else { break }
                state.forgetOpenFiles(of: oldest)
                try oldest.remove()
                state.segments.removeFirst()
            }
        }
    }

    /// A reader of the raw store files concatenated in order, length prefixes included (the
    /// reference's `Reader()`, the snapshot format of later chapters).
    public func reader() throws(LogError) -> LogStreamReader {
        try state.withLock { (state) throws(LogError) -> LogStreamReader in
            try state.checkOpen(directory)
            try state.segments[state.segments.count - 1].flush()
            return LogStreamReader(parts: state.segments.map { ($0.storePath, $0.storeSize) })
        }
    }

    /// Writes buffered appends and forces them to disk.
    public func sync() throws(LogError) {
        try state.withLock { (state) throws(LogError) in
            try state.checkOpen(directory)
            try state.segments[state.segments.count - 1].sync()
        }
    }

    /// Flushes, syncs and closes every segment, truncating indexes to their logical size, and releases
    /// the directory lock. Later calls other than `close` throw ``LogError/closed(path:)``.
    public func close() throws(LogError) {
        try state.withLock { (state) throws(LogError) in try state.close() }
    }

    /// Closes the log and deletes its directory.
    public func remove() throws(LogError) {
        try state.withLock { (state) throws(LogError) in
            try state.close()
            try FileSystem.removeTree(directory)
        }
    }

    /// Deletes every record and starts again with one empty segment at `config.initialOffset` (the
    /// reference's `Reset`, which always failed: bug K6).
    public func reset() throws(LogError) {
        try state.withLock { (state) throws(LogError) in
            try state.close()
            try FileSystem.removeTree(directory)
            state = try Self.setUp(directory: directory, config: config, createDirectory: true)
        }
    }
}
