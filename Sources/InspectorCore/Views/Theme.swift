import LogInspection

/// The inspector's styles, by meaning.
public enum Theme {
    public static let bar = Style(foreground: .white, background: .palette(236))
    public static let barAccent = Style(foreground: .brightCyan, background: .palette(236), bold: true)
    public static let badge = Style(foreground: .black, background: .cyan, bold: true)
    public static let border = Style(foreground: .gray)
    public static let focusedBorder = Style(foreground: .brightCyan, bold: true)
    public static let title = Style(bold: true)
    public static let header = Style(foreground: .gray, underline: true)
    public static let selection = Style(foreground: .black, background: .palette(110))
    public static let selectionUnfocused = Style(background: .palette(238))
    public static let dim = Style(foreground: .gray)
    public static let text = Style.plain
    public static let number = Style(foreground: .palette(180))
    public static let key = Style(foreground: .brightYellow, bold: true)
    /// A search match; underlined so that it shows in a selected row without colour too.
    public static let match = Style(foreground: .black, background: .yellow, underline: true)
    public static let ok = Style(foreground: .green)
    public static let info = Style(foreground: .cyan)
    public static let warning = Style(foreground: .yellow, bold: true)
    public static let error = Style(foreground: .brightRed, bold: true)
    public static let errorBar = Style(foreground: .white, background: .red, bold: true)
    public static let followBadge = Style(foreground: .black, background: .green, bold: true)
    public static let pausedBadge = Style(foreground: .black, background: .yellow, bold: true)
    public static let fresh = Style(foreground: .brightGreen, background: .palette(22))

    // Hex view byte classes, as hexyl colours them.
    public static let byteNull = Style(foreground: .gray)
    public static let bytePrintable = Style(foreground: .cyan)
    public static let byteWhitespace = Style(foreground: .green)
    public static let byteControl = Style(foreground: .magenta)
    public static let byteHigh = Style(foreground: .yellow)
    public static let lengthPrefix = Style(foreground: .black, background: .palette(67))
    public static let damagedByte = Style(foreground: .white, background: .red)
    /// Bytes around a damaged frame, shown so the damage can be seen in place.
    public static let contextByte = Style(foreground: .gray, dim: true)

    public static func severity(_ severity: Finding.Severity?) -> Style {
        switch severity {
        case .error?: return error
        case .warning?: return warning
        case .info?: return info
        case nil: return ok
        }
    }

    public static func mark(_ mark: SegmentSummary.Mark) -> (String, Style) {
        switch mark {
        case .ok: return ("✔", ok)
        case .warning: return ("▲", warning)
        case .error: return ("✖", error)
        case .live: return ("●", info)
        case .unchecked: return ("·", dim)
        }
    }

    /// The style of a byte in the hex view.
    public static func byteClass(_ byte: UInt8) -> Style {
        switch byte {
        case 0: return byteNull
        case 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20: return byteWhitespace
        case 0x21...0x7e: return bytePrintable
        case 0x01...0x1f, 0x7f: return byteControl
        default: return byteHigh
        }
    }
}

extension String {
    /// Pads or cuts to exactly `width` columns (cut text ends in `…`).
    func fitted(_ width: Int, right: Bool = false) -> String {
        guard width > 0 else { return "" }
        let w = TextWidth.of(self)
        if w > width {
            var out = ""
            var used = 0
            for scalar in unicodeScalars {
                let sw = TextWidth.of(scalar)
                if used + sw > width - 1 { break }
                out.unicodeScalars.append(scalar)
                used += sw
            }
            return out + "…" + String(repeating: " ", count: max(0, width - 1 - used))
        }
        let pad = String(repeating: " ", count: width - w)
        return right ? pad + self : self + pad
    }
}
