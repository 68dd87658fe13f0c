import Foundation
import LogCore
import TestSupport
import Testing

/// The compare view of the real binary in tmux: `logscope A B`, `e`, the differing bytes highlighted.
@Suite(.serialized) struct CompareEndToEndTests {
    typealias Session = EndToEndTests.Session

    @Test func comparesTwoNodesStepsToADifferenceAndHighlightsTheDifferingBytes() throws {
        let tmux = try Session("\(TestPaths.logscope) Fixtures/nodes/diverged/node-0 Fixtures/nodes/diverged/node-1 --color always", height: 40)
        try tmux.waitUntil("the compare view with its differences counted") { $0.contains("✖ 2 differences (2 offsets)") && $0.contains("0 node-0") }
        try tmux.keys("e")
        let screen = try tmux.waitUntil("the first difference selected") { $0.contains("› offset 3") && $0.contains("[1/2] 3 diverge") }
        #expect(screen.contains("version A in 0; version B in 1"))
        // node-1's value "forged 3" differs from node-0's "record 3: delta" byte by byte from its length on:
        // black on bright red, bold.
        let colours = try tmux.tmux(["capture-pane", "-p", "-e"]).split(separator: "\n")
        let differing = "\u{1b}[1m\u{1b}[30m\u{1b}[101m"
        let row = try #require(colours.first { $0.contains(differing + "66") })  // the "f" of "forged"
        #expect(row.contains("\u{1b}[32m0a"), "the field tag both frames share keeps its class colour: \(row)")
        try tmux.keys("L")
        try tmux.waitFor("Logs of each node")
        try tmux.keys("j", "Enter")
        // `e` before the background diff of raft/log found a difference says so and stays: wait for one.
        try tmux.waitUntil("raft/log's differences found") { $0.contains("› raft/log") && $0.contains("diverge") }
        try tmux.keys("e")
        try tmux.waitUntil("the Log Matching violation at index 6") { $0.contains("› offset 6") && $0.contains("LOG MATCHING") }
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }
}
