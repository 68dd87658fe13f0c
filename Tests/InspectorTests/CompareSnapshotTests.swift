import TestSupport
import Testing

@testable import InspectorCore

/// Whole frames of the compare view on node clusters, compared with `Snapshots/compare-*.txt`, and the
/// styles of verdicts and differing bytes.
@Suite(.serialized) struct CompareSnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var directories: [String]
        var keys: String
        var width = 160
        var height = 40
        var testDescription: String { name }
    }

    static let followerLag = ["raft/B-follower-lag/node-0", "raft/B-follower-lag/node-1", "raft/B-follower-lag/node-2"]
    static let diverged = ["nodes/diverged/node-0", "nodes/diverged/node-1"]

    static let cases: [Case] = [
        Case(name: "compare-follower-lag-first-frame", directories: followerLag, keys: ""),
        Case(name: "compare-follower-lag-absent", directories: followerLag, keys: "e"),
        Case(name: "compare-follower-lag-raft-unreadable", directories: followerLag, keys: "Lj<Enter>e"),
        Case(name: "compare-follower-lag-raft-detail-stacked", directories: followerLag, keys: "Lj<Enter>e<Enter>G", width: 120, height: 40),
        Case(name: "compare-diverged-data-log", directories: diverged, keys: "ee"),
        Case(name: "compare-diverged-raft-log-matching", directories: diverged, keys: "Lj<Enter>e"),
        Case(name: "compare-help", directories: diverged, keys: "?"),
        Case(name: "compare-logs-list", directories: diverged, keys: "Lj"),
        Case(name: "compare-search", directories: diverged, keys: "/delta<Enter>", width: 120, height: 24),
        Case(name: "compare-filter", directories: followerLag, keys: "&click<Enter>j", width: 120, height: 24),
        Case(name: "compare-values-scrolled", directories: followerLag, keys: "<Right><Right>", width: 120, height: 30),
    ]

    @Test(arguments: cases)
    func frameMatchesItsSnapshot(_ c: Case) throws {
        let (runtime, _) = try makeCompareRuntime(c.directories, size: Size(width: c.width, height: c.height))
        try runtime.press(c.keys)
        assertSnapshot(runtime.frame().lines, named: c.name)
    }

    @Test func theFollowerLagIsCountedAsTheCLISaysIt() throws {
        let (runtime, _) = try makeCompareRuntime(Self.followerLag)
        #expect(runtime.state.differences.complete)
        #expect(runtime.state.differences.runs == [CompareDifference(offsets: 200...499, verdict: .absent)])
        #expect(runtime.state.rows[0]?.verdict == .agree)
        try runtime.press("Lj<Enter>e")
        #expect(runtime.state.differences.runs.map(\.offsets) == [205...205, 206...505])
        #expect(runtime.state.differences.runs.map(\.verdict) == [.unreadable, .absent])
        #expect(runtime.state.selected == 205)
        #expect(runtime.state.rows[205]?.entries[2]?.status == "lost")
        let detail = try #require(runtime.state.detail)
        #expect(
            detail.row?.text(raft: true)
                == "205 unreadable: term 2 LogConfiguration in 0, 1; no readable frame in 2 (the entry points past the end of 175.store (2137 bytes))")
    }

    @Test func verdictsAreColouredAndDifferingBytesHighlighted() throws {
        let (runtime, _) = try makeCompareRuntime(Self.diverged)
        try runtime.press("e")
        #expect(runtime.state.selected == 3)
        let frame = runtime.frame()
        let lines = frame.lines
        let row = try #require(lines.firstIndex { $0.hasPrefix("│ 3 ") })
        let verdict = try #require(column(of: "diverge", inLine: row, of: frame))
        #expect(frame[verdict, row].style == Theme.selection, "the selected row is one bar")
        let agreeRow = row + 1
        let agree = try #require(column(of: "agree", inLine: agreeRow, of: frame))
        #expect(frame[agree, agreeRow].style == Theme.verdict(.agree))
        #expect(frame[verdict, row - 1].style == Theme.verdict(.agree))
        // In the detail pane, node-1's frame: the length prefix's last byte and the value's bytes differ.
        let detail = runtime.state.layout.detail
        let cells = (detail.y..<detail.maxY).flatMap { y in (detail.x..<detail.maxX).map { (x: $0, y: y) } }
        let differing = cells.filter { frame[$0.x, $0.y].style == Theme.differingByte }
        #expect(differing.count > 10)
        let prefixes = cells.filter { frame[$0.x, $0.y].style == Theme.lengthPrefix }
        #expect(!prefixes.isEmpty, "equal length-prefix bytes keep their own colour")
    }
}
