/// How far an appended record has travelled towards the disk when `append` returns.
///
/// | setting | another process sees it | survives the writer being killed | survives power loss |
/// |---|---|---|---|
/// | ``buffered`` | when the buffer fills, on a roll, on `sync`/`close` (reads in this process need no flush) | all but the unflushed buffer (≤ ``Config/bufferBytes``) | no promise |
/// | ``flush`` | at once | yes | no promise |
/// | ``fsync(_:)`` `.everyAppend` | at once | yes | yes |
/// | ``fsync(_:)`` `.everyRecords(n)` / `.interval(d)` | at once | yes | all but the last n records / d of appends |
///
/// Recovery on open rebuilds the index from the store, so only the store's bytes decide what
/// survives; the index needs no syncing of its own.
public enum Durability: Sendable, Equatable, CustomStringConvertible {
    /// The reference's behaviour: appends collect in a memory buffer written out when it fills or the
    /// segment rolls; nothing is fsynced except by `sync()` and `close()`.
    case buffered
    /// Every append is written to the file (`write(2)`) before it returns: other processes see it at
    /// once and a killed writer loses nothing, but the kernel decides when it reaches the disk.
    case flush
    /// Every append is written at once and fsynced as the policy says.
    case fsync(SyncPolicy)

    /// When ``Durability/fsync(_:)`` calls `fdatasync`.
    public enum SyncPolicy: Sendable, Equatable {
        /// After every append.
        case everyAppend
        /// After every `n` appends (a batch).
        case everyRecords(Int)
        /// On the first append after `seconds` have passed since the last sync.
        case interval(seconds: Double)
    }

    public var description: String {
        switch self {
        case .buffered: return "buffered"
        case .flush: return "flush"
        case .fsync(.everyAppend): return "fsync"
        case .fsync(.everyRecords(let n)): return "fsync every \(n) records"
        case .fsync(.interval(let s)): return "fsync every \(s) s"
        }
    }

    /// Whether every append is written to the file before `append` returns.
    var writesThrough: Bool { self != .buffered }
}
