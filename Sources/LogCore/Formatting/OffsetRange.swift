extension ClosedRange where Bound == UInt64 {
    /// How many offsets the range holds, `UInt64.max` for `0...UInt64.max` (one more than fits).
    ///
    /// `count` would trap for a range wider than `Int.max`, and offsets read from damaged files or
    /// segment names near 2^64 can span that far.
    public var offsetCount: UInt64 { (upperBound - lowerBound).saturatingAdd(1) }

    /// `record 7` for a single number, `records 7...12` otherwise: the range of anything numbered
    /// (records, commands, Raft indexes), in the one range notation (``RangeNotation``).
    public func text(_ singular: String, _ plural: String) -> String {
        (lowerBound == upperBound ? singular : plural) + " " + rangeText
    }
}

extension Range where Bound == UInt64 {
    /// How many bytes the range covers (`count` traps beyond `Int.max`).
    public var byteCount: UInt64 { upperBound - lowerBound }
}
