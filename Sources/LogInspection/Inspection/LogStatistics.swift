/// Sizes and counts of a log directory for an overview, computed from the index (no frame is read
/// except where a segment fails the quick clean check).
import LogCore

public struct LogStatistics: Sendable, Equatable {
    /// One row per segment.
    public struct SegmentRow: Sendable, Equatable {
        public var health: SegmentHealth
        /// Index entries / whole slots in the index file, 0…1.
        public var indexFill: Double
        /// `ok`, `live`, `warning`, `error` or `unreadable` (a file of the segment cannot be opened).
        public var state: String

        /// Whether the index file is longer than its entries (a writer has it open, or had it open
        /// when it crashed): only then does ``indexFill`` tell how close the segment is to rolling. A
        /// cleanly closed index is cut to its entries, so its fill is always 1.
        public var indexIsPreallocated: Bool { health.zeroTailSlots > 0 || health.isLive }
    }

    /// A power-of-two bucket of frame sizes: `lowerBound ..< 2 × lowerBound` bytes.
    public struct SizeBucket: Sendable, Equatable {
        public var lowerBound: UInt64
        public var count: UInt64
    }

    /// One row a segment, each with nothing wrong kept in a few numbers.
    public var rows: CompactColumn<SegmentRow>
    /// The readable records' frame sizes (it counts exactly ``records`` frames).
    public var histogram: [SizeBucket]
    /// Readable records (``SegmentCounts/records`` summed).
    public var records: UInt64
    /// Complete frames no index entry points to.
    public var unindexedFrames: UInt64
    /// Index entries whose frame is not wholly in the store (pending on a live log, else lost).
    public var pendingEntries: UInt64
    public var storeBytes: UInt64
    public var indexBytes: UInt64
    public var smallestFrame: UInt64?
    public var largestFrame: UInt64?

    /// Computes the statistics of `directory` from an integrity report (quick or full): every count
    /// is the report's ``SegmentCounts``, and the histogram counts the same readable records.
    public init(directory: LogDirectory, report: IntegrityChecker.Report) throws(LogError) {
        rows = []
        records = 0
        unindexedFrames = 0
        pendingEntries = 0
        storeBytes = 0
        indexBytes = 0
        var sizes = FrameSizeHistogram()
        // What the listing says: an object is made only for a segment whose frame sizes are read.
        for (i, (segment, health)) in zip(directory.segments.listing, report.segments).enumerated() {
            let fill = indexFill(entries: health.indexEntries, indexBytes: segment.indexSize)
            let state: String
            switch health.worstSeverity {
            case _ where !health.unreadableFiles.isEmpty: state = "unreadable"
            case .error?: state = "error"
            case .warning?: state = "warning"
            case .info?, nil: state = health.isLive ? "live" : "ok"
            }
            rows.append(SegmentRow(health: health, indexFill: fill, state: state))
            records += UInt64(health.counts.records)
            unindexedFrames += UInt64(health.counts.unindexedFrames)
            pendingEntries += UInt64(health.counts.pendingEntries)
            storeBytes += segment.storeSize
            indexBytes += segment.indexSize
            if let walked = health.counts.frameSizes {
                sizes.merge(walked)
            } else {
                sizes.merge(try Self.trustedFrameSizes(directory.segments[i], records: health.counts.records))
            }
        }
        smallestFrame = sizes.smallest
        largestFrame = sizes.largest
        histogram = sizes.counts.enumerated().compactMap { bucket, count in
            count == 0 ? nil : SizeBucket(lowerBound: FrameSizeHistogram.lowerBound(ofBucket: bucket), count: count)
        }
    }

    /// The frame sizes of a segment a quick check trusted: its first `records` entries are its readable
    /// records, each frame running to the next entry's position; the last one's length prefix is read.
    private static func trustedFrameSizes(_ segment: InspectedSegment, records: Int) throws(LogError) -> FrameSizeHistogram {
        var sizes = FrameSizeHistogram()
        guard records > 0 else { return sizes }
        var previous: UInt64?
        var unordered: [UInt64] = []  // a repeated or backwards position the quick check did not see
        try segment.forEachEntry(in: 0..<records) { _, entry in
            if let previous {
                if entry.position > previous { sizes.add(entry.position - previous) } else { unordered.append(previous) }
            }
            previous = entry.position
            return true
        }
        for position in unordered + (previous.map { [$0] } ?? []) { sizes.add(try segment.frame(at: position).size) }
        return sizes
    }
}
