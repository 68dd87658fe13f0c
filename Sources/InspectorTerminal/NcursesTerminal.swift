import CNcurses
import Glibc
import InspectorCore

/// The only code that calls ncurses: a ``TerminalBackend`` on the process's terminal.
///
/// Uses `newterm` (a bad `TERM` is an error, not an exit), wide characters after `setlocale`, the
/// user's default colours, and colour pairs allocated lazily. Call ``close()`` on every exit path
/// before printing anything.
public final class NcursesTerminal: TerminalBackend {
    /// How many colours to use.
    public enum ColorMode: Sendable, Equatable {
        /// Colours when the terminal has them and `NO_COLOR` is not set.
        case automatic
        /// Colours when the terminal has them, even with `NO_COLOR`.
        case always
        /// Attributes only (bold, reverse, underline).
        case never
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private var screen: OpaquePointer?
    private var previous: Buffer?
    private var pairs: [PairKey: Int16] = [:]
    private let colors: Int
    private var isOpen = true

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// Starts curses on the controlling terminal.
    public init(colorMode: ColorMode) throws {
        setlocale(LC_ALL, "")
        if String(cString: cn_codeset()) != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
        let term = getenv("TERM").map { String(cString: $0) } ?? "xterm-256color"
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw StartError(description: "the inspector needs a terminal on stdin and stdout; use --snapshot WxH to render a frame without one")
        }
        // The size comes from the terminal (ioctl), never from stale LINES/COLUMNS variables (they
        // would also stop resizes from being seen).
        use_env(true)
        use_tioctl(true)
        guard let screen = newterm(term, cn_stdout(), cn_stdin()) else {
            throw StartError(description: "cannot start the terminal: TERM=\(term) is not in the terminfo database (try TERM=xterm-256color)")
        }
        self.screen = screen
        set_term(screen)
        raw()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        var colors = 0
        let wanted = colorMode == .always || (colorMode == .automatic && (getenv("NO_COLOR").map { $0.pointee == 0 } ?? true))
        if wanted, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(cn_colors())
        }
        self.colors = colors
        mouseinterval(0)
        setMouseCapture(true)
    }

    /// Starts curses on `/dev/null` with a given terminal type and size, for backend tests that read
    /// the drawn cells back with `mvwin_wch` (no tty needed). ncurses is process-global: one at a time.
    public init(testingWithType type: String, size: Size) throws {
        setlocale(LC_ALL, "C.UTF-8")
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else {
            throw StartError(description: "cannot open /dev/null")
        }
        use_env(false)
        guard let screen = newterm(type, output, input) else {
            throw StartError(description: "cannot start the terminal: TERM=\(type) is not in the terminfo database")
        }
        self.screen = screen
        set_term(screen)
        resize_term(Int32(size.height), Int32(size.width))
        start_color()
        use_default_colors()
        colors = Int(cn_colors())
    }

    deinit { close() }

    /// Restores the terminal. Safe to call twice.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        mousemask(0, nil)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    public var size: Size {
        var height: Int32 = 0
        var width: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &height, &width)
        return Size(width: Int(width), height: Int(height))
    }

    public func draw(_ buffer: Buffer) {
        let window = cn_stdscr()
        if previous?.size != buffer.size {
            // After a resize the terminal may hold reflowed text ncurses does not know about: clear it.
            werase(window)
            clearok(window, true)
        }
        for (x, y, cell) in buffer.changes(since: previous) {
            guard let character = cell.character else { continue }
            let (attributes, pair) = attributes(for: cell.style)
            _ = cn_put_cell(window, Int32(y), Int32(x), wchar_t(bitPattern: character.value), attributes, pair)
        }
        previous = buffer
        wnoutrefresh(window)
        doupdate()
    }

    public func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        wtimeout(cn_stdscr(), Int32(timeoutMilliseconds))
        var character: wint_t = 0
        let kind = wget_wch(cn_stdscr(), &character)
        if kind == ERR { return resizeMissedBySignal() }
        if kind == KEY_CODE_YES { return functionKey(Int32(character)) }
        switch character {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 27: return .key(.escape)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.control(Character(UnicodeScalar(UInt8(character) + 96))))
        default:
            guard let scalar = UnicodeScalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// A resize whose SIGWINCH ncurses did not turn into `KEY_RESIZE` (two in quick succession can
    /// merge): the tty's size (`TIOCGWINSZ`) is compared with the screen's on every idle tick.
    private func resizeMissedBySignal() -> TerminalInput? {
        var window = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return nil }
        let actual = Size(width: Int(window.ws_col), height: Int(window.ws_row))
        guard actual != size else { return nil }
        resize_term(Int32(actual.height), Int32(actual.width))
        previous = nil
        return .resize(size)
    }

    private func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case cn_key_resize():
            previous = nil
            return .resize(size)
        case cn_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let x = Int(event.x)
            let y = Int(event.y)
            if event.bstate & cn_wheel_up() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: x, y: y)) }
            if cn_wheel_down() != 0, event.bstate & cn_wheel_down() != 0 { return .mouse(MouseEvent(kind: .wheelDown, x: x, y: y)) }
            if event.bstate & (cn_button1_pressed() | cn_button1_click_only()) != 0 { return .mouse(MouseEvent(kind: .click, x: x, y: y)) }
            return nil
        default:
            for n in 1...12 where code == cn_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    public func setMouseCapture(_ enabled: Bool) {
        let mask: mmask_t = enabled ? (cn_button1_clicked() | cn_wheel_up() | cn_wheel_down()) : 0
        mousemask(mask, nil)
    }

    public func setClipboard(_ bytes: [UInt8]) {
        let sequence = OSC52.sequence(for: bytes)
        fflush(cn_stdout())
        _ = sequence.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
    }

    /// The ncurses attributes and colour pair for `style` under this terminal's colour support.
    private func attributes(for style: Style) -> (attr_t, Int16) {
        var attributes = cn_a_normal()
        if style.bold { attributes |= cn_a_bold() }
        if style.dim { attributes |= cn_a_dim() }
        if style.underline { attributes |= cn_a_underline() }
        var reverse = style.reverse
        var pair: Int16 = 0
        if colors == 0 {
            // Without colour, a coloured background (a selection, a badge) becomes reverse video.
            if style.background != .default { reverse.toggle() }
        } else {
            pair = pairNumber(foreground: colorNumber(style.foreground), background: colorNumber(style.background))
        }
        if reverse { attributes |= cn_a_reverse() }
        return (attributes, pair)
    }

    private func colorNumber(_ color: Color) -> Int16 {
        switch color {
        case .default: return -1
        case .ansi(let n): return Int16(colors >= 16 ? n : n & 7)
        case .palette(let n):
            if colors >= 256 { return Int16(n) }
            guard case .ansi(let m) = color.ansi16 else { return -1 }
            return Int16(colors >= 16 ? m : m & 7)
        }
    }

    private func pairNumber(foreground: Int16, background: Int16) -> Int16 {
        if foreground == -1 && background == -1 { return 0 }
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < cn_color_pairs() else { return 0 }
        init_pair(next, foreground, background)
        pairs[key] = next
        return next
    }
}
