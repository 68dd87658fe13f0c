import Glibc
import LogCore

/// A ``RecordWalk`` that reads each entry's frame: the payload's bytes in one reused buffer and its
/// decoded fields, or why the frame cannot be read. No allocation per record once the buffer is as
/// large as the largest payload, so comparing logs of millions of records stays cheap and bounded.
///
/// A value type: kept in an array and advanced in place, a walk costs no reference counting or
/// dynamic exclusivity check per record.
struct PayloadWalk {
    private var walk: RecordWalk?
    /// The reader of the segment being walked (number `readerSegment`), taken once per segment.
    private var reader = InspectedSegment.Reader()
    private var readerSegment = -1
    /// Index entries of that segment read ahead in one `pread`, from slot `entriesStart` on.
    private var entries: [IndexEntry] = []
    private var entriesStart = 0
    /// The entry read last, or `nil` before the first ``advance()`` and after the end.
    private(set) var position: RecordWalk.Position?
    /// The payload of the entry read last (valid when ``fields`` is not `nil`).
    private(set) var payload: [UInt8] = []
    /// The payload's fields, or `nil` when the entry has no readable frame.
    private(set) var fields: RecordCodec.Fields?
    /// Why the entry read last has no readable frame (or names another offset).
    private(set) var problem: String?

    /// Whether the entry read last points at a frame that runs past the end of its store (a writer
    /// holding the segment may still bring its bytes: it is pending there, not damaged).
    private(set) var runsPastTheEnd = false
    /// The base offset of the segment the entry read last lies in.
    var segmentBase: UInt64? { walk?.current?.baseOffset }

    /// A walk of `directory` from the first offset at or after `from`; of nothing when `directory` is `nil`.
    init(directory: LogDirectory?, from: UInt64 = 0) {
        walk = directory.map { RecordWalk(directory: $0, from: from) }
    }

    /// Reads the next entry; `false` after the last one.
    @discardableResult
    mutating func advance() throws(LogError) -> Bool {
        fields = nil
        problem = nil
        runsPastTheEnd = false
        position = try walk?.next()
        guard let position else { return false }
        if readerSegment != position.segment || reader.isClosed {
            reader = try walk?.current?.reader() ?? InspectedSegment.Reader()
            entries.removeAll(keepingCapacity: true)
            readerSegment = position.segment
        }
        guard let entry = try entry(at: position.slot) else {
            problem = "its index entry can no longer be read (the file shrank)"
            return true
        }
        guard let segment = walk?.current else { return false }
        let frame = try segment.frame(at: entry.position, payload: &payload, reader: reader)
        let verdict = frame.verdict(expectedOffset: position.offset, storeSize: segment.storeSize)
        fields = frame.fields
        if !verdict.isValid { problem = verdict.describe(store: segment.storeName) }
        runsPastTheEnd = verdict.isTorn
        return true
    }

    /// The current segment's entry in `slot`, from the entries read ahead (read again past them).
    private mutating func entry(at slot: Int) throws(LogError) -> IndexEntry? {
        if slot < entriesStart || slot >= entriesStart + entries.count {
            var ahead: [IndexEntry] = []
            swap(&ahead, &entries)
            ahead.removeAll(keepingCapacity: true)
            try walk?.current?.forEachEntry(in: slot..<(slot + Self.entriesAhead)) { _, entry in
                ahead.append(entry)
                return true
            }
            swap(&ahead, &entries)
            entriesStart = slot
            if entries.isEmpty { return nil }
        }
        return entries[slot - entriesStart]
    }

    /// How many index entries one read brings in.
    private static let entriesAhead = 4096

    /// Calls `body` with the bytes of `range` of the payload.
    func withBytes<T>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        payload.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Whether bytes `range` of this payload equal bytes `otherRange` of `other`'s.
    func bytes(_ range: Range<Int>, equal otherRange: Range<Int>, of other: PayloadWalk) -> Bool {
        other.withBytes(otherRange) { theirs in withBytes(range) { Self.same($0, theirs) } }
    }

    /// Whether two byte buffers hold the same bytes.
    static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
