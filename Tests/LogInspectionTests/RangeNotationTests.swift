import LogCore
import LogInspection
import Testing

/// One notation for ranges in all text output: half-open byte ranges `a..<b`, closed offset ranges
/// `a...b`.
@Suite struct RangeNotationTests {
    @Test func byteRangesAreHalfOpenAndOffsetRangesClosed() {
        #expect((UInt64(349)..<540).rangeText == "349..<540")
        #expect((UInt64(14)...33).rangeText == "14...33")
        #expect((UInt64(16)...16).rangeText == "16")
        #expect((UInt64(16)...16).offsetText() == "offset 16")
        #expect((UInt64(14)...33).offsetText() == "offsets 14...33")
        #expect((UInt64(0)...UInt64.max).rangeText == "0...18446744073709551615")
    }

    @Test func aLocationIsTheFileWithItsBytesInBrackets() {
        #expect(RangeNotation.location(file: "11.index", bytes: 36..<276) == "11.index[36..<276]")
        #expect(RangeNotation.location(file: "README", bytes: nil) == "README")
    }

    /// `check`, `repair` and the inspector's Checks tab and anomaly list all print a finding's place
    /// through ``Finding/location`` and ``Finding/line``.
    @Test func aFindingsLineUsesTheNotation() {
        let finding = Finding(
            .indexPastStoreEnd, file: "11.index", bytes: 36..<276, offsets: 14...33, expected: "positions below 118", actual: "20 entries",
            summary: "entries point past the end")
        #expect(finding.location == "11.index[36..<276]")
        #expect(finding.detail == "entries point past the end (expected positions below 118, found 20 entries)")
        #expect(finding.line == "IDX-PAST-STORE-END error 11.index[36..<276] offsets 14...33: " + finding.detail)
        let gap = Finding(.segmentGap, offsets: 14...14, summary: "missing")
        #expect(gap.location == nil)
        #expect(gap.line == "DIR-SEGMENT-GAP warning offset 14: missing")
    }
}
