/// Where each pane goes for a terminal size: three columns when wide, the segments above records and
/// detail when medium, everything stacked when narrow, and a message below the minimum.
public struct Layout: Sendable, Equatable {
    public static let minimum = Size(width: 60, height: 14)

    public enum Arrangement: Sendable, Equatable {
        case columns, split, stacked, tooSmall
    }

    public var arrangement: Arrangement
    public var topBar: Rect
    /// The line under the top bar that names the most severe finding (no rows when there is none).
    public var findingsBar: Rect
    public var bottomBar: Rect
    public var segments: Rect
    public var records: Rect
    public var detail: Rect

    /// - Parameters:
    ///   - size: the terminal's size.
    ///   - segmentCount: how many segments the segments pane lists (it takes no more rows than that
    ///     when it sits above the others).
    ///   - findingsLine: give the most severe finding a line under the top bar.
    public init(size: Size, segmentCount: Int = 100, findingsLine: Bool = false) {
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        guard size.width >= Self.minimum.width, size.height >= Self.minimum.height else {
            arrangement = .tooSmall
            topBar = Rect(x: 0, y: 0, width: 0, height: 0)
            findingsBar = topBar
            bottomBar = topBar
            segments = topBar
            records = topBar
            detail = full
            return
        }
        let (top, below) = full.splitTop(1)
        let (findings, rest) = below.splitTop(findingsLine ? 1 : 0)
        let (body, bottom) = rest.splitTop(rest.height - 1)
        topBar = top
        findingsBar = findings
        bottomBar = bottom
        if size.width >= 180 {
            arrangement = .columns
            let (left, right) = body.splitLeft(62)
            let (middle, detailRect) = right.splitLeft(right.width - Self.detailWidth(right.width))
            segments = left
            records = middle
            detail = detailRect
        } else if size.width >= 100 {
            arrangement = .split
            let (upper, lower) = body.splitTop(min(segmentCount + 3, min(12, max(6, body.height / 4))))
            let (left, right) = lower.splitLeft(lower.width - Self.detailWidth(lower.width))
            segments = upper
            records = left
            detail = right
        } else {
            arrangement = .stacked
            let (upper, lower) = body.splitTop(min(segmentCount + 3, max(5, body.height / 5)))
            let (middle, bottomRect) = lower.splitTop(lower.height * 11 / 20)
            segments = upper
            records = middle
            detail = bottomRect
        }
    }

    /// The detail pane's share of `width` columns beside the records: up to 72 columns (half at most),
    /// and up to 84, where a hex dump has 16 bytes a row, once the records keep 88.
    static func detailWidth(_ width: Int) -> Int {
        min(84, max(min(72, width / 2), width - 88))
    }

    /// The records pane has a header row under its border.
    public var recordRows: Int { max(0, records.height - 3) }
    public var segmentRows: Int { max(0, segments.height - 3) }
    public var detailRows: Int { max(0, detail.height - 3) }
}
