/// A line of text made of styled runs, for content that scrolls (the detail pane, overlays).
public struct StyledLine: Sendable, Equatable {
    public var runs: [(String, Style)]

    public init(_ runs: [(String, Style)] = []) { self.runs = runs }
    public init(_ text: String, _ style: Style = .plain) { runs = [(text, style)] }

    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.runs.map(\.0) == rhs.runs.map(\.0) && lhs.runs.map(\.1) == rhs.runs.map(\.1)
    }

    public mutating func append(_ text: String, _ style: Style = .plain) { runs.append((text, style)) }

    public var text: String { runs.map(\.0).joined() }

    /// `text` broken into lines of at most `width` columns, at spaces where it can, inside words
    /// only when a word is longer than a line.
    static func wrap(_ text: String, width: Int, style: Style = .plain, indent: String = "") -> [StyledLine] {
        let room = width - TextWidth.of(indent)
        guard room > 0 else { return [] }
        var lines: [StyledLine] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                var wordWidth = TextWidth.of(word)
                let gap = current.isEmpty ? 0 : 1
                if used + gap + wordWidth <= room {
                    current += (gap == 1 ? " " : "") + word
                    used += gap + wordWidth
                    continue
                }
                if !current.isEmpty { lines.append(StyledLine(indent + current, style)) }
                current = ""
                used = 0
                while wordWidth > room {
                    var head = ""
                    var headWidth = 0
                    for scalar in word.unicodeScalars {
                        let w = max(1, TextWidth.of(scalar))
                        if headWidth + w > room { break }
                        head.unicodeScalars.append(scalar)
                        headWidth += w
                    }
                    lines.append(StyledLine(indent + head, style))
                    word = String(word.unicodeScalars.dropFirst(head.unicodeScalars.count))
                    wordWidth = TextWidth.of(word)
                }
                current = word
                used = wordWidth
            }
            lines.append(StyledLine(indent + current, style))
        }
        return lines
    }
}
