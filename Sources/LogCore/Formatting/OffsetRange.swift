extension ClosedRange where Bound == UInt64 {
    /// How many offsets the range holds, `UInt64.max` for `0...UInt64.max` (one more than fits).
    ///
    /// `count` would trap for a range wider than `Int.max`, and offsets read from damaged files or
    /// segment names near 2^64 can span that far.
    public var offsetCount: UInt64 { (upperBound - lowerBound).saturatingAdd(1) }
}

extension Range where Bound == UInt64 {
    /// How many bytes the range covers (`count` traps beyond `Int.max`).
    public var byteCount: UInt64 { upperBound - lowerBound }
}
