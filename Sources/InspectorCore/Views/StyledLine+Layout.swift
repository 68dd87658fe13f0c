extension StyledLine {
    /// Draws the line at (x, y) from its column `skip` on, clipped at `limit`. Text cut at either
    /// edge shows `…` there, so a cut line never looks whole.
    func draw(x: Int, y: Int, limit: Int, skip: Int = 0, into buffer: inout Buffer) {
        guard limit > x else { return }
        let skip = max(0, skip)
        let total = TextWidth.of(text)
        var column = 0  // in the line's text
        for (text, style) in runs {
            for scalar in text.unicodeScalars {
                let width = TextWidth.of(scalar)
                defer { column += width }
                guard width > 0, column + width > skip else { continue }
                let screen = x + column - skip
                if column < skip {  // a wide character cut by the left edge
                    buffer.draw(" ", x: x, y: y, style: style)
                    continue
                }
                if screen + width > limit {
                    buffer.draw(" ", x: screen, y: y, style: style, limit: limit)
                    break
                }
                buffer.draw(String(scalar), x: screen, y: y, style: style)
            }
        }
        // The mark takes the style of the cell it replaces (a selected row stays one bar).
        func mark(at column: Int) {
            guard y >= 0, y < buffer.size.height, column >= 0, column < buffer.size.width else { return }
            let style = buffer[column, y].style
            // Never leave half of a wide character beside the mark.
            if buffer[column, y].character == nil, column > 0 { buffer[column - 1, y] = Cell(" ", style: style) }
            if column + 1 < buffer.size.width, buffer[column + 1, y].character == nil { buffer[column + 1, y] = Cell(" ", style: style) }
            buffer[column, y] = Cell("…", style: style)
        }
        if skip > 0, total > 0 { mark(at: x) }
        if total - skip > limit - x { mark(at: limit - 1) }
    }

    /// The line with every occurrence of `pattern` in `style` (matches found in its UTF-8 text).
    func highlighting(_ pattern: SearchPattern?, _ style: Style = Theme.match) -> StyledLine {
        guard let pattern else { return self }
        let ranges = pattern.occurrences(in: Array(text.utf8))
        guard !ranges.isEmpty else { return self }
        var result = StyledLine()
        var offset = 0  // UTF-8 offset of the scalar at hand
        var next = 0  // the first range not wholly before it
        for (text, runStyle) in runs {
            var piece = ""
            var pieceStyle = runStyle
            for scalar in text.unicodeScalars {
                while next < ranges.count && ranges[next].upperBound <= offset { next += 1 }
                let scalarStyle = next < ranges.count && ranges[next].contains(offset) ? style : runStyle
                if scalarStyle != pieceStyle, !piece.isEmpty {
                    result.append(piece, pieceStyle)
                    piece = ""
                }
                pieceStyle = scalarStyle
                piece.unicodeScalars.append(scalar)
                offset += UTF8.width(scalar)
            }
            if !piece.isEmpty { result.append(piece, pieceStyle) }
        }
        return result
    }

    /// The line cut into lines of at most `width` columns (styles kept), for the detail pane's wrap.
    func chopped(width: Int) -> [StyledLine] {
        guard width > 0, TextWidth.of(text) > width else { return [self] }
        var lines: [StyledLine] = []
        var current = StyledLine()
        var used = 0
        for (text, style) in runs {
            var piece = ""
            for scalar in text.unicodeScalars {
                let w = TextWidth.of(scalar)
                if used + w > width {
                    if !piece.isEmpty { current.append(piece, style) }
                    lines.append(current)
                    current = StyledLine()
                    piece = ""
                    used = 0
                }
                piece.unicodeScalars.append(scalar)
                used += w
            }
            if !piece.isEmpty { current.append(piece, style) }
        }
        if !current.runs.isEmpty { lines.append(current) }
        return lines
    }
}
