/// Complete frames in a row that no index entry points to, as the store walk meets them.
///
/// While every frame of the run names the offset after the last indexed record, the run may be the
/// orphan frames of a stuck index (bug K3: each failed append wrote its frame for the same offset).
/// The order findings of its repeats are then held back until the run ends, and reported only if it
/// turns out to be something else.

struct UnindexedRun {
    var bytes: Range<UInt64>
    /// The embedded offsets of its first and last decodable frames.
    var first: UInt64?
    var last: UInt64?
    var count = 1
    /// Whether every frame so far decoded and named ``first``, the next offset to index.
    private(set) var repeatsNextOffset: Bool
    /// `STORE-OFFSET-ORDER` findings held back (as many as one segment lists), and how many in all.
    private var held: [Finding] = []
    private var heldCount = 0

    /// A run starting with the frame at `bytes`; `isNextOffset`: it names the offset after the last
    /// indexed record.
    init(bytes: Range<UInt64>, offset: UInt64?, isNextOffset: Bool) {
        self.bytes = bytes
        first = offset
        last = offset
        repeatsNextOffset = isNextOffset && offset != nil
    }

    /// Whether a frame naming `offset` would repeat the orphan pattern.
    func isRepeat(_ offset: UInt64?) -> Bool { repeatsNextOffset && offset != nil && offset == first }

    /// Adds the next frame of the run.
    mutating func extend(to end: UInt64, offset: UInt64?) {
        if !isRepeat(offset) { repeatsNextOffset = false }
        bytes = bytes.lowerBound..<end
        first = first ?? offset
        last = offset ?? last
        count += 1
    }

    /// Holds back the order finding of a repeat.
    mutating func hold(_ finding: Finding) {
        if held.count < FindingCollector.perClassLimit { held.append(finding) }
        heldCount += 1
    }

    /// Ends the orphan pattern: the held findings go to `collector` as the walk met them.
    mutating func release(into collector: inout FindingCollector) {
        repeatsNextOffset = false
        for i in 0..<heldCount { collector.add(held[min(i, held.count - 1)]) }  // past the limit only counted
        held = []
        heldCount = 0
    }

    /// The number of orphan frames when the run is a stuck index's signature: at least one repeat.
    var orphanCount: Int? { repeatsNextOffset && count >= 2 ? count : nil }
}
