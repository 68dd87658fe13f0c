/// Which records match the search, segment by segment, as far as the background scan has read: a
/// bit per scanned row (a 10-million-record log costs 1.25 MB, however many rows match).
public struct SearchMatches: Sendable, Equatable {
    /// One segment's matches among its first ``scannedRows`` rows.
    public struct Segment: Sendable, Equatable {
        /// Rows `0..<scannedRows` have been looked at.
        public private(set) var scannedRows = 0
        /// How many of them match.
        public private(set) var count = 0
        private var words: [UInt64] = []

        /// Nothing scanned yet.
        public init() {}

        /// Records that rows `rows` were scanned and `matching` (rows inside them) match. Ranges come
        /// in order; one that does not start at ``scannedRows`` is stale and ignored.
        public mutating func add(rows: Range<Int>, matching: [Int]) {
            guard rows.lowerBound == scannedRows, !rows.isEmpty else { return }
            let needed = (rows.upperBound + 63) / 64
            if words.count < needed { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
            for row in matching where rows.contains(row) && !contains(row) {
                words[row / 64] |= 1 << UInt64(row % 64)
                count += 1
            }
            scannedRows = rows.upperBound
        }

        /// Forgets rows from `rows` on (the segment shrank).
        public mutating func truncate(to rows: Int) {
            guard rows < scannedRows else { return }
            self = Segment()
        }

        /// Whether `row` was scanned and matches.
        public func contains(_ row: Int) -> Bool {
            row >= 0 && row < scannedRows && words[row / 64] & (1 << UInt64(row % 64)) != 0
        }

        /// The first matching row of `range` (scanned rows only).
        public func first(in range: Range<Int>) -> Int? {
            var row = max(0, range.lowerBound)
            let end = min(range.upperBound, scannedRows)
            while row < end {
                let word = words[row / 64] >> UInt64(row % 64)
                if word == 0 {
                    row = (row / 64 + 1) * 64
                    continue
                }
                let hit = row + word.trailingZeroBitCount
                return hit < end ? hit : nil
            }
            return nil
        }

        /// The last matching row of `range` (scanned rows only).
        public func last(in range: Range<Int>) -> Int? {
            var end = min(range.upperBound, scannedRows)  // exclusive
            let start = max(0, range.lowerBound)
            while end > start {
                let row = end - 1
                let word = words[row / 64] << UInt64(63 - row % 64)
                if word == 0 {
                    end = row / 64 * 64
                    continue
                }
                let hit = row - word.leadingZeroBitCount
                return hit >= start ? hit : nil
            }
            return nil
        }

        /// How many rows before `row` match.
        public func rank(of row: Int) -> Int {
            let end = min(row, scannedRows)
            guard end > 0 else { return 0 }
            var total = 0
            for i in 0..<(end / 64) { total += words[i].nonzeroBitCount }
            if end % 64 != 0 { total += (words[end / 64] & ((1 << UInt64(end % 64)) - 1)).nonzeroBitCount }
            return total
        }
    }

    /// By segment base offset (stable across refreshes of the directory).
    public var segments: [UInt64: Segment] = [:]

    /// Nothing scanned yet.
    public init() {}

    /// The matches of the segment at `base` (empty if not scanned yet).
    public subscript(base: UInt64) -> Segment { segments[base] ?? Segment() }
}
