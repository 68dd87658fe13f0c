#if canImport(Glibc)
import Glibc
#endif

/// A ``RecordWalk`` that reads each entry's frame: the payload's bytes in one reused buffer and its
/// decoded fields, or why the frame cannot be read. No allocation per record once the buffer is as
/// large as the largest payload, so comparing logs of millions of records stays cheap and bounded.
final class PayloadWalk {
    private var walk: RecordWalk
    /// The entry read last, or `nil` before the first ``advance()`` and after the end.
    private(set) var position: RecordWalk.Position?
    /// The payload of the entry read last (valid when ``fields`` is not `nil`).
    private(set) var payload: [UInt8] = []
    /// The payload's fields, or `nil` when the entry has no readable frame.
    private(set) var fields: RecordCodec.Fields?
    /// Why the entry read last has no readable frame (or names another offset).
    private(set) var problem: String?

    /// A walk of `directory` from the first offset at or after `from`.
    init(directory: LogDirectory, from: UInt64 = 0) {
        walk = RecordWalk(directory: directory, from: from)
    }

    /// Reads the next entry; `false` after the last one.
    @discardableResult
    func advance() throws(LogError) -> Bool {
        fields = nil
        problem = nil
        position = try walk.next()
        guard let position else { return false }
        let segment = walk.directory.segments[position.segment]
        guard let entry = try segment.rawEntry(at: position.slot) else {
            problem = "its index entry can no longer be read (the file shrank)"
            return true
        }
        let frame = try segment.frame(at: entry.position) { bytes in
            payload.removeAll(keepingCapacity: true)
            payload.append(contentsOf: bytes)
        }
        problem = segment.problem(with: frame, at: position.offset)
        if frame.shape == .complete { fields = frame.fields }
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
