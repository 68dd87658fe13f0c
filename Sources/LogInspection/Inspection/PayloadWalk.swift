import Glibc
import LogCore

/// A walk of a directory's records in offset order that keeps each record's payload in one reused
/// buffer, with its decoded fields or why it cannot be read: what compares logs record by record
/// (`diff`, the node checks of a data log against its Raft log's commands). It reads through the
/// directory's ``RecordCursor``, as every reader of records does; the payload is copied out of the
/// read window because a comparison holds several walks' records at once. No allocation per record
/// once the buffer is as large as the largest payload.
///
/// A value type: kept in an array and advanced in place, a walk costs no reference counting or
/// dynamic exclusivity check per record.
struct PayloadWalk {
    private var cursor: RecordCursor?
    /// The offset of the record read last, or `nil` before the first ``advance()`` and after the end.
    private(set) var offset: UInt64?
    /// The base offset of the segment the record read last lies in.
    private(set) var segmentBase: UInt64?
    /// The payload of the record read last (valid when ``fields`` is not `nil`).
    private(set) var payload: [UInt8] = []
    /// The payload's fields, or `nil` when the record has no readable frame.
    private(set) var fields: RecordCodec.Fields?
    /// Why the record read last has no readable frame (or names another offset).
    private(set) var problem: RecordProblem?
    /// Whether the record read last points at a frame that runs past the end of its store (a writer
    /// holding the segment may still bring its bytes: it is pending there, not damaged).
    private(set) var runsPastTheEnd = false

    /// A walk of `directory` from the first offset at or after `from`; of nothing when `directory` is `nil`.
    init(directory: LogDirectory?, from: UInt64 = 0) {
        cursor = directory?.records(from: from)
    }

    /// Reads the next record (a segment whose index cannot be opened is passed over: its check
    /// reports it); `false` after the last one.
    @discardableResult
    mutating func advance() throws(LogError) -> Bool {
        (offset, segmentBase, fields, problem, runsPastTheEnd) = (nil, nil, nil, nil, false)
        guard cursor != nil else { return false }
        // The payload buffer is moved out while the cursor lends to the closure, which then touches
        // only locals; the cursor advances in place (moving it out and back copied it whole twice a
        // record: half of `diff`'s time).
        var buffer: [UInt8] = []
        swap(&buffer, &payload)
        defer { swap(&buffer, &payload) }
        var read: (offset: UInt64, segmentBase: UInt64, problem: RecordProblem?, isTorn: Bool, fields: RecordCodec.Fields?)?
        while read == nil {
            let more = try cursor!.next(
                lendingPayload: { record, bytes in
                    var fields: RecordCodec.Fields?
                    if let bytes, let decoded = record.frame.fields {
                        fields = decoded
                        buffer.removeAll(keepingCapacity: true)
                        buffer.append(contentsOf: bytes)
                    }
                    read = (record.offset, record.segmentBase, record.problem, record.verdict.isTorn, fields)
                }, unlisted: { _, _, _ in })
            if !more { return false }
        }
        guard let read else { return false }
        (offset, segmentBase, problem, runsPastTheEnd, fields) = (read.offset, read.segmentBase, read.problem, read.isTorn, read.fields)
        return true
    }

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
