/// One terminal cell: a character and its style. A wide character's second column holds a
/// continuation cell (`character == nil`).
public struct Cell: Sendable, Equatable, Hashable {
    public var character: Unicode.Scalar?
    public var style: Style

    public init(_ character: Unicode.Scalar? = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    public static let blank = Cell()
}

/// An in-memory grid of cells that views draw into; the terminal backend draws the cells that changed
/// since the last frame. `lines` turns it into plain text for snapshot tests and `--snapshot`.
public struct Buffer: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = [Cell](repeating: .blank, count: max(0, size.width * size.height))
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Fills `rect` with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let clipped = clip(rect)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y] = cell }
        }
    }

    /// Sets the style of every cell in `rect`, keeping characters.
    public mutating func style(_ rect: Rect, _ transform: (Style) -> Style) {
        let clipped = clip(rect)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y].style = transform(self[x, y].style) }
        }
    }

    /// Draws `text` at (x, y), never past `limit` (default: the right edge); control characters become
    /// `·`, and a wide character that does not fit is replaced by a space. Returns the column after it.
    @discardableResult
    public mutating func draw(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let end = min(limit ?? size.width, size.width)
        var column = x
        for var scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) { scalar = "·" }
            let width = TextWidth.of(scalar)
            if width == 0 { continue }
            if column + width > end {
                if column < end { self[column, y] = Cell(" ", style: style) }
                return end
            }
            if column >= 0 {
                self[column, y] = Cell(scalar, style: style)
                if width == 2 { self[column + 1, y] = Cell(nil, style: style) }
            }
            column += width
        }
        return column
    }

    /// Draws `text` inside `rect` on its row `row`, clipped to the rect and padded with `style` to its width.
    public mutating func drawLine(_ text: String, in rect: Rect, row: Int, style: Style = .plain, pad: Bool = true) {
        guard row >= 0, row < rect.height else { return }
        if pad { fill(Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1), with: Cell(" ", style: style)) }
        draw(text, x: rect.x, y: rect.y + row, style: style, limit: rect.maxX)
    }

    /// The text of each row, trailing spaces removed.
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width {
                if let c = self[x, y].character { line.unicodeScalars.append(c) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The cells that differ from `previous` (all of them when sizes differ), row by row.
    public func changes(since previous: Buffer?) -> [(x: Int, y: Int, cell: Cell)] {
        var result: [(Int, Int, Cell)] = []
        let full = previous?.size != size
        for y in 0..<size.height {
            for x in 0..<size.width {
                let cell = self[x, y]
                if full || previous![x, y] != cell { result.append((x, y, cell)) }
            }
        }
        return result
    }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x)
        let y0 = max(0, rect.y)
        let x1 = min(size.width, rect.maxX)
        let y1 = min(size.height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
