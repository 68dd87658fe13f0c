extension SegmentHealth: CompactStorable {
    /// A segment with nothing wrong, in a few numbers: every frame indexed and intact, offsets from
    /// its base on, its store one indexed stretch (or not looked at: no regions), no findings. A
    /// report of 100,000 such segments keeps these instead of whole healths.
    public struct Compact: Sendable, Equatable {
        var baseOffset: UInt64
        var storeSize: UInt64
        var indexSize: UInt64
        /// Index entries, frames, indexed frames and records alike.
        var entries: Int
        var zeroTailSlots: Int
        /// The first and last records' terms (the last record's offset is `baseOffset + entries - 1`).
        var firstTerm: UInt64
        var lastTerm: UInt64
        var files: SegmentFiles
        var frameSizes: FrameSizeHistogram?
        var flags: Flags
    }

    /// Which of the facts the few numbers stand for hold.
    struct Flags: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        /// `validEntries` is `entries` (else unknown).
        static let validEntriesKnown = Flags(rawValue: 1)
        static let walked = Flags(rawValue: 2)
        static let checked = Flags(rawValue: 4)
        /// The records carry Raft terms.
        static let hasTerms = Flags(rawValue: 8)
        /// The store is one indexed stretch (else no regions: not looked at).
        static let storeIndexed = Flags(rawValue: 16)
    }

    public var compacted: Compact? {
        guard worstSeverity == nil, !isLive, stuckIndexEntries == nil, unreadableFiles.isEmpty, frames == indexEntries,
            indexedFrames == indexEntries, regions.count <= 1, intactOffsets.count <= 1
        else { return nil }
        var flags: Flags = []
        if validEntries != nil { flags.insert(.validEntriesKnown) }
        if walked { flags.insert(.walked) }
        if checked { flags.insert(.checked) }
        if firstTerm != nil { flags.insert(.hasTerms) }
        if !regions.isEmpty { flags.insert(.storeIndexed) }
        return Compact(
            baseOffset: baseOffset, storeSize: storeSize, indexSize: indexSize, entries: indexEntries, zeroTailSlots: zeroTailSlots,
            firstTerm: firstTerm?.term ?? 0, lastTerm: lastTerm?.term ?? 0, files: files, frameSizes: counts.frameSizes, flags: flags)
    }

    public init(expanding compact: Compact) {
        let (base, entries, flags) = (compact.baseOffset, compact.entries, compact.flags)
        let last = entries > 0 ? base &+ UInt64(entries - 1) : nil
        self.init(
            baseOffset: base, storeSize: compact.storeSize, indexSize: compact.indexSize, indexEntries: entries,
            zeroTailSlots: compact.zeroTailSlots, frames: entries, indexedFrames: entries, firstOffset: last.map { _ in base },
            lastOffset: last, regions: flags.contains(.storeIndexed) && compact.storeSize > 0 ? [Region(kind: .indexed, bytes: 0..<compact.storeSize)] : [],
            worstSeverity: nil, isLive: false)
        validEntries = flags.contains(.validEntriesKnown) ? entries : nil
        if let last { intactOffsets = [base...last] }
        if flags.contains(.hasTerms) {
            firstTerm = TermMark(offset: base, term: compact.firstTerm)
            lastTerm = TermMark(offset: last ?? base, term: compact.lastTerm)
        }
        walked = flags.contains(.walked)
        checked = flags.contains(.checked)
        counts = SegmentCounts(indexEntries: entries, records: entries)
        counts.frameSizes = compact.frameSizes
        files = compact.files
    }
}
