import ArgumentParser
import LogCore

/// The configuration flags shared by the commands that write a log.
struct LogConfigOptions: ParsableArguments {
    @Option(help: "Seal a segment once its store reaches this many bytes.")
    var maxStoreBytes: UInt64 = 16 << 20

    @Option(help: "Index file size while open; a segment rolls when the next 12-byte entry would not fit.")
    var maxIndexBytes: UInt64 = 12 << 20

    @Option(help: "Base offset of the first segment when the directory holds none.")
    var initialOffset: UInt64 = 0

    @Option(help: "buffered (the reference: a 4 KiB memory buffer, no fsync), flush (write(2) per append), fsync (fdatasync per append).")
    var durability: DurabilityArgument = .buffered

    @Option(
        help: ArgumentHelp(
            "The store's append buffer with --durability buffered (the reference's 4096).",
            discussion: "A larger buffer makes fewer write(2) calls, but a killed writer loses up to this many bytes of acknowledged appends."))
    var storeBufferBytes: Int = Config.referenceBufferBytes

    func validate() throws {
        guard storeBufferBytes >= Config.minimumBufferBytes, storeBufferBytes <= Config.maximumBufferBytes else {
            throw ValidationError("--store-buffer-bytes must be between \(Config.minimumBufferBytes) and \(Config.maximumBufferBytes)")
        }
    }

    var config: Config {
        Config(
            maxStoreBytes: maxStoreBytes, maxIndexBytes: maxIndexBytes, initialOffset: initialOffset, durability: durability.durability,
            bufferBytes: storeBufferBytes)
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
