import Foundation
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// The first screen names the most severe finding; `e`, `E` and `!` go most severe first.
@Suite struct FindingsLineTests {
    /// A warning in segment 0 (an index zero tail) and an error after it in segment 10.
    func snapshot() -> DirectorySnapshot {
        var snapshot = syntheticSnapshot()
        let tail = Finding(.indexZeroTail, file: "0.index", bytes: 120..<1024, summary: "preallocated tail left by an unclean shutdown")
        snapshot.findings.append(tail)
        snapshot.segments[0].anomalyRows = [AnomalyRow(findingIndex: 2, severity: .warning, label: "index zero tail", bytes: 120..<1024, file: "0.index")]
        return snapshot
    }

    @Test func theFirstScreenNamesTheMostSevereFindingAndWhere() throws {
        let s = InspectorState(size: Size(width: 160, height: 48), snapshot: snapshot())
        let lines = screen(s)
        #expect(lines[1].hasPrefix(" ✖ STORE-TORN-TAIL segment 10, 10.store[500..<520], offset 29: the last frame is cut off"), "\(lines[1])")
        #expect(lines[1].contains("1 of 3 · e next · ! all"))
        #expect(lines[2].hasPrefix("┌─ Segments"), "the panes start under the findings line")
        let healthy = InspectorState(
            size: Size(width: 160, height: 48),
            snapshot: DirectorySnapshot(path: "/logs/ok", segments: [], findings: [], fullCheck: true, live: false, strays: []))
        #expect(screen(healthy)[1].hasPrefix("┌─ Segments"), "a healthy log has no findings line")
    }

    @Test func anomaliesGoMostSevereFirstThenByPosition() throws {
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: snapshot())
        let order = s.snapshot.anomalyTargets.map { s.snapshot.findings[$0.finding].id }
        #expect(order == [.storeTornTail, .indexZeroTail, .segmentGap])
        _ = reduce(&s, .key(.character("e")))
        #expect(s.message?.text.hasPrefix("[1/3] STORE-TORN-TAIL") == true)
        #expect(s.selectedSegment == 1)
        _ = reduce(&s, .key(.character("e")))
        #expect(s.message?.text.hasPrefix("[2/3] IDX-ZERO-TAIL") == true)
        #expect(s.selectedSegment == 0)
        #expect(s.selectedRow == 10)
        _ = reduce(&s, .key(.character("e")))
        #expect(s.message?.text.hasPrefix("[3/3] DIR-SEGMENT-GAP") == true)
        _ = reduce(&s, .key(.character("E")))
        #expect(s.message?.text.hasPrefix("[2/3] IDX-ZERO-TAIL") == true)
        _ = reduce(&s, .key(.character("!")))
        let list = screen(s)
        let first = try #require(list.firstIndex { $0.contains("STORE-TORN-TAIL") && $0.contains("error") && !$0.contains("segment 10, 10.store") })
        #expect(list[first + 1].contains("IDX-ZERO-TAIL"), "the list is in the same order")
    }

    @Test func aClickStillLandsOnTheRowUnderTheFindingsLine() throws {
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: snapshot())
        let records = s.layout.records
        #expect(records.y == s.layout.segments.maxY)
        _ = reduce(&s, .mouse(MouseEvent(kind: .click, x: records.x + 5, y: records.y + 2 + 4)))
        #expect(s.selectedRow == 4)
    }
}

