import Foundation
import LogCore
import TestSupport
import Testing

@testable import InspectorCore

/// Every cell is measured as the terminal draws it: a table of tricky strings with the columns a
/// terminal (glibc's `wcwidth`, xterm, kitty) gives them, and a log of wide emoji drawn at 80×24.
@Suite struct TextWidthTests {
    static let table: [(String, Int, String)] = [
        ("plain", 5, "ASCII"),
        ("🚀", 2, "U+1F680, a default emoji (it was measured 1)"),
        ("🚀🚀🚀", 6, "three rockets"),
        ("🛸🛰", 3, "a flying saucer (wide) and a satellite (text presentation, 1)"),
        ("中文", 4, "CJK ideographs"),
        ("가", 2, "a Hangul syllable"),
        ("\u{1100}\u{1161}", 2, "a leading consonant (wide) and a medial vowel (no column)"),
        ("ｱＡ", 3, "halfwidth katakana (1) and a fullwidth A (2)"),
        ("e\u{301}", 1, "e and a combining acute accent"),
        ("👍🏽", 4, "a thumb and a skin-tone modifier, drawn as its own glyph"),
        ("👨\u{200D}👩\u{200D}👧", 6, "a family: three wide emoji, the zero-width joiners take no column"),
        ("❤\u{FE0F}", 1, "a text-presentation heart; the variation selector takes no column"),
        ("🇩🇪", 2, "a flag: two regional indicators of one column each"),
        ("a\u{200B}b", 2, "a zero-width space"),
        ("⌚✔✖●│…", 7, "a watch (wide) and the inspector's own symbols (one column each)"),
        ("\u{20000}\u{3FFFD}", 4, "planes 2 and 3, assigned or not"),
        ("\u{E0001}\u{E0020}", 0, "tag characters"),
    ]

    @Test func eachStringTakesTheColumnsATerminalGivesIt() {
        for (text, columns, why) in Self.table {
            #expect(TextWidth.of(text) == columns, "\(why)")
        }
    }

    /// A cut never splits a wide character and never passes the limit.
    @Test func drawingCutsBeforeAWideCharacterThatDoesNotFit() {
        var buffer = Buffer(size: Size(width: 12, height: 1))
        let end = buffer.draw(String(repeating: "🚀", count: 10), x: 0, y: 0, limit: 9)
        #expect(end == 9)
        #expect(buffer.lines == ["🚀🚀🚀🚀"])
        #expect((0..<8).map { buffer[$0, 0].character == nil } == [false, true, false, true, false, true, false, true])
        #expect(buffer[8, 0].character == " " && buffer[9, 0] == .blank)
    }

    /// Records of rockets at 80×24: every pane keeps its right border in its column (the records
    /// pane's was pushed off the screen), and every rocket takes two cells.
    @Test func aValueOfWideEmojiKeepsEveryPaneInsideItsBorders() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 12_000))
        for i in 0..<5 { try log.append(Array((String(repeating: "🚀", count: 40) + " \(i)").utf8)) }
        try log.close()
        let terminal = InMemoryTerminal(size: Size(width: 80, height: 24))
        let runtime = try InspectorRuntime(path: dir.path, terminal: terminal)
        runtime.finishBackgroundWork()
        try runtime.press("<Tab>j")
        let frame = runtime.frame()
        var rockets = 0
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width where frame[x, y].character == "🚀" {
                rockets += 1
                #expect(x + 1 < frame.size.width && frame[x + 1, y].character == nil, "row \(y), column \(x): \(frame.lines[y])")
            }
        }
        #expect(rockets > 40, "\(frame.lines.joined(separator: "\n"))")
        // Each pane row ends at the right edge in a border, as the header's box does.
        let borderRows = frame.lines.indices.filter { frame[frame.size.width - 1, $0].character == "│" }
        #expect(borderRows.count >= 15, "\(frame.lines.joined(separator: "\n"))")
    }
}
