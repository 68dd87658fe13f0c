/// A key press, independent of the terminal library.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case enter
    case escape
    case tab
    case backTab
    case backspace
    case up
    case down
    case left
    case right
    case pageUp
    case pageDown
    case home
    case end
    case function(Int)
    /// Ctrl plus a letter (`ctrl("d")` is Ctrl-D).
    case control(Character)
}

/// A mouse action at a cell.
public struct MouseEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case click
        case wheelUp
        case wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Parses the key notation of `--keys` and the tests: plain characters stand for themselves, and
/// `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<BS>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<PgUp>`,
/// `<PgDn>`, `<Home>`, `<End>`, `<F1>`…`<F12>`, `<C-d>` name the others; `<lt>` is `<`.
public enum KeyNotation {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown key <\(name)>; use <Enter>, <Esc>, <Tab>, <S-Tab>, <BS>, <Up>, <Down>, <Left>, <Right>, <PgUp>, <PgDn>, <Home>, <End>, <F1>…<F12>, <C-x> or <lt>"
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> [Key] {
        var keys: [Key] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">"), close > rest.startIndex {
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                keys.append(try named(name))
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(first == "\n" ? .enter : .character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    private static func named(_ name: String) throws(ParseError) -> Key {
        switch name.lowercased() {
        case "enter", "cr", "return": return .enter
        case "esc", "escape": return .escape
        case "tab": return .tab
        case "s-tab", "backtab": return .backTab
        case "bs", "backspace": return .backspace
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "home": return .home
        case "end": return .end
        case "lt": return .character("<")
        case "space": return .character(" ")
        default:
            let lower = name.lowercased()
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
            if lower.hasPrefix("c-"), lower.count == 3, let c = lower.last, c.isLetter { return .control(c) }
            throw ParseError(name: name)
        }
    }
}
