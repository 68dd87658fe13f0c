extension SegmentHealth: CompactStorable {
    /// A segment with nothing wrong, in a few numbers: every frame indexed and intact, offsets from
    /// its base on, its store one indexed stretch (or not looked at: no regions), no findings. A
    /// report of 100,000 such segments keeps these instead of whole healths.
    public struct Compact: Sendable, Equatable {
        var baseOffset: UInt64
        /// Index entries, frames, indexed frames and records alike.
        var entries: UInt32
        var zeroTailSlots: UInt32
        /// The first and last records' terms (the last record's offset is `baseOffset + entries - 1`).
        var firstTerm: UInt32
        var lastTerm: UInt32
        /// The files' stamps, whose sizes are the store's and the index's sizes.
        var files: SegmentFiles
        /// Boxed: most reports keep no histogram, and an inline one would take 32 bytes a segment.
        var frameSizes: FrameSizeBox?
        var flags: Flags
    }

    /// A frame-size histogram kept out of line.
    final class FrameSizeBox: Sendable, Equatable {
        let histogram: FrameSizeHistogram
        init(_ histogram: FrameSizeHistogram) { self.histogram = histogram }
        static func == (lhs: FrameSizeBox, rhs: FrameSizeBox) -> Bool { lhs === rhs || lhs.histogram == rhs.histogram }
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

    /// 88 bytes where the whole health takes 336: the sizes come from the files' stamps, the counts
    /// and terms fit 32 bits (a segment whose do not is kept whole).
    public var compacted: Compact? {
        guard worstSeverity == nil, !isLive, stuckIndexEntries == nil, unreadableFiles.isEmpty, frames == indexEntries,
            indexedFrames == indexEntries, regions.count <= 1, intactOffsets.count <= 1, storeSize == files.store?.size,
            indexSize == files.index?.size, let entries = UInt32(exactly: indexEntries), let zeroTail = UInt32(exactly: zeroTailSlots),
            let first = UInt32(exactly: firstTerm?.term ?? 0), let last = UInt32(exactly: lastTerm?.term ?? 0)
        else { return nil }
        var flags: Flags = []
        if validEntries != nil { flags.insert(.validEntriesKnown) }
        if walked { flags.insert(.walked) }
        if checked { flags.insert(.checked) }
        if firstTerm != nil { flags.insert(.hasTerms) }
        if !regions.isEmpty { flags.insert(.storeIndexed) }
        return Compact(
            baseOffset: baseOffset, entries: entries, zeroTailSlots: zeroTail, firstTerm: first, lastTerm: last, files: files,
            frameSizes: counts.frameSizes.map(FrameSizeBox.init), flags: flags)
    }

    public init(expanding compact: Compact) {
        let (base, entries, flags) = (compact.baseOffset, Int(compact.entries), compact.flags)
        let last = entries > 0 ? base &+ UInt64(entries - 1) : nil
        let storeSize = compact.files.store?.size ?? 0
        self.init(
            baseOffset: base, storeSize: storeSize, indexSize: compact.files.index?.size ?? 0, indexEntries: entries,
            zeroTailSlots: Int(compact.zeroTailSlots), frames: entries, indexedFrames: entries, firstOffset: last.map { _ in base },
            lastOffset: last, regions: flags.contains(.storeIndexed) && storeSize > 0 ? [Region(kind: .indexed, bytes: 0..<storeSize)] : [],
            worstSeverity: nil, isLive: false)
        validEntries = flags.contains(.validEntriesKnown) ? entries : nil
        if let last { intactOffsets = [base...last] }
        if flags.contains(.hasTerms) {
            firstTerm = TermMark(offset: base, term: UInt64(compact.firstTerm))
            lastTerm = TermMark(offset: last ?? base, term: UInt64(compact.lastTerm))
        }
        walked = flags.contains(.walked)
        checked = flags.contains(.checked)
        counts = SegmentCounts(indexEntries: entries, records: entries)
        counts.frameSizes = compact.frameSizes?.histogram
        files = compact.files
    }
}
