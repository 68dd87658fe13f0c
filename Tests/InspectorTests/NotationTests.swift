import Testing

@testable import InspectorCore

/// The inspector writes ranges as `check` does (byte ranges `file[a..<b]`, offsets `a...b`), and its
/// anomaly list lines its columns up.
@Suite(.serialized) struct NotationTests {
    @Test func theAnomalyListAlignsSeverityLocationOffsetsAndSummary() throws {
        let (runtime, _) = try makeRuntime("damaged/crashed")
        try runtime.press("!")
        // The list's rows: below the top bar and the findings line (which names the first finding too).
        let rows = runtime.frame().lines.dropFirst(2).filter { $0.contains("IDX-") || $0.contains("DIR-") }
        #expect(rows.count == 3, "the three zero tails are one row, as `check` lists them")
        func column(of text: String, in row: String) -> Int? {
            row.range(of: text).map { row.distance(from: row.startIndex, to: $0.lowerBound) }
        }
        let severities = Set(rows.compactMap { column(of: " warning ", in: $0) ?? column(of: " error ", in: $0) })
        #expect(severities.count == 1)
        let locations = Set(
            rows.compactMap { row in row.split(separator: " ").first { $0.contains(".index[") }.flatMap { column(of: String($0), in: row) } })
        #expect(locations.count == 1, "\(rows)")
        let offsets = Set(rows.compactMap { column(of: "offsets ", in: $0) })
        #expect(offsets.count == 1, "\(rows)")
        let details = Set(
            rows.compactMap { row in
                ["preallocated tail", "20 entries", "3 entries"].lazy.compactMap { column(of: $0, in: row) }.first
            })
        #expect(details.count == 1, "\(rows)")
    }

    /// The findings line follows `e`: it names the anomaly stepped to and its place in the count
    /// (it kept the first and "1 of 3").
    @Test func theFindingsLineFollowsTheAnomalyStepping() throws {
        let (runtime, _) = try makeRuntime("damaged/crashed")
        #expect(runtime.frame().lines[1].contains("IDX-PAST-STORE-END segment 11, 11.index[36..<276]"))
        #expect(runtime.frame().lines[1].contains("1 of 3 · e next"))
        try runtime.press("ee")
        #expect(runtime.frame().lines[1].contains("IDX-PAST-STORE-END segment 34, 34.index[0..<36]"), "\(runtime.frame().lines[1])")
        #expect(runtime.frame().lines[1].contains("2 of 3 · e next"))
        try runtime.press("e")
        #expect(runtime.frame().lines[1].contains("IDX-ZERO-TAIL"))
        #expect(runtime.frame().lines[1].contains("3 of 3"))
    }

    /// A note for some seconds ("filter cleared", "check done") also ends when the selection moves on:
    /// it spoke of what was on screen then (it stayed while the user navigated).
    @Test func aTimedNoteEndsWhenTheSelectionMovesOn() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press("&record<Enter>")
        try runtime.press("<Esc>")
        #expect(runtime.state.message?.text == "filter cleared")
        try runtime.press("j")
        #expect(runtime.state.message == nil, "\(String(describing: runtime.state.message))")
    }

    @Test func theChecksTabAndAnomalyRowsUseTheNotation() throws {
        let (runtime, _) = try makeRuntime("damaged/store-zero-run")
        try runtime.press("hj<Enter>G")
        let lines = runtime.frame().lines.joined(separator: "\n")
        #expect(lines.contains("zero bytes (offset 16): bytes 194..<297"))
        #expect(lines.contains("11.store[194..<297] (103 bytes)"))
        try runtime.press("]]]")
        #expect(runtime.frame().lines.contains { $0.contains("11.store[194..<297], offset 16") })
        #expect(!runtime.frame().lines.contains { $0.contains("–") })
    }
}
