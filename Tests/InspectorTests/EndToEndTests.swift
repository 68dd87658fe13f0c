import Foundation
import LogCore
import TestSupport
import Testing

/// The real binary in tmux (`new-session -d -x 160 -y 48`, `send-keys`, `capture-pane -p`), asserting
/// on what a person would see. Each test has its own tmux server (`-L`).
@Suite(.serialized) struct EndToEndTests {
    typealias Session = TmuxSession

    var binary: String { TestPaths.logscope }

    /// A file the tests have open for writing (Foundation opens without `O_CLOEXEC`) stays out of the
    /// tmux server, which would otherwise hold it for as long as it runs and be taken for a writer of
    /// the log by `append`, `Log` and the live checks of tests running at the same time.
    @Test func tmuxInheritsNoFileTheTestsHaveOpen() throws {
        let scratch = TemporaryDirectory("inherit")
        let dir = scratch.path
        let fd = open(dir + "/0.store", O_WRONLY | O_CREAT, 0o644)
        defer { close(fd) }
        let tmux = try Session("sleep 600")
        try tmux.waitUntil("the pane") { _ in true }
        let others = DirectoryHolders.scan(dir, includingSelf: false)
        #expect(others.holders.isEmpty, "\(others.holders)")
    }

    @Test func browsesAGoldenLogJumpsSearchesHelpsSwitchesTabsAndQuitsCleanly() throws {
        let tmux = try Session("\(binary) Fixtures/golden/small")
        try tmux.waitFor("Segments (3)")
        try tmux.waitFor("row 1/11")
        try tmux.keys("j", "j")
        try tmux.waitFor("› offset 2")
        try tmux.keys(":", "4", "2", "Enter")
        try tmux.waitUntil("offset 42 in row 9 of 16") { $0.contains("› segment 34 › offset 42") && $0.contains("row 9/16") }
        try tmux.keys("1", "2", "G")
        try tmux.waitFor("› segment 11 › offset 12")
        try tmux.keys("/", "l", "o", "r", "e", "m", "Enter")
        try tmux.waitUntil("the first match, offset 13") { $0.contains("› offset 13") && $0.contains("/lorem · match 1 of 11") }
        try tmux.keys("n")
        try tmux.waitUntil("the next match, offset 16") { $0.contains("› offset 16") && $0.contains("/lorem · match 2 of 11") }
        try tmux.keys("?")
        try tmux.waitUntil("the help overlay") { $0.contains("─ Keys ─") && $0.contains("go to offset N, across segments") }
        try tmux.keys("Escape")
        try tmux.keys("]")
        try tmux.waitFor("length prefix payload")
        try tmux.keys("]")
        try tmux.waitFor("store bytes at position")
        try tmux.keys("q")
        let screen = try tmux.waitFor("LOGSCOPE-EXIT 0")
        #expect(!screen.contains("Segments (3)"), "the terminal is restored after quitting")
    }

