/// A cursor over a directory's records in offset order, through the validated index entries: it
/// steps (segment, slot) instead of finding each offset again, and closes a segment's files when it
/// moves past it, so a walk over thousands of segments holds one segment's files at a time.
///
/// Offset `o` is read from the segment whose base is the greatest not above `o` (as ``LogDirectory/locate(_:)``
/// does): where a segment runs into the next one's base, the offsets there come from the next one.
/// `diff` and the node checks walk a log this way.
import LogCore

public struct RecordWalk {
    /// Where the walk stands: an index entry of a segment.
    public struct Position: Sendable, Equatable {
        /// The segment's number in ``LogDirectory/segments``.
        public var segment: Int
        /// The index slot.
        public var slot: Int
        /// The offset the entry maps (base + slot).
        public var offset: UInt64
    }

    /// The directory walked.
    public let directory: LogDirectory
    private var segment: Int
    private var slot: Int
    /// The slots of `segment` the walk reads (validated, and below the next segment's base).
    private var end: Int?
    /// The segment being read (looked up once per segment, not per record).
    private(set) var current: InspectedSegment?
    private var base: UInt64 = 0

    /// A walk from the first offset at or after `from`.
    public init(directory: LogDirectory, from: UInt64 = 0) {
        self.directory = directory
        segment = directory.segmentIndex(containing: from) ?? 0
        let base = directory.segments.indices.contains(segment) ? directory.segments[segment].baseOffset : 0
        slot = from > base ? Int(clamping: from - base) : 0
    }

    /// The next entry, or `nil` after the last one (and then every file of the walk is closed).
    public mutating func next() throws(LogError) -> Position? {
        if let end, slot < end {
            defer { slot += 1 }
            return Position(segment: segment, slot: slot, offset: base + UInt64(slot))
        }
        let segments = directory.segments
        while segment < segments.count {
            if end == nil {
                end = try slotsToRead(segment)
                current = segments[segment]
                base = segments[segment].baseOffset
            }
            if slot < end! {
                defer { slot += 1 }
                return Position(segment: segment, slot: slot, offset: segments[segment].baseOffset + UInt64(slot))
            }
            segments[segment].releaseDescriptors()
            segment += 1
            slot = 0
            end = nil
            current = nil
        }
        return nil
    }

    /// The entries of segment `i` the walk reads: its validated ones, up to the next segment's base.
    private func slotsToRead(_ i: Int) throws(LogError) -> Int {
        let segments = directory.segments
        let valid = try segments[i].validEntryCount()
        guard i + 1 < segments.count else { return valid }
        let room = segments[i + 1].baseOffset - segments[i].baseOffset
        return room < UInt64(valid) ? Int(room) : valid
    }
}
