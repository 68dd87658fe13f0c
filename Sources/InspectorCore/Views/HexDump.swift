/// hexyl-style lines: a position column, bytes in two groups of eight coloured by class, and an ASCII
/// gutter. The first `prefixLength` bytes (a frame's length prefix) and the `marked` ranges get
/// styles of their own.
enum HexDump {
    static func lines(
        _ bytes: [UInt8], start: UInt64, width: Int, prefixLength: Int = 0, marked: [Range<Int>] = []
    ) -> [StyledLine] {
        let perLine = width >= 78 ? 16 : 8
        var lines: [StyledLine] = []
        var index = 0
        let digits = max(6, String(start + UInt64(bytes.count), radix: 16).count)
        while index < bytes.count {
            var line = StyledLine()
            let position = String(start + UInt64(index), radix: 16)
            line.append(String(repeating: "0", count: max(0, digits - position.count)) + position + " │ ", Theme.dim)
            var gutter = StyledLine()
            for column in 0..<perLine {
                if column == 8 { line.append(" ", .plain) }
                let i = index + column
                guard i < bytes.count else {
                    line.append("   ", .plain)
                    continue
                }
                let byte = bytes[i]
                let style = style(for: i, byte: byte, prefixLength: prefixLength, marked: marked)
                let hex = String(byte, radix: 16)
                line.append((byte < 16 ? "0" : "") + hex, style)
                line.append(" ", .plain)
                gutter.append(character(byte), style)
            }
            line.append("│ ", Theme.dim)
            line.runs += gutter.runs
            lines.append(line)
            index += perLine
        }
        return lines
    }

    static func style(for i: Int, byte: UInt8, prefixLength: Int, marked: [Range<Int>]) -> Style {
        if marked.contains(where: { $0.contains(i) }) { return Theme.damagedByte }
        if i < prefixLength { return Theme.lengthPrefix }
        return Theme.byteClass(byte)
    }

    static func character(_ byte: UInt8) -> String {
        switch byte {
        case 0: return "⋄"
        case 0x20: return " "
        case 0x21...0x7e: return String(UnicodeScalar(byte))
        case 0x09, 0x0a, 0x0b, 0x0c, 0x0d: return "_"
        case 0x01...0x1f, 0x7f: return "•"
        default: return "×"
        }
    }
}
