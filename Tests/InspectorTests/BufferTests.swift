import Testing

@testable import InspectorCore

@Suite struct BufferTests {
    @Test func drawsClipsAndReportsLines() {
        var buffer = Buffer(size: Size(width: 10, height: 2))
        let end = buffer.draw("hello world", x: 2, y: 0)
        #expect(end == 10)
        #expect(buffer.lines == ["  hello wo", ""])
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        buffer.draw("日本語", x: 0, y: 0)
        #expect(buffer.lines == ["日本"])
        #expect(buffer[1, 0].character == nil)
        #expect(buffer[4, 0].character == " ")
    }

    @Test func controlCharactersAreNeverSentToTheTerminal() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        buffer.draw("a\u{1b}[2Jb", x: 0, y: 0)
        #expect(buffer.lines == ["a·[2Jb"])
    }

    @Test func changesListOnlyDifferingCells() {
        var a = Buffer(size: Size(width: 4, height: 2))
        a.draw("abcd", x: 0, y: 0)
        var b = a
        b.draw("x", x: 2, y: 1, style: Style(bold: true))
        #expect(b.changes(since: a).map { "\($0.x),\($0.y)" } == ["2,1"])
        #expect(b.changes(since: nil).count == 8)
    }

    @Test func stylesAreKeptPerCell() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.draw("ab", x: 0, y: 0, style: Theme.error)
        #expect(buffer[0, 0].style == Theme.error)
        #expect(buffer[2, 0].style == .plain)
    }

    @Test func palette256DegradesToSixteenColours() {
        #expect(Color.palette(196).ansi16 == .ansi(9))
        #expect(Color.palette(236).ansi16 == .gray)
        #expect(Color.palette(3).ansi16 == .ansi(3))
        #expect(Style(foreground: .red, background: .blue, bold: true).monochrome == Style(bold: true))
    }

    @Test func layoutAdaptsToTheTerminalWidth() {
        #expect(Layout(size: Size(width: 200, height: 50)).arrangement == .columns)
        #expect(Layout(size: Size(width: 160, height: 48)).arrangement == .split)
        #expect(Layout(size: Size(width: 80, height: 24)).arrangement == .stacked)
        #expect(Layout(size: Size(width: 50, height: 10)).arrangement == .tooSmall)
    }
}

@Suite struct KeyNotationTests {
    @Test func parsesPlainAndNamedKeys() throws {
        #expect(try KeyNotation.parse(":42<Enter>") == [.character(":"), .character("4"), .character("2"), .enter])
        #expect(try KeyNotation.parse("<C-d><S-Tab><lt><F2>") == [.control("d"), .backTab, .character("<"), .function(2)])
        #expect(throws: KeyNotation.ParseError(name: "Nope")) { try KeyNotation.parse("<Nope>") }
    }

    @Test func searchPatternsAreTextOrHex() {
        #expect(SearchPattern("alice")?.bytes == Array("alice".utf8))
        #expect(SearchPattern("x:0a 0B")?.bytes == [0x0a, 0x0b])
        #expect(SearchPattern("x:0") == nil)
        #expect(SearchPattern("") == nil)
    }
}
