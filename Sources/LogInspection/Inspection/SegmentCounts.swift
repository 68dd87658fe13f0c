/// What one segment holds, counted one way for every consumer: `stat`, `check`'s summary, the frame-size
/// histogram and the inspector's Segments pane all read these numbers, never their own.
///
/// - Index entries: the index's slots before its zero tail (the entries it claims to hold).
/// - Readable records: entries whose frame is complete, decodes and names the entry's offset: what a
///   reader that goes through the index (`dump`, `tail`, the inspector, the Go reference) gets.
/// - Unindexed frames: complete frames of the store that no entry points to (a crash lost the index's
///   tail, or the index filled up, bug K3). Recovery re-indexes them; until then no reader sees them.
/// - Pending entries: entries whose frame is not wholly in the store: at or past its end, or on a torn
///   last frame. On the newest segment of a live log they wait for the writer's flush; anywhere else
///   their frames were lost.
///
/// Entries that are none of these point at damaged bytes or at the wrong record
/// (``damagedEntries``).
import LogCore

public struct SegmentCounts: Sendable, Equatable {
    /// Slots before the index's zero tail.
    public var indexEntries = 0
    /// Entries whose frame is complete, decodes and names the entry's offset.
    public var records = 0
    /// Complete frames no entry points to.
    public var unindexedFrames = 0
    /// Entries whose frame is not wholly in the store (waiting for a live writer, or lost).
    public var pendingEntries = 0
    /// The sizes of the readable records' frames (length prefix and payload), when the check read
    /// them; `nil` when a quick check trusted the segment from its last entry, and the sizes come from
    /// the index positions instead (``LogStatistics``).
    public var frameSizes: FrameSizeHistogram?

    /// Creates counts.
    public init(indexEntries: Int = 0, records: Int = 0, unindexedFrames: Int = 0, pendingEntries: Int = 0) {
        self.indexEntries = indexEntries
        self.records = records
        self.unindexedFrames = unindexedFrames
        self.pendingEntries = pendingEntries
    }

    /// Entries that are neither readable nor pending: they point at damaged bytes or the wrong record.
    public var damagedEntries: Int { max(0, indexEntries - records - pendingEntries) }

    /// `47 records`, then what else the segment holds when it holds more: `, 3 unindexed frames`,
    /// `, 20 pending entries` (or `lost entries` when no writer will flush them), `, 2 damaged entries`.
    public func description(live: Bool) -> String {
        ([Plural.count(records, "record")] + notes(live: live)).joined(separator: ", ")
    }

    /// What the segment holds besides its readable records, each counted (`3 unindexed frames`,
    /// `20 pending entries` or `lost entries` when no writer will flush them, `2 damaged entries`);
    /// empty when that is all.
    public func notes(live: Bool) -> [String] {
        var notes: [String] = []
        if unindexedFrames > 0 { notes.append(Plural.count(unindexedFrames, "unindexed frame")) }
        if pendingEntries > 0 {
            notes.append(Plural.count(pendingEntries, live ? "pending entry" : "lost entry", live ? "pending entries" : "lost entries"))
        }
        if damagedEntries > 0 { notes.append(Plural.count(damagedEntries, "damaged entry", "damaged entries")) }
        return notes
    }
}

/// How full an index of `indexBytes` is with `entries` entries: entries over whole 12-byte slots, 0…1
/// (1 for an index with no slot and no entry: a cleanly closed empty segment). Every view shows this
/// one figure: `stat`'s fill column and the inspector's segments pane.
public func indexFill(entries: Int, indexBytes: UInt64) -> Double {
    let slots = Int(clamping: indexBytes / UInt64(IndexEntry.size))
    return slots == 0 ? (entries == 0 ? 1 : 0) : Double(min(entries, slots)) / Double(slots)
}

/// Frame sizes by power-of-two buckets: bucket `b` counts frames of `2^(b−1)` to `2^b − 1` bytes (bucket 0
/// counts empty frames, which a store never holds).
public struct FrameSizeHistogram: Sendable, Equatable {
    /// Counts by bucket; only as long as the largest bucket used.
    public private(set) var counts: [UInt64] = []
    /// The smallest and largest frame added (kept without optionals: a histogram sits in every
    /// segment's counts, and `nil` is told by ``counts`` being empty).
    private var smallestSize = UInt64.max
    private var largestSize: UInt64 = 0

    /// The smallest frame added.
    public var smallest: UInt64? { counts.isEmpty ? nil : smallestSize }
    /// The largest frame added.
    public var largest: UInt64? { counts.isEmpty ? nil : largestSize }

    /// An empty histogram.
    public init() {}

    /// Counts one frame of `size` bytes.
    @inline(__always) public mutating func add(_ size: UInt64) {
        let bucket = 64 - size.leadingZeroBitCount
        if counts.count <= bucket { counts += [UInt64](repeating: 0, count: bucket + 1 - counts.count) }
        counts[bucket] += 1
        smallestSize = min(smallestSize, size)
        largestSize = max(largestSize, size)
    }

    /// Adds every frame counted by `other`.
    public mutating func merge(_ other: FrameSizeHistogram) {
        guard !other.counts.isEmpty else { return }
        if counts.count < other.counts.count { counts += [UInt64](repeating: 0, count: other.counts.count - counts.count) }
        for (bucket, count) in other.counts.enumerated() { counts[bucket] += count }
        smallestSize = min(smallestSize, other.smallestSize)
        largestSize = max(largestSize, other.largestSize)
    }

    /// The number of frames counted.
    public var total: UInt64 { counts.reduce(0, +) }

    /// The smallest size bucket `bucket` holds.
    public static func lowerBound(ofBucket bucket: Int) -> UInt64 { bucket == 0 ? 0 : 1 << UInt64(bucket - 1) }
}
