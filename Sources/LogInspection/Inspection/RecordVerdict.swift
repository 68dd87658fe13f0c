/// What a reader going through the index gets for one entry: the policy on the frame reader's
/// ``FrameVerdict`` (pending or lost depends on whether a writer holds the segment). The inspector's
/// rows and detail pane describe this verdict, never their own reading of the frame.
import LogCore

public enum RecordVerdict: Sendable, Equatable {
    /// The frame is complete, decodes and names the entry's offset.
    case readable
    /// A segment a writer holds open: the entry is written, its frame is not (wholly) in the store
    /// yet. Normal while a writer buffers its store.
    case pending
    /// The entry points at or past the end of the store, and no writer will bring the frame: it was lost.
    case lost
    /// The frame starts in the store but runs past its end.
    case torn
    /// Zero bytes where the frame should be (a zero length prefix at an offset other than 0).
    case zeros
    /// A complete frame whose payload is not a `Record`.
    case undecodable
    /// A complete `Record` that names another offset.
    case wrongOffset(UInt64)

    /// The verdict on `record`.
    ///
    /// - Parameter live: whether a writer holds the record's segment open (then a missing or partial
    ///   frame is pending, not lost or torn).
    public init(_ record: InspectedRecord, live: Bool) {
        self.init(record.verdict, live: live)
    }

    /// The policy on a frame reader's `verdict`: a frame missing or cut short in a segment a writer
    /// holds open (`live`) is pending; in a closed one, a frame with no byte in the store is lost.
    public init(_ verdict: FrameVerdict, live: Bool) {
        switch verdict {
        case .valid: self = .readable
        case .pastEnd: self = live ? .pending : .lost
        case .tornPrefix, .tornPayload: self = live ? .pending : .torn
        case .zeros: self = .zeros
        case .undecodable: self = .undecodable
        case .wrongOffset(let found, _): self = .wrongOffset(found)
        }
    }

    /// A word for a status column: `ok`, `pending`, `lost`, `torn`, `zeros`, `bad proto`, `offset≠N`.
    public var label: String {
        switch self {
        case .readable: return "ok"
        case .pending: return "pending"
        case .lost: return "lost"
        case .torn: return "torn"
        case .zeros: return "zeros"
        case .undecodable: return "bad proto"
        case .wrongOffset(let offset): return "offset≠\(offset)"
        }
    }

    /// `nil` for a readable record, `info` for a pending one, `error` otherwise.
    public var severity: Finding.Severity? {
        switch self {
        case .readable: return nil
        case .pending: return .info
        default: return .error
        }
    }

    /// What is wrong with `record` (or what it waits for), in one sentence naming its segment's store
    /// file `store` (`<base>.store`, or a snapshot's `state.bin`); `nil` when it is readable.
    public func explanation(for record: InspectedRecord, store: String) -> String? {
        switch self {
        case .readable:
            return nil
        case .pending:
            return "pending: the writer has indexed offset \(record.offset) but not yet flushed its frame (byte \(record.entry.position) of \(store)); "
                + "it shows once the bytes arrive"
        case .lost:
            return (record.problem?.description ?? "the entry points past the end of \(store)") + ": its frame was never written (lost when the writer stopped)"
        case .zeros:
            return "zero bytes where the frame should be (a zero length prefix at byte \(record.entry.position) of \(store)): the record is lost"
        case .torn, .undecodable, .wrongOffset:
            return record.problem?.description
        }
    }
}
