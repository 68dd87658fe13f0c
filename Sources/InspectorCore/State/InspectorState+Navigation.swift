extension InspectorState {
    /// Selects `row` of segment number `segment`, clearing what belonged to the old selection.
    mutating func select(segment: Int, row: Int) {
        guard snapshot.segments.indices.contains(segment) else { return }
        if segment != selectedSegment {
            selectedSegment = segment
            rows = [:]
            if filter?.segment != segment { filter = nil }
        }
        let total = snapshot.segments[segment].totalRows
        let clamped = total == 0 ? 0 : min(max(0, row), total - 1)
        if clamped != selectedRow || detail?.segment != segment {
            detailScroll = 0
            detailColumn = 0
        }
        selectedRow = clamped
        keepSelectionVisible()
    }

    /// Moves the selection of the focused pane by `delta` rows (or scrolls the detail pane).
    mutating func move(_ delta: Int) {
        switch focus {
        case .segments:
            select(segment: min(max(0, selectedSegment + delta), max(0, snapshot.segments.count - 1)), row: 0)
            if delta != 0 {
                selectedRow = 0
                recordScroll = 0
            }
        case .records:
            let count = visibleRowCount
            guard count > 0 else { return }
            let index = min(max(0, selectedListIndex + delta), count - 1)
            select(segment: selectedSegment, row: row(atListIndex: index))
        case .detail:
            detailScroll = min(max(0, detailScroll + delta), detailExtent.lines)
        }
    }

    /// Moves to the first (`top`) or last row of the focused pane.
    mutating func moveToEnd(top: Bool) {
        switch focus {
        case .segments:
            select(segment: top ? 0 : max(0, snapshot.segments.count - 1), row: 0)
        case .records:
            let count = visibleRowCount
            guard count > 0 else { return }
            select(segment: selectedSegment, row: row(atListIndex: top ? 0 : count - 1))
        case .detail:
            detailScroll = top ? 0 : detailExtent.lines
        }
    }

    /// `←` / `→`: scrolls the records pane's values or the detail pane sideways by half their width, no
    /// further than the longest line shown needs.
    mutating func scrollSideways(_ direction: Int) {
        switch focus {
        case .segments:
            message = StatusMessage(text: "← → scroll long lines in the Records and Detail panes; Tab, h and l change pane", isError: false)
        case .records:
            let width = RecordsView.Columns(width: layout.records.width - 2).valueWidth
            let shown = (recordScroll..<min(visibleRowCount, recordScroll + layout.recordRows)).compactMap { rows[row(atListIndex: $0)] }
            let longest = shown.map { TextWidth.of($0.preview(preview)) }.max() ?? 0
            recordsColumn = min(max(0, recordsColumn + direction * max(4, width / 2)), max(0, longest - width))
        case .detail:
            if detailWrap {
                message = StatusMessage(text: "the detail pane wraps long lines: w cuts them so that ← → scroll", isError: false)
                return
            }
            let width = DetailView.contentWidth(layout.detail)
            detailColumn = min(max(0, detailColumn + direction * max(4, width / 2)), detailExtent.columns)
        }
    }

    /// How far the detail pane can scroll: lines below and columns right of what it shows.
    var detailExtent: (lines: Int, columns: Int) {
        let width = DetailView.contentWidth(layout.detail)
        let lines = DetailView.contentLines(self, width: width)
        let longest = lines.map { TextWidth.of($0.text) }.max() ?? 0
        return (max(0, lines.count - max(1, layout.detailRows)), max(0, longest - width))
    }

    /// The page size of the focused pane.
    var pageRows: Int {
        switch focus {
        case .segments: return max(1, layout.segmentRows)
        case .records: return max(1, layout.recordRows)
        case .detail: return max(1, layout.detailRows)
        }
    }

    /// Goes to the record at `offset`, across segments, or says why it cannot.
    mutating func jump(to offset: UInt64) {
        guard let s = snapshot.segmentIndex(containing: offset) else {
            let first = snapshot.segments.first.map { "; the first segment starts at \($0.baseOffset)" } ?? ""
            say("offset \(offset) is not in the log\(first)", error: true)
            return
        }
        let summary = snapshot.segments[s]
        let row = offset - summary.baseOffset
        guard row < UInt64(summary.rowCount) else {
            let held = summary.rowCount == 0 ? "no records" : (summary.baseOffset...summary.baseOffset + UInt64(summary.rowCount) - 1).rangeText
            say("offset \(offset) is not in the log (segment \(summary.baseOffset) holds \(held))", error: true)
            return
        }
        if filter != nil, filter?.rows?.contains(Int(row)) != true { filter = nil }
        pauseFollowIfMovingAway()
        select(segment: s, row: Int(row))
        focus = .records
    }

    /// Keeps the selected segment and row inside their panes' windows.
    mutating func keepSelectionVisible() {
        let segmentRows = max(1, layout.segmentRows)
        if selectedSegment < segmentScroll { segmentScroll = selectedSegment }
        if selectedSegment >= segmentScroll + segmentRows { segmentScroll = selectedSegment - segmentRows + 1 }
        segmentScroll = max(0, min(segmentScroll, max(0, snapshot.segments.count - segmentRows)))
        let recordRows = max(1, layout.recordRows)
        let index = selectedListIndex
        if index < recordScroll { recordScroll = index }
        if index >= recordScroll + recordRows { recordScroll = index - recordRows + 1 }
        recordScroll = max(0, min(recordScroll, max(0, visibleRowCount - recordRows)))
    }

    /// The next (or previous) anomaly in the order of ``DirectorySnapshot/anomalyTargets`` (most severe
    /// first): from the one `e` last went to while it is still selected, else from the start (or the end).
    mutating func stepAnomaly(forward: Bool) {
        let targets = snapshot.anomalyTargets
        guard !targets.isEmpty else {
            say(snapshot.fullCheck ? "no anomalies" : "no anomalies found yet (the full check is running)")
            return
        }
        var index = forward ? 0 : targets.count - 1
        if let cursor = anomalyCursor, targets.indices.contains(cursor),
            targets[cursor].isDirectory || (targets[cursor].segment == selectedSegment && targets[cursor].row == selectedRow)
        {
            index = (cursor + (forward ? 1 : targets.count - 1)) % targets.count
        }
        go(to: targets[index], position: index)
    }

    /// Selects the anomaly's row and shows its checks; a finding about the directory itself (a stray
    /// file) moves no selection: the segments pane lists it under the segments, and the banner and the
    /// bottom bar say it.
    mutating func go(to target: AnomalyTarget, position: Int? = nil) {
        if target.isDirectory {
            focus = .segments
            directoryFinding = target.finding
        } else {
            pauseFollowIfMovingAway()
            filter = nil
            select(segment: target.segment, row: target.row)
            focus = .records
            detailTab = .checks
        }
        let finding = snapshot.shownFinding(target.finding)
        let targets = snapshot.anomalyTargets
        let index = position ?? targets.firstIndex(of: target) ?? 0
        anomalyCursor = index
        say("[\(index + 1)/\(targets.count)] \(finding.id.rawValue): \(finding.summary)", error: finding.severity == .error, until: .selection)
    }
}
