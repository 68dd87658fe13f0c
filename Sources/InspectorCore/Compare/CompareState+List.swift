import LogCore

extension CompareState {
    /// How many offsets the rows pane lists: every offset of the span, or with a filter (`&`) the
    /// offsets it matched so far.
    public var listCount: UInt64 {
        if let filter { return filter.kept }
        return span?.offsetCount ?? 0
    }

    /// The offset the rows pane lists at position `index` (0 for the first).
    public func listedOffset(at index: UInt64) -> UInt64? {
        if let filter { return filter.match(at: index) }
        guard let span, index < span.offsetCount else { return nil }
        return span.lowerBound + index
    }

    /// The position of the first listed offset at or after `offset` (``listCount`` when none is).
    public func listIndex(of offset: UInt64) -> UInt64 {
        if let filter { return filter.matches(below: offset) }
        guard let span else { return 0 }
        return offset <= span.lowerBound ? 0 : min(offset - span.lowerBound, span.offsetCount)
    }

    /// The offsets on the rows pane's lines, top to bottom.
    public var visibleOffsets: [UInt64] {
        let top = listIndex(of: scroll)
        return (0..<UInt64(max(0, layout.rowCount))).compactMap { listedOffset(at: top.saturatingAdd($0)) }
    }

    /// `&text` Enter: only the offsets where some directory's record matches are listed, as a scan
    /// finds them; `&` Enter with nothing typed lists every offset again.
    mutating func startFilter(_ text: String) {
        guard !text.isEmpty else {
            filter = nil
            message = StatusMessage(text: "filter cleared", isError: false)
            select(selected)
            return
        }
        guard let pattern = pattern(text, for: "filter") else { return }
        filter = reading(pattern)
    }

    /// Reads the filter again from the first offset (the logs changed other than by appends).
    mutating func restartFilter() {
        filter = filter.map { reading($0.pattern) }
    }

    /// `text` as a pattern, or `nil` with the message saying why it is not one.
    mutating func pattern(_ text: String, for what: String) -> SearchPattern? {
        guard let pattern = SearchPattern(text) else {
            message = StatusMessage(text: "not a \(what): \(text) (text, or x: and hex digits)", isError: true)
            return nil
        }
        message = nil
        return pattern
    }

    /// A new reading of `pattern` (a search's or a filter's) from the first offset, numbered anew.
    mutating func reading(_ pattern: SearchPattern) -> CompareSearch {
        searchSerial += 1
        return CompareSearch(pattern: pattern, id: searchSerial, from: span?.lowerBound ?? 0)
    }
}
