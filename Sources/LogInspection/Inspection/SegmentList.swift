import LogCore

/// The segments of a ``LogDirectory`` in base-offset order: a row of 56 bytes a segment (its base
/// offset and its files' stamps), and an ``InspectedSegment`` made only for the segments read, the
/// ones asked for last kept (``MadeSegments``): a directory of 100,000 segments keeps no object for
/// each.
///
/// Reading a segment makes its object (or finds the one made before); threads that read segments of
/// one directory at the same time may ask for them at once.
public struct SegmentList: RandomAccessCollection {
    /// One segment as listed: its base offset and its files' stamps.
    struct Row: Equatable {
        var base: UInt64
        var files: SegmentFiles

        /// The segment a listing (or a `stat` of its two files) found.
        init(_ listed: DirectoryListing.Segment) {
            base = listed.base
            files = SegmentFiles(store: listed.store?.status, index: listed.index?.status)
        }

        init(base: UInt64, files: SegmentFiles) {
            self.base = base
            self.files = files
        }
    }

    /// The rows, in base-offset order.
    private(set) var rows: [Row]
    /// The objects made for segments read.
    let made: MadeSegments
    /// A store stream's one segment as it is listed (its names and sizes are its own).
    private let stream: ListedSegment?

    /// The directory's segments as listed.
    init(rows: [Row], made: MadeSegments) {
        self.rows = rows
        self.made = made
        stream = nil
    }

    /// A store stream read as one segment, `segment` (kept for good).
    init(stream segment: InspectedSegment, place: SegmentPlace) {
        made = MadeSegments(place: place, kept: 1)
        made.keep(segment)
        rows = [Row(base: segment.baseOffset, files: segment.files)]
        stream = ListedSegment(
            baseOffset: segment.baseOffset, files: segment.files, storeSize: segment.storeSize, indexSize: segment.indexSize,
            streamNames: (segment.storeName, segment.indexName))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    /// Segment `position`, made when first asked for.
    public subscript(position: Int) -> InspectedSegment {
        made.segment(for: rows[position])
    }

    /// Segment `position`'s base offset (no object is made).
    package func base(at position: Int) -> UInt64 { rows[position].base }

    /// Every segment's base offset, in order (no object is made).
    package var baseOffsets: [UInt64] { rows.map(\.base) }

    /// The objects made for the segments read and kept, in no order: the only ones with caches.
    package var read: [InspectedSegment] { made.all }

    /// What the listing says of each segment, in order (no object is made).
    package var listing: LazyMapSequence<Range<Int>, ListedSegment> { indices.lazy.map(listed) }

    /// What the listing says of segment `position`, without making its object (a store stream's
    /// one segment is its own).
    package func listed(_ position: Int) -> ListedSegment {
        let row = rows[position]
        if let stream { return stream }
        return ListedSegment(
            baseOffset: row.base, files: row.files, storeSize: row.files.store?.size ?? 0, indexSize: row.files.index?.size ?? 0, streamNames: nil)
    }

    mutating func insert(_ row: Row, at position: Int) { rows.insert(row, at: position) }
    mutating func remove(at position: Int) { rows.remove(at: position) }
    mutating func replace(at position: Int, with row: Row) { rows[position] = row }
    mutating func replaceAll(with rows: [Row]) { self.rows = rows }
}

/// The segment objects of one directory, by base offset: made on first read; past twice ``kept``
/// of them, those asked for least recently go (a segment read again gets a new object, which opens
/// its files again). An object still held elsewhere (a walk, a check's worker) keeps working.
final class MadeSegments: @unchecked Sendable {
    /// What the segments share.
    let place: SegmentPlace
    /// How many objects are kept when the least recently asked for go.
    let kept: Int
    /// The objects and when each was last asked for, only touched under `lock`.
    private var objects: [UInt64: (segment: InspectedSegment, asked: UInt64)] = [:]
    private var clock: UInt64 = 0
    private let lock = ThreadLock()

    init(place: SegmentPlace, kept: Int) {
        self.place = place
        self.kept = kept
    }

    @inline(__always)
    private func locked<T>(_ body: () -> T) -> T {
        lock.withLock(body)
    }

    /// The object of the segment `row` lists: the one made before, or a new one.
    func segment(for row: SegmentList.Row) -> InspectedSegment {
        locked {
            clock &+= 1
            if let made = objects[row.base] {
                objects[row.base]!.asked = clock
                return made.segment
            }
            let made = InspectedSegment(base: row.base, files: row.files, place: place)
            objects[row.base] = (made, clock)
            if objects.count > 2 * kept { dropLeastAsked() }
            return made
        }
    }

    /// Keeps `segment` (made elsewhere: a store stream's) for good.
    func keep(_ segment: InspectedSegment) {
        locked { objects[segment.baseOffset] = (segment, .max) }
    }

    /// The object made for `base`, if one was.
    func existing(_ base: UInt64) -> InspectedSegment? {
        locked { objects[base]?.segment }
    }

    /// Forgets the object made for `base` (its segment was removed, or its files replaced); returns it.
    @discardableResult
    func forget(_ base: UInt64) -> InspectedSegment? {
        locked { objects.removeValue(forKey: base)?.segment }
    }

    /// Every object made and kept, in no order.
    var all: [InspectedSegment] {
        locked { objects.values.map(\.segment) }
    }

    /// Keeps the ``kept`` objects asked for last (nothing of another thread's segments is read:
    /// when one was asked for is all that counts).
    private func dropLeastAsked() {
        let cutoff = objects.values.map(\.asked).sorted()[objects.count - kept]
        objects = objects.filter { $0.value.asked >= cutoff }
    }
}

/// A segment as its directory's listing has it: what a summary of thousands of segments needs, with
/// no object made for each.
package struct ListedSegment {
    /// The base offset from the file names (a store stream's first offset).
    package let baseOffset: UInt64
    /// The files' stamps when listed.
    package let files: SegmentFiles
    /// The store's and the index's sizes when listed.
    package let storeSize: UInt64
    package let indexSize: UInt64
    /// A store stream's own file names (`nil` for a directory's segment).
    package let streamNames: (store: String, index: String)?

    /// Whether it is a store stream read as one segment.
    package var isStoreStream: Bool { streamNames != nil }
    /// Whether the directory has its store, and its index.
    package var hasStore: Bool { isStoreStream || files.store != nil }
    package var hasIndex: Bool { isStoreStream || files.index != nil }
    /// The store's file name.
    package var storeName: String { streamNames?.store ?? SegmentFileName(baseOffset: baseOffset, kind: .store).name }
    /// The index's file name.
    package var indexName: String { streamNames?.index ?? SegmentFileName(baseOffset: baseOffset, kind: .index).name }
    /// Whole 12-byte slots in the index file.
    package var indexSlots: Int { Int(indexSize / UInt64(IndexEntry.size)) }
}
