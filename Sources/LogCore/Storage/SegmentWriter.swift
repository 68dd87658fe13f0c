/// Writes whole frames, copied byte for byte, into new segments: what repair and recovery use to put
/// records where the reference would have put them.
///
/// A new segment starts at the first frame, after ``startNewSegment()``, whenever offsets stop being
/// consecutive, before an entry that would grow the index past ``indexCapacity`` entries (as LogCore
/// rolls, never stuck like the reference's bug K3), and after a frame that brings the store to
/// ``maxStoreBytes`` (as the reference rolls). Each file is created, or overwritten from its start.
package struct SegmentWriter {
    /// A segment written: its base offset, how many records and store bytes it holds.
    package struct Written: Sendable, Equatable {
        package var base: UInt64
        package var records: Int
        var storeBytes: UInt64
    }

    let directory: String
    /// The most entries an index may hold (`MaxIndexBytes / 12`).
    let indexCapacity: Int
    /// The store size after which the next frame starts a new segment; `nil`: no limit.
    let maxStoreBytes: UInt64?
    package private(set) var written: [Written] = []
    package private(set) var lastOffset: UInt64?
    private var store: SystemFile?
    private var index: SystemFile?
    private var forceNewSegment = true

    package init(directory: String, indexCapacity: Int, maxStoreBytes: UInt64? = nil) {
        self.directory = directory
        self.indexCapacity = max(1, indexCapacity)
        self.maxStoreBytes = maxStoreBytes
    }

    /// The next frame starts a new segment (a source segment boundary is kept).
    package mutating func startNewSegment() { forceNewSegment = true }

    /// Whether the newest segment is full: the reference would have rolled after its last append.
    package var newestIsFull: Bool {
        guard let newest = written.last else { return false }
        return newest.records >= indexCapacity || maxStoreBytes.map { newest.storeBytes >= $0 } ?? false
    }

    /// Appends the frame (length prefix and payload) of the record at `offset`.
    package mutating func append(frame: UnsafeRawBufferPointer, offset: UInt64) throws(LogError) {
        let current = written.last
        let consecutive = lastOffset.map { $0 &+ 1 == offset } ?? false
        if forceNewSegment || store == nil || !consecutive || newestIsFull || current.map({ offset - $0.base >= UInt64(UInt32.max) }) ?? true {
            try open(base: offset)
        }
        let segment = written[written.count - 1]
        try store!.write(frame)
        try IndexEntry(relativeOffset: UInt32(offset - segment.base), position: segment.storeBytes).bytes.withBytes { (raw) throws(LogError) in
            try index!.write(raw)
        }
        written[written.count - 1].storeBytes += UInt64(frame.count)
        written[written.count - 1].records += 1
        lastOffset = offset
    }

    /// Adds an empty segment at `base` (the reference creates one as soon as a segment is full).
    package mutating func appendEmptySegment(base: UInt64) throws(LogError) {
        try open(base: base)
        try finish()
    }

    /// Syncs and closes the newest segment's files.
    package mutating func finish() throws(LogError) {
        try store?.sync()
        try index?.sync()
        try store?.close()
        try index?.close()
        store = nil
        index = nil
    }

    private mutating func open(base: UInt64) throws(LogError) {
        try finish()
        let store = try SystemFile(path: directory + "/\(base).store", mode: .readWriteCreate)
        let index = try SystemFile(path: directory + "/\(base).index", mode: .readWriteCreate)
        try store.truncate(to: 0)
        try index.truncate(to: 0)
        self.store = store
        self.index = index
        written.append(Written(base: base, records: 0, storeBytes: 0))
        forceNewSegment = false
    }
}
