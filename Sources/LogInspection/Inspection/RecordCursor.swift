/// The records of a directory in offset order, read through the index: one binary search finds the
/// first segment, then a ``RecordWalk`` steps (segment, slot) and each record's frame is read once,
/// through its segment's read-ahead window (a walk in store order costs one `pread` per window).
///
/// It is the one reader of records above LogCore: `dump`, `tail`, `diff` and the node checks
/// (through ``PayloadWalk``) read what it yields; the inspector's rows and detail, search and the
/// `&` filter read single records through the same record read (``LogDirectory/record(at:maxValueBytes:)``). The
/// exceptions read no record: the checker's clean run (frames judged by the same `FrameVerdict`),
/// ``ReferenceReplay`` (Go's reads imitated), and a store with no index read front to back
/// (``StoreStreamFrames``: a snapshot's `state.bin`). A segment
/// whose index cannot be opened comes as one ``Item/unlistedSegment(base:from:failure:)``; a record
/// whose store cannot be opened comes with the reason as its problem. The files of every segment
/// entered that could not be opened are in ``unreadableFiles``.
import LogCore

public struct RecordCursor {
    /// What the cursor yields.
    public enum Item: Sendable, Equatable {
        /// A record the index maps, readable or not (its ``InspectedRecord/problem`` says why not).
        case record(InspectedRecord)
        /// A segment whose index cannot be opened: which offsets it holds is unknown. `from` is the
        /// first offset the cursor would have read there.
        case unlistedSegment(base: UInt64, from: UInt64, failure: UnreadableFile)
    }

    private var walk: RecordWalk
    /// The current segment's reader, kept from record to record (a new one when its files closed).
    private var reader: InspectedSegment.Reader?
    private let maxValueBytes: Int
    /// The files of the segments entered so far that exist but cannot be opened, in offset order.
    public private(set) var unreadableFiles: [UnreadableFile] = []

    /// A cursor over `directory`'s records from the first offset at or after `from` through `through`,
    /// each with at most `maxValueBytes` of its value.
    public init(directory: LogDirectory, from: UInt64 = 0, through: UInt64 = .max, maxValueBytes: Int = .max) {
        walk = RecordWalk(directory: directory, from: from, through: through)
        self.maxValueBytes = maxValueBytes
    }

    /// The next record (or unlisted segment), or `nil` after the last one.
    public mutating func next() throws(LogError) -> Item? {
        var item: Item?
        let found = try step(
            maxValueBytes: maxValueBytes, record: { record, _, _ in item = .record(record) },
            unlisted: { item = .unlistedSegment(base: $0, from: $1, failure: $2) })
        return found ? item : nil
    }

    /// The next record, its value lent to `record` instead of copied into it: the bytes are the read
    /// window's and valid only during the call (the record's `value` is then empty, and `nil` as
    /// ever when the record cannot be read); or the next segment whose index cannot be opened, to
    /// `unlisted` (see ``Item/unlistedSegment(base:from:failure:)``). Returns `false` after the last
    /// one. What prints every record (`dump`) copies and allocates nothing a record this way.
    public mutating func next(
        lending record: (InspectedRecord, _ value: UnsafeRawBufferPointer?) -> Void,
        unlisted: (_ base: UInt64, _ from: UInt64, _ failure: UnreadableFile) -> Void
    ) throws(LogError) -> Bool {
        try step(maxValueBytes: 0, record: { found, value, _ in record(found, value) }, unlisted: unlisted)
    }

    /// ``next(lending:unlisted:)`` lending the frame's whole payload (the record's
    /// `frame.fields` ranges index into it; `nil` when the frame is not complete and readable).
    package mutating func next(
        lendingPayload record: (InspectedRecord, _ payload: UnsafeRawBufferPointer?) -> Void,
        unlisted: (_ base: UInt64, _ from: UInt64, _ failure: UnreadableFile) -> Void
    ) throws(LogError) -> Bool {
        try step(maxValueBytes: 0, record: { found, _, payload in record(found, payload) }, unlisted: unlisted)
    }

    /// Reads on to the next record or unlisted segment and hands it over (a record with its value's
    /// bytes and its whole payload lent from the read window, the value copied into the record up
    /// to `maxValueBytes`); `false` after the last one.
    private mutating func step(
        maxValueBytes: Int, record body: (InspectedRecord, _ value: UnsafeRawBufferPointer?, _ payload: UnsafeRawBufferPointer?) -> Void,
        unlisted: (UInt64, UInt64, UnreadableFile) -> Void
    ) throws(LogError) -> Bool {
        while let step = try walk.step() {
            switch step {
            case .segment(let i, let from):
                reader = nil
                let segment = walk.directory.segments[i]
                let failures = try segment.unreadableFiles()
                unreadableFiles += failures
                if let index = failures.first(where: { $0.name == segment.indexName }) {
                    unlisted(segment.baseOffset, from, index)
                    return true
                }
            case .entry(let position):
                // `walk.current!` and `reader!` are read in place: a `guard let` copy retains the
                // segment, whose count lives in a side table (the open-file budget holds it weakly),
                // and that atomic slow path was a fifth of a walk's time.
                guard walk.current != nil else {
                    walk.skipSegment()
                    continue
                }
                if reader?.isClosed ?? true { reader = try walk.current!.reader() }
                let found = try walk.current!.withRecord(slot: position.slot, reader: reader!) { record, payload in
                    let value = record.value(in: payload)
                    guard maxValueBytes > 0, let value else { return body(record, value, payload) }
                    var copied = record
                    copied.value = Array(value.prefix(maxValueBytes))
                    body(copied, value, payload)
                }
                guard found else {
                    walk.skipSegment()
                    continue
                }
                return true
            }
        }
        return false
    }
}

extension LogDirectory {
    /// The records from the first offset at or after `from` through `through`, in offset order (see
    /// ``RecordCursor``).
    public func records(from: UInt64 = 0, through: UInt64 = .max, maxValueBytes: Int = .max) -> RecordCursor {
        RecordCursor(directory: self, from: from, through: through, maxValueBytes: maxValueBytes)
    }
}
