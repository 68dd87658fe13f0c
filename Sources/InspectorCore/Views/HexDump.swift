/// hexyl's layout: an offset column, 16 bytes a row in two groups of eight (8 when the pane is
/// narrower) coloured by class, and the characters in two groups beside them. Rows repeating the row
/// above are squeezed into one `*` row, as `hexdump` and hexyl do. Offsets are decimal (as everything
/// else on screen) or hex.
enum HexDump {
    /// Bytes that get a style of their own, as ranges of the dumped bytes.
    struct Marks {
        /// A frame's length prefix.
        var prefix: Range<Int> = 0..<0
        /// Damaged bytes.
        var damaged: [Range<Int>] = []
        /// The search's matches.
        var matches: [Range<Int>] = []
        /// Bytes around a damaged frame, shown for context.
        var context: [Range<Int>] = []
        /// Bytes that differ from another replica's frame (the compare view).
        var differing: [Range<Int>] = []
    }

    /// The columns a dump of 16 bytes a row takes beyond its offset column.
    static let wideRowExtra = 72

    /// The bytes a row holds in a pane `width` columns wide, for offsets up to `end`.
    static func bytesPerRow(width: Int, end: UInt64, hexOffsets: Bool) -> Int {
        width >= offsetDigits(end: end, hexOffsets: hexOffsets) + wideRowExtra ? 16 : 8
    }

    static func lines(_ bytes: [UInt8], start: UInt64, width: Int, hexOffsets: Bool, marks: Marks = Marks()) -> [StyledLine] {
        let end = start.saturatingAdd(UInt64(bytes.count))
        let digits = offsetDigits(end: end, hexOffsets: hexOffsets)
        let perRow = bytesPerRow(width: width, end: end, hexOffsets: hexOffsets)
        var lines: [StyledLine] = []
        var previous: StyledLine?
        var squeezing = false
        var index = 0
        while index < bytes.count {
            let body = row(bytes, from: index, perRow: perRow, marks: marks)
            let full = index + perRow <= bytes.count
            if full, body == previous {
                if !squeezing { lines.append(StyledLine("*".fitted(digits) + " │", Theme.dim)) }
                squeezing = true
            } else {
                var line = StyledLine(offset(start.saturatingAdd(UInt64(index)), digits: digits, hexOffsets: hexOffsets) + " │ ", Theme.dim)
                line.runs += body.runs
                lines.append(line)
                squeezing = false
            }
            previous = full ? body : nil
            index += perRow
        }
        // A squeezed run at the end: say where the bytes end, as hexdump does.
        if squeezing { lines.append(StyledLine(offset(end, digits: digits, hexOffsets: hexOffsets), Theme.dim)) }
        return lines
    }

    /// The bytes and characters of the row starting at `index`.
    private static func row(_ bytes: [UInt8], from index: Int, perRow: Int, marks: Marks) -> StyledLine {
        var line = StyledLine()
        var characters = StyledLine()
        for column in 0..<perRow {
            if column == 8 {
                line.append("┊ ", Theme.dim)
                characters.append("┊", Theme.dim)
            }
            let i = index + column
            guard i < bytes.count else {
                line.append("   ", .plain)
                characters.append(" ", .plain)
                continue
            }
            let byte = bytes[i]
            let style = style(for: i, byte: byte, marks: marks)
            line.append((byte < 16 ? "0" : "") + String(byte, radix: 16), style)
            line.append(" ", .plain)
            characters.append(character(byte), style)
        }
        line.append("│", Theme.dim)
        line.runs += characters.runs
        line.append("│", Theme.dim)
        return line
    }

    static func offset(_ value: UInt64, digits: Int, hexOffsets: Bool) -> String {
        guard hexOffsets else { return String(value).fitted(digits, right: true) }
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static func offsetDigits(end: UInt64, hexOffsets: Bool) -> Int {
        max(6, String(end, radix: hexOffsets ? 16 : 10).count)
    }

    static func style(for i: Int, byte: UInt8, marks: Marks) -> Style {
        if marks.matches.contains(where: { $0.contains(i) }) { return Theme.match }
        if marks.damaged.contains(where: { $0.contains(i) }) { return Theme.damagedByte }
        if marks.context.contains(where: { $0.contains(i) }) { return Theme.contextByte }
        if marks.differing.contains(where: { $0.contains(i) }) { return Theme.differingByte }
        if marks.prefix.contains(i) { return Theme.lengthPrefix }
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
