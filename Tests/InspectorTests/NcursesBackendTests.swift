import CNcurses
import InspectorTerminal
import Testing

@testable import InspectorCore

/// The ncurses backend without a tty: draw into curses on /dev/null and read the cells back.
@Suite(.serialized) struct NcursesBackendTests {
    @Test func drawsCellsWideCharactersAndAttributesAndOnlyChanges() throws {
        let terminal = try NcursesTerminal(testingWithType: "xterm-256color", size: Size(width: 40, height: 6))
        defer { terminal.close() }
        #expect(terminal.size == Size(width: 40, height: 6))
        var buffer = Buffer(size: terminal.size)
        buffer.draw("offset 42 ✔", x: 1, y: 0, style: Theme.title)
        buffer.draw("日本", x: 0, y: 1)
        buffer.draw("error", x: 3, y: 2, style: Theme.error)
        terminal.draw(buffer)
        let window = cn_stdscr()
        #expect(cn_cell_char(window, 0, 1) == wchar_t(UnicodeScalar("o").value))
        #expect(cn_cell_char(window, 0, 11) == wchar_t(UnicodeScalar("✔").value))
        #expect(cn_cell_char(window, 1, 0) == wchar_t(UnicodeScalar("日").value))
        #expect(cn_cell_char(window, 1, 2) == wchar_t(UnicodeScalar("本").value))
        var pair: Int16 = 0
        let attributes = cn_cell_attrs(window, 2, 3, &pair)
        #expect(attributes & cn_a_bold() != 0)
        #expect(pair > 0)
        var next = buffer
        next.draw("X", x: 39, y: 5)
        #expect(next.changes(since: buffer).count == 1)
        terminal.draw(next)
        #expect(cn_cell_char(window, 5, 39) == wchar_t(UnicodeScalar("X").value))
        #expect(cn_cell_char(window, 0, 1) == wchar_t(UnicodeScalar("o").value))
    }
}
