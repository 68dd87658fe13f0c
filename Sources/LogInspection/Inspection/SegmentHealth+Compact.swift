extension SegmentHealth: CompactStorable {
    /// A segment with nothing wrong, in a few numbers: every frame indexed and intact, offsets from
    /// its base on, its store one indexed stretch (or not looked at: no regions), no findings. A
    /// report of 100,000 such segments keeps these instead of whole healths.
    public struct Compact: Sendable, Equatable {
        // Widest first: laid out in this order, they leave no padding (48 bytes a slot).
        var baseOffset: UInt64
        /// The fingerprint of the files' stamps.
        var stamps: UInt64
        /// Boxed: most reports keep no histogram, and an inline one would take 32 bytes a segment.
        var frameSizes: FrameSizeBox?
        /// The first and last records' terms (the last record's offset is `baseOffset + entries - 1`).
        var firstTerm: UInt32
        var lastTerm: UInt32
        /// The store's and the index's sizes (both files are there).
        var storeSize: UInt32
        var indexSize: UInt32
        /// Index entries, frames, indexed frames and records alike, and the zero tail: 16 bits each
        /// (a segment of more than 65,535 entries, one of a few large ones, is kept whole).
        var entries: UInt16
        var zeroTailSlots: UInt16
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

    /// 48 bytes where the whole health takes 336: the sizes are the files' sizes, the sizes and terms
    /// fit 32 bits, the counts 16 (a segment whose do not is kept whole).
    public var compacted: Compact? {
        guard worstSeverity == nil, !isLive, stuckIndexEntries == nil, unreadableFiles.isEmpty, frames == indexEntries,
            indexedFrames == indexEntries, regions.count <= 1, intactOffsets.count <= 1, storeSize == files.storeSize,
            indexSize == files.indexSize, let storeSize = UInt32(exactly: storeSize), let indexSize = UInt32(exactly: indexSize),
            let entries = UInt16(exactly: indexEntries), let zeroTail = UInt16(exactly: zeroTailSlots),
            let first = UInt32(exactly: firstTerm?.term ?? 0), let last = UInt32(exactly: lastTerm?.term ?? 0)
        else { return nil }
        var flags: Flags = []
        if validEntries != nil { flags.insert(.validEntriesKnown) }
        if walked { flags.insert(.walked) }
        if checked { flags.insert(.checked) }
        if firstTerm != nil { flags.insert(.hasTerms) }
        if !regions.isEmpty { flags.insert(.storeIndexed) }
        return Compact(
            baseOffset: baseOffset, stamps: files.stamps, frameSizes: counts.frameSizes.map(FrameSizeBox.init), firstTerm: first, lastTerm: last,
            storeSize: storeSize, indexSize: indexSize, entries: entries, zeroTailSlots: zeroTail, flags: flags)
    }

    public init(expanding compact: Compact) {
        let (base, entries, flags) = (compact.baseOffset, Int(compact.entries), compact.flags)
        let last = entries > 0 ? base &+ UInt64(entries - 1) : nil
        let (storeSize, indexSize) = (UInt64(compact.storeSize), UInt64(compact.indexSize))
        self.init(
            baseOffset: base, storeSize: storeSize, indexSize: indexSize, indexEntries: entries,
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
        files = SegmentFiles.Fingerprint(storeSize: storeSize, indexSize: indexSize, stamps: compact.stamps)
    }
}