/// The fixtures through the real runtime: directory-level findings and zeroed records.
@Suite(.serialized) struct DamageAtFirstSightTests {
    /// A stray file is about the directory, not segment 0: segment 0 has no row for it; the segments
    /// pane lists it under the segments, and `e` goes there (highlighting it) without moving the
    /// selection.
    @Test func eOnAStrayFileShowsItUnderTheSegmentsNotAsARowOfSegmentZero() throws {
        let (runtime, _) = try makeRuntime("damaged/stray-files")
        #expect(runtime.state.snapshot.segments[0].anomalyRows.isEmpty)
        var screen = runtime.frame().lines
        #expect(screen.contains { $0.contains("Records · segment 0") && $0.contains("11 records ─") }, "no '+ 2 anomalies'")
        #expect(!screen.contains { $0.contains("▶ stray file") })
        let readme = try #require(screen.firstIndex { $0.hasPrefix("│ ▲ README     not a segment file (21 bytes)") })
        #expect(screen[readme + 1].hasPrefix("│ ▲ notes.txt  not a segment file (0 bytes)"))
        try runtime.press("e")
        #expect(runtime.state.focus == .segments)
        #expect(runtime.state.selectedSegment == 0 && runtime.state.selectedRow == 0, "the selection stays")
        let frame = runtime.frame()
        screen = frame.lines
        #expect(screen[1].contains("DIR-STRAY-FILE README: not a segment file (21 bytes)"))
        #expect(screen.last!.contains("[1/2] DIR-STRAY-FILE: not a segment file (21 bytes)"))
        #expect(frame[4, readme].style == Theme.selection, "the finding e went to is highlighted")
        #expect(screen.contains { $0.contains("│ DIR-STRAY-FILE warning") }, "the detail pane explains it")
        #expect(screen.contains { $0.contains("reference parses every name as a segment") })
        try runtime.press("e")
        #expect(runtime.frame().lines[1].contains("DIR-STRAY-FILE notes.txt"))
        #expect(runtime.frame()[4, readme + 1].style == Theme.selection)
        try runtime.press("j")
        #expect(!runtime.frame().lines.contains { $0.contains("│ DIR-STRAY-FILE warning") }, "the next key shows the selection again")
    }

    @Test func aZeroedFrameSaysZerosNotAnOffsetMismatch() throws {
        let (runtime, _) = try makeRuntime("damaged/store-zero-run")
        try runtime.press(":16<Enter>")
        let row = try #require(runtime.state.rows[5])
        #expect(row.status == "zeros")
        #expect(row.verdict == .zeros)
        let screen = runtime.frame().lines.joined(separator: "\n")
        #expect(screen.contains("✖ zero bytes where the frame should be"), "\(screen)")
        #expect(screen.lines(containing: " 16 ").contains { $0.contains("zeros") })
    }

    /// The Segments pane, `stat` and the histogram count the same readable records on every damaged
    /// fixture: the first screen as `stat` (both trust cleanly closed segments), the settled screen
    /// as `check` (both walk every frame).
    @Test(arguments: ["crashed", "store-torn-tail", "store-unindexed-frames", "index-past-store-end", "store-zero-run", "index-position-order"])
    func theSegmentsPaneCountsWhatStatCounts(_ fixture: String) throws {
        _ = FileManager.default.changeCurrentDirectoryPath(TestPaths.packageRoot)
        let first = try InspectorRuntime(path: "Fixtures/damaged/" + fixture, terminal: InMemoryTerminal(size: Size(width: 160, height: 48)), fullCheck: false)
        let directory = try LogDirectory(path: TestPaths.fixture("damaged/" + fixture))
        let quick = try LogStatistics(directory: directory, report: try IntegrityChecker(directory: directory, quick: true).run())
        #expect(first.state.snapshot.segments.map(\.counts.records) == quick.rows.map(\.health.counts.records))
        #expect(quick.histogram.reduce(0) { $0 + $1.count } == quick.records)
        let (runtime, _) = try makeRuntime("damaged/" + fixture)
        let stats = try LogStatistics(directory: directory, report: try IntegrityChecker(directory: directory).run())
        #expect(runtime.state.snapshot.segments.map(\.counts.records) == stats.rows.map(\.health.counts.records))
        #expect(stats.histogram.reduce(0) { $0 + $1.count } == stats.records)
        let screen = runtime.frame().lines
        for (segment, statRow) in zip(runtime.state.snapshot.segments, stats.rows) {
            let line = try #require(screen.first { $0.contains("│ ") && $0.dropFirst(4).hasPrefix("\(segment.baseOffset)".fitted(8)) })
            #expect(line.contains(" \(statRow.health.counts.records) "), "\(line)")
        }
    }
}

extension String {
    fileprivate func lines(containing text: String) -> [Substring] { split(separator: "\n").filter { $0.contains(text) } }
}
