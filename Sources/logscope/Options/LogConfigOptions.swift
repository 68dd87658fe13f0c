import ArgumentParser
import LogCore
import LogInspection

/// The configuration flags shared by the commands that write a log.
struct LogConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seal a segment once its store reaches this many bytes.",
            discussion: "A new log: 16 MiB. An existing log: the smallest store its writer sealed, else 16 MiB."))
    var maxStoreBytes: UInt64?

    @Option(
        help: ArgumentHelp(
            "Index file size while open; a segment rolls when the next 12-byte entry would not fit.",
            discussion:
                "A new log: 12 MiB. An existing log: what its files show the writer used (never more: the Go reference panics on an index larger than its MaxIndexBytes)."
        ))
    var maxIndexBytes: UInt64?

    @Option(
        help: ArgumentHelp(
            "The most bytes one value may have (default 64 MiB).",
            discussion: "A larger value, file or line is refused with an error before its bytes take memory."))
    var maxValueBytes: Int = 64 << 20

    @Option(help: "Base offset of the first segment when the directory holds none.")
    var initialOffset: UInt64 = 0

    @Option(
        help: ArgumentHelp(
            "buffered (the reference: a 4 KiB memory buffer, no fsync), flush (write(2) per append), fsync (fdatasync per append).",
            discussion:
                "A write that fails (a full disk, a file-size limit) or a file another process truncated stops appends with an error naming the file, exit 2: the failed append is not acknowledged, nothing more is written, and the next open recovers every acknowledged record (with buffered, all but the buffered bytes the error counts)."
        ))
    var durability: DurabilityArgument = .buffered

    @Option(
        help: ArgumentHelp(
            "The store's append buffer with --durability buffered (the reference's 4096).",
            discussion:
                "A larger buffer makes fewer write(2) calls, but a killed writer loses up to this many bytes of acknowledged appends, and the one frame split across the buffer's edge (its first part was written; a frame is whole or lost)."
        ))
    var storeBufferBytes: Int = Config.referenceBufferBytes

    func validate() throws {
        guard maxValueBytes >= 0 else { throw ValidationError("--max-value-bytes must be 0 or more") }
        guard storeBufferBytes >= Config.minimumBufferBytes, storeBufferBytes <= Config.maximumBufferBytes else {
            throw ValidationError("--store-buffer-bytes must be between \(Config.minimumBufferBytes) and \(Config.maximumBufferBytes)")
        }
    }

    /// The sizes of a new log when no flag gives them.
    static let newLogStoreBytes: UInt64 = 16 << 20
    static let newLogIndexBytes: UInt64 = 12 << 20

    /// The configuration to write the log at `directory` with: the flags given, and for sizes not
    /// given, on a log that already has segments, what its files show its writer used
    /// (``WriterConfigInference``), with a note for stderr that says so and how to override it. Reads
    /// the directory read-only, before the log is opened (and recovered).
    func config(for directory: String) throws(LogError) -> (config: Config, note: String?) {
        var note: String?
        var (store, index) = (maxStoreBytes ?? Self.newLogStoreBytes, maxIndexBytes ?? Self.newLogIndexBytes)
        if maxStoreBytes == nil || maxIndexBytes == nil, FileSystem.isDirectory(directory) {
            let existing = try LogDirectory(path: directory)
            if !existing.segments.isEmpty {
                let inferred = try WriterConfigInference(directory: existing)
                var used: [String] = []
                if maxIndexBytes == nil {
                    index = inferred.maxIndexBytes.bytes
                    used.append("--max-index-bytes \(index) (\(inferred.maxIndexBytes.evidence))")
                }
                if maxStoreBytes == nil {
                    store = inferred.maxStoreBytes?.bytes ?? store
                    used.append(
                        "--max-store-bytes \(store) ("
                            + (inferred.maxStoreBytes?.evidence ?? "no sealed segment shows the writer's; the default for a new log") + ")")
                }
                note = "logscope: \(directory) was written before: using \(used.joined(separator: " and ")); give the flag to override"
            }
        }
        let config = Config(
            maxStoreBytes: store, maxIndexBytes: index, initialOffset: initialOffset, durability: durability.durability, bufferBytes: storeBufferBytes)
        return (config, note)
    }
}

/// `--durability` values.
enum DurabilityArgument: String, ExpressibleByArgument, CaseIterable {
    case buffered
    case flush
    case fsync

    var durability: Durability {
        switch self {
        case .buffered: return .buffered
        case .flush: return .flush
        case .fsync: return .fsync(.everyAppend)
        }
    }
}
