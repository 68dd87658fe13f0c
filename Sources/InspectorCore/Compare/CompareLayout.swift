/// Where the compare view's panes go: the rows beside the detail when the terminal is wide, above it
/// otherwise, and a message below ``Layout/minimum``.
public struct CompareLayout: Sendable, Equatable {
    /// Whether the terminal is too small to draw in.
    public var tooSmall: Bool
    /// The top bar's row.
    public var topBar: Rect
    /// The bottom bar's row.
    public var bottomBar: Rect
    /// The rows pane.
    public var rows: Rect
    /// The detail pane.
    public var detail: Rect

    /// The layout for a terminal of `size`.
    public init(size: Size) {
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        tooSmall = size.width < Layout.minimum.width || size.height < Layout.minimum.height
        guard !tooSmall else {
            let none = Rect(x: 0, y: 0, width: 0, height: 0)
            (topBar, bottomBar, rows, detail) = (none, none, none, full)
            return
        }
        let (top, rest) = full.splitTop(1)
        let (body, bottom) = rest.splitTop(rest.height - 1)
        topBar = top
        bottomBar = bottom
        if size.width >= 140 {
            (rows, detail) = body.splitLeft(body.width - Layout.detailWidth(body.width))
        } else {
            (rows, detail) = body.splitTop(body.height * 9 / 20)
        }
    }

    /// Rows of records the rows pane shows (under its border and header).
    public var rowCount: Int { max(0, rows.height - 3) }
    /// Lines the detail pane shows.
    public var detailRows: Int { max(0, detail.height - 2) }
}
