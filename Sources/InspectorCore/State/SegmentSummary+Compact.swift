import LogInspection

extension SegmentSummary: CompactStorable {
    /// A segment with nothing to show but its records, in a few numbers: rows from its base offset
    /// on (or not checked yet: no offsets), its store one indexed stretch (or no regions), no anomaly
    /// rows. A snapshot of 100,000 such segments keeps these.
    public struct Compact: Sendable, Equatable {
        var baseOffset: UInt64
        /// 32 bits each: 24 bytes a segment, not 40 (a segment whose do not fit is kept whole).
        var rowCount: UInt32
        var storeBytes: UInt32
        var indexBytes: UInt32
        var mark: Mark
        var flags: Flags
    }

    /// Which of the facts the few numbers stand for hold.
    struct Flags: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        /// The rows hold offsets `baseOffset...` (else no offsets are known).
        static let hasOffsets = Flags(rawValue: 1)
        /// The store is one indexed stretch (else no regions).
        static let storeIndexed = Flags(rawValue: 2)
        /// Every row is a record with an index entry (else nothing is counted: not checked yet).
        static let counted = Flags(rawValue: 4)
    }

    public var compacted: Compact? {
        guard anomalyRows.isEmpty, !isUnreadable, !isBeingWritten, regions.count <= 1, counts.frameSizes == nil,
            let rows = UInt32(exactly: rowCount), let store = UInt32(exactly: storeBytes), let index = UInt32(exactly: indexBytes)
        else { return nil }
        var flags: Flags = []
        if firstOffset != nil { flags.insert(.hasOffsets) }
        if !regions.isEmpty { flags.insert(.storeIndexed) }
        if counts.records != 0 { flags.insert(.counted) }
        return Compact(baseOffset: baseOffset, rowCount: rows, storeBytes: store, indexBytes: index, mark: mark, flags: flags)
    }

    public init(expanding compact: Compact) {
        let (base, rows, flags) = (compact.baseOffset, Int(compact.rowCount), compact.flags)
        let last = flags.contains(.hasOffsets) && rows > 0 ? base &+ UInt64(rows - 1) : nil
        self.init(
            baseOffset: base, rowCount: rows, firstOffset: last.map { _ in base }, lastOffset: last, storeBytes: UInt64(compact.storeBytes),
            indexBytes: UInt64(compact.indexBytes), mark: compact.mark,
            regions: flags.contains(.storeIndexed) && compact.storeBytes > 0
                ? [SegmentHealth.Region(kind: .indexed, bytes: 0..<UInt64(compact.storeBytes))] : [],
            anomalyRows: [], counts: flags.contains(.counted) ? SegmentCounts(indexEntries: rows, records: rows) : SegmentCounts())
    }
}
