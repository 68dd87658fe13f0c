/// A cursor over a directory's index entries in offset order, through the validated entries: one
/// binary search finds the first segment, then it steps (segment, slot) instead of finding each
/// offset again. The directory's budget of open segments closes the files of segments it left.
///
/// Offset `o` is read from the segment whose base is the greatest not above `o` (as ``LogDirectory/locate(_:)``
/// does): where a segment runs into the next one's base, the offsets there come from the next one.
/// ``RecordCursor`` reads the records it steps to; `diff` and the node checks walk a log this way.
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

    /// One step of the walk: into a segment, or onto one of its entries.
    enum Step {
        /// The walk enters segment number `segment` at offset `from` (it may hold no entry there).
        case segment(Int, from: UInt64)
        /// An entry of the segment entered last.
        case entry(Position)
    }

    /// The directory walked.
    public let directory: LogDirectory
    /// The last offset walked.
    private let through: UInt64
    private var segment: Int
    private var slot: Int
    /// The slots of `segment` the walk reads (validated, and below the next segment's base); `nil`
    /// before the segment is entered.
    private var end: Int?
    /// The segment being read (looked up once per segment, not per record).
    private(set) var current: InspectedSegment?
    private var base: UInt64 = 0

    /// A walk from the first offset at or after `from` up to `through` (inclusive).
    public init(directory: LogDirectory, from: UInt64 = 0, through: UInt64 = .max) {
        self.directory = directory
        self.through = through
        segment = directory.segmentIndex(containing: from) ?? 0
        let base = directory.segments.indices.contains(segment) ? directory.segments[segment].baseOffset : 0
        slot = from > base ? Int(clamping: from - base) : 0
    }

    /// The next entry, or `nil` after the last one.
    public mutating func next() throws(LogError) -> Position? {
        while let step = try step() {
            if case .entry(let position) = step { return position }
        }
        return nil
    }

    /// The next step: the next entry of the current segment, or else the next segment entered; `nil`
    /// past `through` or the last segment.
    mutating func step() throws(LogError) -> Step? {
        if let end {
            if slot < end {
                let offset = base + UInt64(slot)
                guard offset <= through else { return finish() }
                defer { slot += 1 }
                return .entry(Position(segment: segment, slot: slot, offset: offset))
            }
            segment += 1
            slot = 0
            self.end = nil
            current = nil
        }
        let segments = directory.segments
        guard segment < segments.count else { return nil }
        let entered = segments[segment]
        let from = entered.baseOffset.saturatingAdd(UInt64(slot))
        guard from <= through else { return finish() }
        end = try slotsToRead(segment)
        current = entered
        base = entered.baseOffset
        return .segment(segment, from: from)
    }

    /// Leaves the rest of the current segment's entries (its index shrank under the walk).
    mutating func skipSegment() {
        if let end { slot = max(slot, end) }
    }

    /// Ends the walk.
    private mutating func finish() -> Step? {
        segment = directory.segments.count
        end = nil
        current = nil
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
