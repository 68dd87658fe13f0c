/// What checking one segment found: counts, offsets and a map of its store's bytes.

public struct SegmentHealth: Sendable, Equatable {
    /// What a stretch of the store holds, for coverage bars.
    public enum RegionKind: String, Sendable, Equatable {
        /// Frames an index entry points to.
        case indexed
        /// Complete frames no entry points to.
        case unindexed
        /// Bytes the walk could not parse and skipped.
        case damaged
        /// Zero bytes where frames should be.
        case zeros
        /// An incomplete last frame or trailing bytes.
        case torn
        /// The end of the newest segment of a live log: a frame the writer has not wholly written (or
        /// indexed) yet.
        case pending
    }

    /// A stretch of the store.
    public struct Region: Sendable, Equatable {
        public var kind: RegionKind
        public var bytes: Range<UInt64>

        public init(kind: RegionKind, bytes: Range<UInt64>) {
            self.kind = kind
            self.bytes = bytes
        }
    }

    public var baseOffset: UInt64
    public var storeSize: UInt64
    public var indexSize: UInt64
    /// Index slots before the zero tail (entries the index claims to hold).
    public var indexEntries: Int
    /// Zero-filled slots after them.
    public var zeroTailSlots: Int
    /// Entries that pass validation from slot 0 (the index's logical end,
    /// ``InspectedSegment/validEntryCount()``) when the check read the index; `nil` for a segment
    /// not looked at or not readable. A view takes it from here instead of reading the index again.
    public var validEntries: Int?
    /// Complete frames found by walking the store.
    public var frames: Int
    /// Complete frames an index entry points to.
    public var indexedFrames: Int
    /// The lowest and highest embedded offsets of decodable frames.
    public var firstOffset: UInt64?
    public var lastOffset: UInt64?
    /// Offsets of complete, decodable frames in store order, consecutive ones merged (at most
    /// ``maxIntactRanges`` ranges are kept).
    public var intactOffsets: CompactList<ClosedRange<UInt64>> = []
    /// The store's bytes by what they hold, in order, adjacent stretches of one kind merged.
    public var regions: CompactList<Region>
    /// The worst severity among the segment's findings, `nil` when it has none.
    public var worstSeverity: Finding.Severity?
    /// Whether a writer holds the segment open (the newest segment of a live log, or one whose files a
    /// writer holds for writing): its pending entries and torn last frame are normal.
    public var isLive: Bool
    /// The number of entries of an index that got stuck (bug K3): orphan frames after its last entry
    /// all name the next offset (``FindingID/storeStuckIndexOrphans``); `nil` otherwise.
    public var stuckIndexEntries: Int?
    /// The first and last Raft terms of the segment's records in store order (`nil` when its records
    /// carry no term: a data log), so terms can be compared across segments.
    public var firstTerm: TermMark?
    public var lastTerm: TermMark?
    /// Whether every frame of the store was walked; `false` when a quick check trusted the segment
    /// from its last entry and frame (damage in the middle would not show).
    public var walked = true
    /// Whether the segment was looked at at all; `false` for one a check was told to leave for later
    /// (``IntegrityChecker/onlySegments``): nothing is known of it but its files' stamps.
    public var checked = true
    /// Records, entries, unindexed frames and pending entries, as every view counts them.
    public var counts = SegmentCounts()
    /// The segment's files as the check found them listed (their sizes and a fingerprint of their
    /// stamps); a later check reuses this health only while they are unchanged.
    public var files = SegmentFiles.Fingerprint()
    /// The segment's files that could not be opened for reading (names): nothing is known of its
    /// records then (``FindingID/unreadableFile``).
    public var unreadableFiles: [String] = []

    /// The offset after the segment's last record (its base when it holds none).
    public var nextOffset: UInt64 { lastOffset.map { $0 + 1 } ?? baseOffset }

    /// How many separate ranges ``intactOffsets`` keeps.
    public static let maxIntactRanges = 1000

    /// The number of intact records.
    public var intactCount: UInt64 { intactOffsets.reduce(0) { $0.saturatingAdd($1.offsetCount) } }

    @inline(__always) mutating func addIntact(_ offset: UInt64) {
        if let last = intactOffsets.last, last.upperBound &+ 1 == offset {
            intactOffsets[intactOffsets.count - 1] = last.lowerBound...offset
        } else if intactOffsets.count < Self.maxIntactRanges {
            intactOffsets.append(offset...offset)
        }
    }

    /// Adds consecutive intact offsets at once, as ``addIntact(_:)`` for each in turn would.
    mutating func addIntact(_ offsets: ClosedRange<UInt64>) {
        if let last = intactOffsets.last, last.upperBound &+ 1 == offsets.lowerBound {
            intactOffsets[intactOffsets.count - 1] = last.lowerBound...offsets.upperBound
        } else if intactOffsets.count < Self.maxIntactRanges {
            intactOffsets.append(offsets)
        }
    }

    @inline(__always) mutating func addRegion(_ kind: RegionKind, _ bytes: Range<UInt64>) {
        guard !bytes.isEmpty else { return }
        if let last = regions.last, last.kind == kind, last.bytes.upperBound == bytes.lowerBound {
            regions[regions.count - 1].bytes = last.bytes.lowerBound..<bytes.upperBound
        } else {
            regions.append(Region(kind: kind, bytes: bytes))
        }
    }
}

/// The Raft term a record carries, and the record's offset.
public struct TermMark: Sendable, Equatable {
    /// The record's offset (its Raft index).
    public var offset: UInt64
    /// Its term.
    public var term: UInt64
}

/// Collects findings, keeping at most a few of each class per segment so a badly damaged file cannot
/// flood the report or memory.
struct FindingCollector {
    static let perClassLimit = 20

    private(set) var findings: [Finding] = []
    private var counts: [FindingID: Int] = [:]
    private var suppressed: [FindingID: (count: Int, file: String?)] = [:]

    mutating func add(_ finding: Finding) {
        let n = counts[finding.id, default: 0]
        counts[finding.id] = n + 1
        if n < Self.perClassLimit {
            findings.append(finding)
        } else {
            suppressed[finding.id] = ((suppressed[finding.id]?.count ?? 0) + 1, finding.file)
        }
    }

    /// Adds findings another collector already capped.
    mutating func append(contentsOf other: [Finding]) {
        findings += other
    }

    /// Ends a segment: adds one summary per class that went over the limit, and resets the counts.
    mutating func endSegment() {
        for (id, (count, file)) in suppressed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            findings.append(Finding(id, file: file, summary: "\(count) more findings of this class not listed"))
        }
        counts = [:]
        suppressed = [:]
    }

    func worstSeverity(from start: Int) -> Finding.Severity? {
        findings[start...].map(\.severity).max()
    }
}

extension SegmentHealth {
    /// The health of a segment a check left for later: its files' stamps and nothing else.
    init(unchecked segment: ListedSegment) {
        self.init(
            baseOffset: segment.baseOffset, storeSize: segment.storeSize, indexSize: segment.indexSize, indexEntries: 0, zeroTailSlots: 0,
            frames: 0, indexedFrames: 0, firstOffset: nil, lastOffset: nil, regions: [], worstSeverity: nil, isLive: false)
        files = segment.files.fingerprint
        walked = false
        checked = false
    }
}
