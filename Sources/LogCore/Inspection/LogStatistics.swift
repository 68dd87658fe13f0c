/// Sizes and counts of a log directory for an overview, computed from the index (no frame is read
/// except where a segment fails the quick clean check).
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

    public var rows: [SegmentRow]
    public var histogram: [SizeBucket]
    public var records: UInt64
    public var storeBytes: UInt64
    public var indexBytes: UInt64
    public var smallestFrame: UInt64?
    public var largestFrame: UInt64?

    /// Computes the statistics of `directory` from a quick integrity report.
    public init(directory: LogDirectory, report: IntegrityChecker.Report) throws(LogError) {
        rows = []
        records = 0
        storeBytes = 0
        indexBytes = 0
        var buckets = [UInt64](repeating: 0, count: 65)
        for (segment, health) in zip(directory.segments, report.segments) {
            let fill = segment.indexSlots == 0 ? (health.indexEntries == 0 ? 1 : 0) : Double(health.indexEntries) / Double(segment.indexSlots)
            let state: String
            switch health.worstSeverity {
            case _ where !health.unreadableFiles.isEmpty: state = "unreadable"
            case .error?: state = "error"
            case .warning?: state = "warning"
            case .info?, nil: state = health.isLive ? "live" : "ok"
            }
            rows.append(SegmentRow(health: health, indexFill: fill, state: state))
            records += health.intactCount
            storeBytes += segment.storeSize
            indexBytes += segment.indexSize
            var previous: UInt64?
            let count = min(health.indexEntries, try segment.validEntryCount())
            let storeSize = segment.storeSize
            var smallest = smallestFrame ?? UInt64.max
            var largest = largestFrame ?? 0
            func add(_ position: UInt64) -> Bool {
                if position > storeSize { return false }
                if let previous, position > previous {
                    let size = position - previous
                    buckets[64 - size.leadingZeroBitCount] += 1
                    smallest = min(smallest, size)
                    largest = max(largest, size)
                }
                previous = position
                return true
            }
            var reachedEnd = true
            try segment.forEachEntry(in: 0..<count) { _, entry in
                reachedEnd = add(entry.position)
                return reachedEnd
            }
            segment.releaseDescriptors()
            if reachedEnd { _ = add(storeSize) }
            if largest > 0 {
                smallestFrame = smallest
                largestFrame = largest
            }
        }
        histogram = buckets.enumerated().compactMap { bit, count in
            count == 0 ? nil : SizeBucket(lowerBound: bit == 0 ? 0 : 1 << UInt64(bit - 1), count: count)
        }
    }
}
