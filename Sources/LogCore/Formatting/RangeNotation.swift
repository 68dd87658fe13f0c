/// The one notation for ranges in everything logscope prints for people (`check`, `stat`, `repair`,
/// recovery reports, the inspector's panes, tabs and anomaly list): Swift's. A half-open range, as
/// bytes of a file are, is `349..<540` (byte 540 is not part of it); a closed range, as offsets
/// are, is `14...33` (offset 33 is). JSON output keeps its numeric fields instead.
package enum RangeNotation {
    /// `lower..<upper`: from `lower` up to, not including, `upper`.
    package static func halfOpen(_ lower: String, _ upper: String) -> String { "\(lower)..<\(upper)" }

    /// `lower...upper`, or `lower` alone when the two are the same.
    package static func closed(_ lower: String, _ upper: String) -> String { lower == upper ? lower : "\(lower)...\(upper)" }

    /// Where in a directory something is: `11.index[36..<276]`, or the file alone when the bytes are
    /// not known.
    package static func location(file: String, bytes: Range<UInt64>?) -> String {
        bytes.map { "\(file)[\($0.rangeText)]" } ?? file
    }
}

extension ClosedRange where Bound == UInt64 {
    /// `14...33`, or `14` for a single offset (see ``RangeNotation``).
    package var rangeText: String { RangeNotation.closed("\(lowerBound)", "\(upperBound)") }

    /// `offset 7` for a single offset, `offsets 7...12` otherwise.
    package func offsetText() -> String {
        text("offset", "offsets")
    }
}

extension Range where Bound == UInt64 {
    /// `349..<540`: the bytes from 349 up to, not including, 540 (see ``RangeNotation``).
    package var rangeText: String { RangeNotation.halfOpen("\(lowerBound)", "\(upperBound)") }
}
