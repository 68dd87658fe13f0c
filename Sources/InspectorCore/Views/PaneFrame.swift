import LogCore

/// Draws a pane's border with a title; returns the inner rectangle.
enum PaneFrame {
    @discardableResult
    static func draw(_ rect: Rect, title: String, focused: Bool, into buffer: inout Buffer, right: String = "") -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let style = focused ? Theme.focusedBorder : Theme.border
        buffer.fill(rect)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        buffer.draw("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        buffer.draw("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.draw("│", x: rect.x, y: y, style: style)
            buffer.draw("│", x: rect.maxX - 1, y: y, style: style)
        }
        let label = " \(title) "
        buffer.draw(label, x: rect.x + 2, y: rect.y, style: focused ? Theme.focusedBorder : Theme.title, limit: rect.maxX - 2)
        if !right.isEmpty {
            let text = " \(right) "
            let x = rect.maxX - 2 - TextWidth.of(text)
            if x > rect.x + 2 + TextWidth.of(label) { buffer.draw(text, x: x, y: rect.y, style: Theme.dim) }
        }
        return rect.inset(1)
    }

    /// `first...last/total` at the bottom right of `rect`'s border when `total` lines do not fit in
    /// `rows`, as the detail pane says how far it has scrolled.
    static func scrollFigure(first: Int, rows: Int, of total: Int, on rect: Rect, into buffer: inout Buffer) {
        scrollFigure(first: UInt64(max(0, first)), rows: UInt64(max(0, rows)), of: UInt64(max(0, total)), on: rect, into: &buffer)
    }

    /// The same for lists counted in offsets (the compare view's, up to 2^64 of them).
    static func scrollFigure(first: UInt64, rows: UInt64, of total: UInt64, on rect: Rect, into buffer: inout Buffer) {
        guard total > rows else { return }
        let text = " " + RangeNotation.closed("\(first + 1)", "\(min(total, first.saturatingAdd(rows)))") + "/\(total) "
        buffer.draw(text, x: rect.maxX - 2 - TextWidth.of(text), y: rect.maxY - 1, style: Theme.dim)
    }
}