    @Test func searchCountsHighlightsWrapsAndRecallsEarlierSearches() throws {
        let tmux = try Session("\(binary) Fixtures/golden/small --color always")
        try tmux.waitFor("row 1/11")
        try tmux.keys(":", "1", "2", "Enter")
        try tmux.waitFor("› offset 12")
        try tmux.literal("/LOREM")
        try tmux.keys("Enter")
        let noMatch = try tmux.waitFor("/LOREM · no match")
        #expect(!noMatch.contains("/LOREM: no match"), "said once")
        try tmux.literal("/lorem")
        try tmux.keys("Enter")
        try tmux.waitFor("/lorem · match 1 of 11")
        // The match is highlighted (yellow background) in the selected row and in the detail pane.
        let colours = try tmux.tmux(["capture-pane", "-p", "-e"]).split(separator: "\n")
        let row = try #require(colours.first { $0.contains("message number 13: ") && $0.contains(" 13 ") })
        #expect(row.contains("\u{1b}[4m\u{1b}[43mlorem"), "underlined on yellow: \(row)")
        #expect(colours.filter { $0.contains("\u{1b}[43mlorem") }.count >= 2)
        try tmux.keys("N")
        try tmux.waitUntil("the search wrapping around to the last match") {
            $0.contains("› offset 46") && $0.contains("match 11 of 11") && $0.contains("passed the first record, continued from the last")
        }
        try tmux.keys("/", "Up", "Up")
        try tmux.waitFor("/LOREM█")
        try tmux.keys("Down", "Enter")
        try tmux.waitUntil("the recalled search's next match") { $0.contains("› offset 13") && $0.contains("match 1 of 11") }
        try tmux.keys("Escape", "Escape")
        try tmux.waitFor("/lorem cleared (n searches for it again)")
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    @Test func pagesLikeLessAndScrollsLongValuesSideways() throws {
        let tmux = try Session("\(binary) Fixtures/golden/large")
        try tmux.waitFor("row 1/9281")
        let offset = Session.selectedOffset
        try tmux.keys("Space")
        let page = offset(try tmux.waitUntil("a page down") { offset($0) > 1 })
        try tmux.keys("C-f")
        try tmux.waitUntil("a second page down") { offset($0) == 2 * page }
        try tmux.keys("C-b")
        try tmux.waitUntil("a page back up") { offset($0) == page }
        // A long value is cut with … at the pane's edge; → brings its end into view, in the same pane.
        try tmux.tmux(["kill-server"])
        let small = try Session("\(binary) Fixtures/golden/small")
        try small.waitFor("row 1/11")
        try small.keys(":", "4", "4", "Enter")
        let cut = try small.waitFor("0x012d5985b1dd")
        #expect(!cut.contains("5e10d3965"))
        #expect(cut.split(separator: "\n").contains { $0.contains("0x012d5985b1dd") && $0.contains("…│") })
        try small.keys("Right", "Right", "Right")
        let scrolled = try small.waitFor("5e10d3965")
        #expect(scrolled.contains("Space page  ←/→ scroll"), "the records pane keeps the focus")
        try small.keys("q")
        try small.waitFor("LOGSCOPE-EXIT 0")
    }

    @Test func stepsThroughTheAnomaliesOfADamagedLog() throws {
        let tmux = try Session("\(binary) Fixtures/damaged/crashed")
        // The three zero tails are one finding (as `check` counts them), and the lost entries' offsets
        // no gap besides: 2 errors, 1 warning.
        try tmux.waitFor("✖ 2 errors  ▲ 1 warning")
        // Most severe first: the entries whose frames were lost, then the warning.
        try tmux.keys("e")
        try tmux.waitUntil("the first error, past the store's end") { $0.contains("[1/3] IDX-PAST-STORE-END") && $0.contains(" lost ") }
        try tmux.keys("e")
        try tmux.waitFor("[2/3] IDX-PAST-STORE-END")
        try tmux.keys("e")
        try tmux.waitFor("[3/3] IDX-ZERO-TAIL")
        try tmux.keys("!")
        try tmux.waitFor("Anomalies (3)")
        try tmux.waitFor("0.index[132..<1024] +2")
        try tmux.keys("G", "Enter")
        try tmux.waitFor("[3/3]")
        try tmux.keys(":", "1", "4", "Enter")
        try tmux.waitFor("IDX-PAST-STORE-END error")  // the Checks tab, where `e` left it
        try tmux.keys("]")
        try tmux.waitFor("none: the store ends before this position")
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    @Test func resizingKeepsTheSelectedOffsetAndSaysWhenTooSmall() throws {
        let tmux = try Session("\(binary) Fixtures/golden/small")
        try tmux.waitFor("Segments (3)")
        try tmux.keys(":", "3", "0", "Enter")
        try tmux.waitFor("› offset 30")
        try tmux.tmux(["resize-window", "-x", "90", "-y", "30"])
        let narrow = try tmux.waitUntil("a 90-column frame") { screen in
            let lines = screen.split(separator: "\n")
            return lines.first?.contains("logscope") == true && lines.contains { $0.hasPrefix("└") && $0.count == 90 }
        }
        #expect(narrow.contains("› offset 30"))
        try tmux.tmux(["resize-window", "-x", "50", "-y", "10"])
        try tmux.waitFor("needs at least 60x14")
        try tmux.tmux(["resize-window", "-x", "200", "-y", "50"])
        try tmux.waitUntil("the 200-column frame with offset 30 selected") { $0.contains("› offset 30") && $0.contains("row 20/23") }
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    /// Values of wide emoji at 80×24: tmux draws each rocket in two columns, and every row of the
    /// records pane still ends in its right border (it was pushed off the screen).
    @Test func wideEmojiValuesStayInsideTheirPaneAt80x24() throws {
        let scratch = TemporaryDirectory("emoji")
        let log = try Log(directory: scratch.child("log"), config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 12_000), createDirectory: true)
        for i in 0..<5 { try log.append(Array((String(repeating: "🚀", count: 40) + " \(i)").utf8)) }
        try log.close()
        let tmux = try Session("\(binary) \(scratch.child("log"))", width: 80, height: 24)
        // Waits for five rows of rockets each ending in the pane's border (a frame half drawn has fewer).
        func rocketRows(_ screen: String) -> [Substring] { screen.split(separator: "\n").filter { $0.contains("🚀") } }
        let screen = try tmux.waitUntil("five rows of rockets inside their pane") { screen in
            rocketRows(screen).count == 5 && rocketRows(screen).allSatisfy { $0.hasSuffix("…│") }
        }
        let rows = rocketRows(screen)
        #expect(rows.count == 5, "\(screen)")
        for row in rows {
            #expect(row.hasSuffix("…│"), "\(screen)")
            #expect(row.filter { $0 == "🚀" }.count == 17, "\(screen)")
        }
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    /// At 80×24: the segments pane says that one of three segments is not shown, and the help wraps
    /// its descriptions (each was cut with …) with a margin around it.
    @Test func at80x24PanesSayWhatTheyHideAndTheHelpWraps() throws {
        let tmux = try Session("\(binary) Fixtures/golden/small", width: 80, height: 24)
        let screen = try tmux.waitFor("Segments (3)")
        #expect(screen.contains("─ 1...2/3 ─┘"), "\(screen)")
        try tmux.keys("?")
        // The rows of the help's box (the pane's border, a blank margin, then the box's border).
        func boxRows(_ screen: String) -> [Substring] { screen.split(separator: "\n").filter { $0.dropFirst(2).hasPrefix("│ ") } }
        let help = try tmux.waitUntil("the whole help drawn") { boxRows($0).count > 15 && $0.contains("─ Keys ─") }
        let box = boxRows(help)
        #expect(box.allSatisfy { !$0.contains("…") }, "\(help)")
        #expect(help.contains("segment's store"), "\(help)")
        try tmux.keys("q", "q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    @Test func aMouseClickSelectsARow() throws {
        let tmux = try Session("TERM=tmux-256color \(binary) Fixtures/golden/small")
        try tmux.waitFor("row 1/11")
        // The records pane starts under the segments strip: row 5 of the list is at screen line 7 + 2 + 5.
        let screen = try tmux.screen().split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(screen.firstIndex { $0.contains("offset") && $0.contains("position") })
        let y = header + 1 + 5
        // An X10 mouse press: ESC [ M, button 0, then column and row plus 33 (1-based plus 32).
        try tmux.literal("\u{1b}[M " + String(UnicodeScalar(UInt8(33 + 10))) + String(UnicodeScalar(UInt8(33 + y))))
        try tmux.waitFor("› offset 5")
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    @Test func withoutArgumentsItOpensTheDemoAndRemovesItOnExit() throws {
        let tmux = try Session(binary)
        let screen = try tmux.waitUntil("the demo with its damaged segment") {
            $0.contains("logscope-demo-") && $0.contains("Segments (") && $0.contains("✖ 1 error") && $0.contains(" DEMO ")
        }
        let path = try #require(screen.split(separator: " ").first { $0.contains("logscope-demo-") }.map(String.init))
        #expect(FileManager.default.fileExists(atPath: path))
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aBadTermIsAClearErrorNotACrash() throws {
        let tmux = try Session("TERM=no-such-terminal \(binary) Fixtures/golden/small")
        let screen = try tmux.waitFor("LOGSCOPE-EXIT 2")
        #expect(screen.contains("TERM=no-such-terminal is not in the terminfo database"))
    }

    @Test func followsRecordsAnotherProcessAppends() throws {
        let scratch = TemporaryDirectory("follow")
        let dir = scratch.child("log")
        let writer = try Session("\(binary) write \(dir) --rate 100 --count 100000 --durability flush --max-store-bytes 4000")
        let deadline = ContinuousClock.now + .seconds(5)
        while !FileManager.default.fileExists(atPath: dir + "/0.store") && ContinuousClock.now < deadline { usleep(20_000) }
        let tmux = try Session("\(binary) \(dir)")
        try tmux.waitFor("LIVE")
        try tmux.keys("f")
        try tmux.waitFor(" FOLLOW ")
        let first = try tmux.waitUntil("the followed offset to advance") { screen in
            screen.contains("rec/s") && screen.contains("FOLLOW")
        }
        let offset = Session.selectedOffset
        let before = offset(first)
        try tmux.waitUntil("a newer offset under follow") { offset($0) > before + 5 }
        try tmux.keys("k")
        try tmux.waitUntil("PAUSED with a count") { $0.contains("PAUSED +") && !$0.contains("PAUSED +0 ") }
        try tmux.keys("G")
        try tmux.waitFor(" FOLLOW ")
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
        try writer.keys("C-c")
        try writer.waitFor("LOGSCOPE-EXIT 0")
    }
}
