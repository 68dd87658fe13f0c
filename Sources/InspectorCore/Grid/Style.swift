/// A colour as the UI means it; the terminal backend maps it to what the terminal can show.
public enum Color: Sendable, Equatable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 16 ANSI colours (0–15).
    case ansi(UInt8)
    /// One of the 256 palette colours.
    case palette(UInt8)

    public static let black = Color.ansi(0)
    public static let red = Color.ansi(1)
    public static let green = Color.ansi(2)
    public static let yellow = Color.ansi(3)
    public static let blue = Color.ansi(4)
    public static let magenta = Color.ansi(5)
    public static let cyan = Color.ansi(6)
    public static let white = Color.ansi(7)
    public static let gray = Color.ansi(8)
    public static let brightRed = Color.ansi(9)
    public static let brightGreen = Color.ansi(10)
    public static let brightYellow = Color.ansi(11)
    public static let brightBlue = Color.ansi(12)
    public static let brightCyan = Color.ansi(14)

    /// The nearest of the 16 ANSI colours (for 16-colour terminals).
    public var ansi16: Color {
        switch self {
        case .default, .ansi: return self
        case .palette(let n):
            if n < 16 { return .ansi(n) }
            if n >= 232 { return n < 244 ? .gray : .white }
            let i = Int(n) - 16
            let (r, g, b) = (i / 36, i / 6 % 6, i % 6)
            let bright = max(r, g, b) >= 4
            let code = (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
            return .ansi(UInt8(code + (bright && code != 0 ? 8 : 0)))
        }
    }
}

/// How a cell looks.
public struct Style: Sendable, Equatable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: Color = .default, background: Color = .default, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()

    public func with(foreground: Color) -> Style {
        var s = self
        s.foreground = foreground
        return s
    }

    public func with(background: Color) -> Style {
        var s = self
        s.background = background
        return s
    }

    public var bolded: Style {
        var s = self
        s.bold = true
        return s
    }

    public var reversed: Style {
        var s = self
        s.reverse = true
        return s
    }

    public var dimmed: Style {
        var s = self
        s.dim = true
        return s
    }

    /// The style with colours removed (`NO_COLOR`, `--color never`): attributes stay.
    public var monochrome: Style {
        var s = self
        s.foreground = .default
        s.background = .default
        return s
    }
}
