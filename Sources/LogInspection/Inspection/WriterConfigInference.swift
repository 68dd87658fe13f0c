/// The segment sizes of the writer that made a log, as far as its files tell: what `append` and `write`
/// use on an existing log given no size flags (so no index grows past what the writer's reader maps,
/// which makes the Go reference panic on reopen), and what `stat` shows.
///
/// Read-only: a listing, and a check of the newest segment alone (an index that got stuck, bug K3, is
/// always the newest: the log stops rolling there).
import LogCore

public struct WriterConfigInference: Sendable, Equatable {
    /// A size and why.
    public struct Size: Sendable, Equatable {
        /// The value to use.
        public var bytes: UInt64
        /// What the files show of the writer's value, in words: `MaxIndexBytes ≥ 4092: 3.index is 4092
        /// bytes`, or `the reference's default; no index file is larger`.
        public var evidence: String
    }

    /// The `MaxIndexBytes` to use: what the files prove, or, where they prove only a lower bound, the
    /// larger of that bound and the reference's default 1024 (never more: a smaller index is always safe
    /// for the reference, a larger one is not).
    public var maxIndexBytes: Size
    /// The `MaxStoreBytes` to use: the smallest store the writer sealed when its index still had room
    /// (a store is sealed once it reaches `MaxStoreBytes`, so that size is at least the writer's), or
    /// `nil` when no sealed segment shows it (any store size is safe for the reference).
    public var maxStoreBytes: Size?

    /// What the files of `directory` show, from a check of its newest segment.
    public init(directory: LogDirectory) throws(LogError) {
        var checker = IntegrityChecker(directory: directory, live: false)
        if !directory.segments.isEmpty { checker.onlySegments = [directory.segments.count - 1] }
        self.init(directory: directory, report: try checker.run())
    }

    /// What the files of `directory` show, with a check of it (at least of its newest segment) made already.
    public init(directory: LogDirectory, report: IntegrityChecker.Report) {
        let inference = MaxIndexBytesInference(directory: directory, report: report)
        let index = inference.assumed
        let bound: String
        if let range = inference.stuckRange {
            bound = "MaxIndexBytes \(range.rangeText)"
        } else if let largest = inference.largest, largest.value > Config.referenceDefaultBytes {
            bound = "MaxIndexBytes ≥ \(largest.value)"
        } else {
            bound = "MaxIndexBytes ≥ \(inference.largest?.value ?? 0)"
        }
        maxIndexBytes = Size(bytes: index, evidence: "\(bound): assuming \(index), \(inference.reason)")
        // Sealed segments (all but the newest) whose index had room for another entry were sealed by their store.
        var smallest: ListedSegment?
        for segment in directory.segments.listing.dropLast()
        where segment.storeSize > 0 && segment.indexSize.saturatingAdd(UInt64(IndexEntry.size)) <= index
            && segment.storeSize < (smallest?.storeSize ?? .max)
        {
            smallest = segment
        }
        maxStoreBytes = smallest.map { segment in
            Size(
                bytes: segment.storeSize,
                evidence: "MaxStoreBytes ≤ \(segment.storeSize): \(segment.storeName) (\(segment.storeSize) bytes) was sealed with room left in its index")
        }
    }
}
