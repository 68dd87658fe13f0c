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

    @Option(help: "buffered (the reference: memory buffer, no fsync), flush (write(2) per append), fsync (fdatasync per append).")
    var durability: DurabilityArgument = .buffered

    var config: Config {
        Config(maxStoreBytes: maxStoreBytes, maxIndexBytes: maxIndexBytes, initialOffset: initialOffset, durability: durability.durability)
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
