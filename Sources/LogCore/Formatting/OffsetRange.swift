extension ClosedRange where Bound == UInt64 {
    /// How many offsets the range holds, `UInt64.max` for `0...UInt64.max` (one more than fits).
    ///
    /// `count` would trap for a range wider than `Int.max`, and offsets read from damaged files or
    /// segment names near 2^64 can span that far.
    public var offsetCount: UInt64 { (upperBound - lowerBound).saturatingAdd(1) }

    /// `offset 7` for a single offset, `offsets 7–12` (with `separator` between the bounds) otherwise.
    public func offsetText(separator: String = "–") -> String {
        text("offset", "offsets", separator: separator)
    }

    /// `record 7` for a single number, `records 7–12` otherwise: the range of anything numbered
    /// (records, commands, Raft indexes), with `separator` between the bounds.
    public func text(_ singular: String, _ plural: String, separator: String = "–") -> String {
        (lowerBound == upperBound ? singular : plural) + " " + boundsText(separator: separator)
    }

    /// `7` for a single number, `7–12` (with `separator` between the bounds) otherwise.
    public func boundsText(separator: String = "–") -> String {
        lowerBound == upperBound ? "\(lowerBound)" : "\(lowerBound)\(separator)\(upperBound)"
    }
}

extension Range where Bound == UInt64 {
    /// How many bytes the range covers (`count` traps beyond `Int.max`).
    public var byteCount: UInt64 { upperBound - lowerBound }
}
