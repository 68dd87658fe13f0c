extension InspectorState {
    mutating func handle(_ mouse: MouseEvent) -> [Effect] {
        directoryFinding = nil
        guard mouseCapture, overlay == nil, input == nil else {
            if case .help = overlay, mouse.kind == .click { overlay = nil }
            return []
        }
        let layout = self.layout
        let panes: [(Pane, Rect)] = [(.segments, layout.segments), (.records, layout.records), (.detail, layout.detail)]
        guard let (pane, rect) = panes.first(where: { $0.1.contains(x: mouse.x, y: mouse.y) }) else { return [] }
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let previous = focus
            focus = pane
            move(mouse.kind == .wheelUp ? -3 : 3)
            if pane != .detail { focus = previous == .detail ? pane : previous }
            focus = pane
        case .click:
            focus = pane
            let line = mouse.y - rect.y - 2  // border and header row
            switch pane {
            case .segments:
                let index = segmentScroll + line
                if line >= 0, snapshot.segments.indices.contains(index), index != selectedSegment {
                    select(segment: index, row: 0)
                    recordScroll = 0
                }
            case .records:
                let index = recordScroll + line
                if line >= 0, index < visibleRowCount { select(segment: selectedSegment, row: row(atListIndex: index)) }
            case .detail:
                if mouse.y == rect.y + 1 { detailTab = tabAt(x: mouse.x - rect.x - 1) ?? detailTab }
            }
        }
        return []
    }

    /// The detail tab whose title is drawn at column `x` of the tab row.
    func tabAt(x: Int) -> DetailTab? {
        var column = 0
        for tab in DetailTab.allCases {
            let width = tab.title.count + 3
            if x >= column && x < column + width { return tab }
            column += width
        }
        return nil
    }
}
