/// A record a watcher saw appear.
import LogCore

public struct WatchedRecord: Sendable, Equatable {
    /// The record's offset.
    public var offset: UInt64
    /// The base offset of its segment.
    public var segment: UInt64
    /// The position of its frame in the store.
    public var position: UInt64
    /// The frame's size (length prefix and payload).
    public var frameSize: UInt64
    /// The value.
    public var value: [UInt8]
    /// The record's decoded fields (where the value lies, the offset, a Raft log's term and type).
    public var fields: RecordCodec.Fields
}

/// A record as ``LogTailer/poll(lending:)`` lends it: its value's bytes are the segment's read-ahead window,
/// valid only during the call (copy them, as ``WatchedRecord/init(_:)`` does, to keep them).
public struct LentRecord {
    /// The record's offset.
    public var offset: UInt64
    /// The base offset of its segment.
    public var segment: UInt64
    /// The position of its frame in the store.
    public var position: UInt64
    /// The frame's size (length prefix and payload).
    public var frameSize: UInt64
    /// The value's bytes, lent.
    public var value: UnsafeRawBufferPointer
    /// The record's decoded fields (where the value lies, the offset, a Raft log's term and type).
    public var fields: RecordCodec.Fields
}

extension WatchedRecord {
    /// The record `lent` is, its value copied.
    public init(_ lent: LentRecord) {
        self.init(
            offset: lent.offset, segment: lent.segment, position: lent.position, frameSize: lent.frameSize, value: Array(lent.value),
            fields: lent.fields)
    }
}

/// What a ``LogTailer`` (or ``LogWatch``) reports.
public enum WatchEvent: Sendable, Equatable {
    /// New records, in offset order, each exactly once.
    case records([WatchedRecord])
    /// The writer started a new segment while the watcher was caught up with it (moving through
    /// segments that were already there is not a roll).
    case segmentRolled(base: UInt64)
    /// Old segments were deleted (a `Truncate`); the log now starts at `lowestOffset`.
    case segmentsRemoved(bases: [UInt64], lowestOffset: UInt64?)
    /// The directory was removed, recreated or reset: delivery starts again at `nextOffset`.
    case reset(reason: String, nextOffset: UInt64)
    /// The directory does not exist (yet); the watcher waits for it.
    case waitingForDirectory(String)
    /// An index entry has pointed past the store's end for longer than the pending timeout.
    case pendingTooLong(offset: UInt64, seconds: Double)
    /// A pending entry's frame will not come: no writer holds the log any more, or a writer's recovery
    /// dropped the entry. The watcher stays at `offset` (a restarted writer appends there again).
    case pendingAbandoned(offset: UInt64, reason: String)
    /// Offsets the watcher moved past without delivering them (reported once per range): their entries
    /// were dropped, or no segment holds them.
    case skipped(offsets: ClosedRange<UInt64>, reason: String)
    /// Bytes already delivered changed: the append-only invariant is broken.
    case historyChanged(segment: UInt64, offset: UInt64, detail: String)
    /// A record that cannot be delivered as it is (it was skipped).
    case damaged(offset: UInt64, segment: UInt64, reason: String)
    /// The consumer fell too far behind: `count` records were skipped; delivery resumes at `resumeAt`.
    case dropped(count: UInt64, resumeAt: UInt64)
}
