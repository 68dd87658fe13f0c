import LogCore

/// Applies `event` to `state` and returns the side effects to perform. Pure: no I/O. A message whose
/// lifetime ended with the event is dropped.
public func reduce(_ state: inout InspectorState, _ event: Event) -> [Effect] {
    let effects = apply(event, to: &state)
    state.expireMessage()
    return effects
}

private func apply(_ event: Event, to state: inout InspectorState) -> [Effect] {
    switch event {
    case .key(let key):
        return state.handle(key)
    case .mouse(let mouse):
        return state.handle(mouse)
    case .resize(let size):
        state.size = size
        state.keepSelectionVisible()
        return []
    case .rowsLoaded(let segment, let rows):
        guard segment == state.selectedSegment else { return [] }
        state.rows.merge(rows) { _, new in new }
        state.pruneRows()
        return []
    case .detailLoaded(let detail):
        if detail.segment == state.selectedSegment, detail.row == state.selectedRow { state.detail = detail }
        return []
    case .snapshotLoaded(let snapshot):
        state.replace(snapshot, keepingUnchangedRows: true)
        return []
    case .rescanned(let snapshot):
        // The new snapshot comes first: it says whether a full check must run again.
        state.replace(snapshot)
        return [.restartCheck]
    case .checkStarted:
        state.checking = true
        state.checkFigure = nil
        return []
    case .checkProgressed(let figure):
        if state.checking { state.checkFigure = figure }
        return []
    case .segmentsChecked(let checked):
        state.snapshot.fillIn(checked)
        return []
    case .checkEnded:
        state.checking = false
        state.checkFigure = nil
        if state.message?.lifetime == .checking {
            let errors = state.snapshot.count(.error)
            let warnings = state.snapshot.count(.warning)
            state.say(
                errors + warnings == 0
                    ? "check done: no anomalies" : "check done: \(Plural.count(errors, "error")), \(Plural.count(warnings, "warning"))")
        }
        return []
    case .tick(let time):
        state.tick(time)
        return []
    case .searchProgress(let progress):
        state.apply(progress)
        return []
    case .positionLocated(let segment, let position, let row):
        if let row {
            state.select(segment: segment, row: row)
            state.focus = .records
            state.say("byte \(position) of \(state.segment?.storeName ?? "") is in this frame", until: .selection)
        } else {
            state.message = StatusMessage(text: "no frame holds byte \(position) of this segment's store", isError: true)
        }
        return []
    case .filterBuilt(let segment, let pattern, let rows):
        guard state.filter?.segment == segment, state.filter?.pattern == pattern else { return [] }
        state.filter?.rows = rows
        if let first = rows.first, !rows.contains(state.selectedRow) { state.select(segment: segment, row: first) }
        state.recordScroll = 0
        state.keepSelectionVisible()
        state.message = StatusMessage(
            text: "&\(pattern): \(Plural.count(rows.count, "row")) of segment \(state.segment?.baseOffset ?? 0)", isError: rows.isEmpty)
        return []
    case .clipboardRead(let bytes, let description):
        state.message = StatusMessage(text: description, isError: false)
        return [.setClipboard(bytes)]
    case .failed(let text):
        state.message = StatusMessage(text: text, isError: true)
        return []
    case .liveUpdated(let update):
        state.applyLive(update)
        return []
    case .tintExpired:
        state.live.tintFrom = nil
        return []
    }
}

extension InspectorState {
    /// What must be loaded before the next frame can be drawn completely.
    public var dataNeeds: [DataNeed] {
        guard let segment else { return [] }
        var needs: [DataNeed] = []
        let first = recordScroll
        let last = min(visibleRowCount, recordScroll + max(1, layout.recordRows))
        let missing = (first..<max(first, last)).map(row(atListIndex:)).filter { $0 < segment.rowCount && rows[$0] == nil }
        if let low = missing.min(), let high = missing.max() { needs.append(.rows(segment: selectedSegment, low..<(high + 1))) }
        if selectedRow < segment.totalRows, detail?.segment != selectedSegment || detail?.row != selectedRow {
            needs.append(.detail(segment: selectedSegment, row: selectedRow))
        }
        return needs
    }

    /// Keeps at most a few screens of rows around the window.
    mutating func pruneRows() {
        guard rows.count > 2000 else { return }
        let center = row(atListIndex: recordScroll)
        rows = rows.filter { abs($0.key - center) < 500 }
    }

    /// Applies a writer's appends (``TailPatch``): rows and the detail of earlier segments stay
    /// loaded, and so do the rows of records of the segment that was the newest that were readable
    /// before (an append changes none of them); the selection and scroll stay.
    mutating func applyTail(_ patch: TailPatch) {
        guard let newest = snapshot.segments.indices.last else { return }
        let readable = snapshot.segments[newest].readableRows
        guard snapshot.apply(patch) else { return }
        if selectedSegment == newest {
            rows = rows.filter { $0.key < readable }
            if let detail, detail.row >= readable { self.detail = nil }
        }
        forgetStaleSearchRows()
        keepSelectionVisible()
    }

    /// Takes a new snapshot, keeping the selected offset (or segment and row) where it still exists.
    ///
    /// - Parameter keepingUnchangedRows: keep the loaded rows when the selected segment stays where
    ///   it was with the same summary (the full check's report confirming what the quick check
    ///   showed), and the detail too when the findings are the same: the panes do not flash back to
    ///   "loading" for nothing. `r` reads everything again and keeps nothing.
    mutating func replace(_ new: DirectorySnapshot, keepingUnchangedRows: Bool = false) {
        let offset = selectedOffset
        let base = segment?.baseOffset
        let row = selectedRow
        let (oldSegment, oldSummary, oldFindings) = (selectedSegment, segment, snapshot.findings)
        let (oldRows, oldDetail) = (rows, detail)
        snapshot = new
        rows = [:]
        detail = nil
        directoryFinding = nil  // an index into the findings the old snapshot had
        live.estimatedSegmentBytes = nil
        live.estimatedFrom = 0
        if let offset, let s = new.segmentIndex(containing: offset), offset - new.segments[s].baseOffset < UInt64(new.segments[s].totalRows) {
            selectedSegment = s
            selectedRow = Int(offset - new.segments[s].baseOffset)
        } else if let base, let s = new.segments.firstIndex(where: { $0.baseOffset == base }) {
            selectedSegment = s
            selectedRow = min(row, max(0, new.segments[s].totalRows - 1))
        } else {
            selectedSegment = min(selectedSegment, max(0, new.segments.count - 1))
            selectedRow = 0
        }
        if keepingUnchangedRows, selectedSegment == oldSegment, let oldSummary, new.segments.indices.contains(oldSegment),
            new.segments[oldSegment] == oldSummary
        {
            rows = oldRows
            if new.findings == oldFindings, oldDetail?.segment == selectedSegment, oldDetail?.row == selectedRow { detail = oldDetail }
        }
        if filter?.segment != selectedSegment { filter = nil }
        forgetStaleSearchRows()
        keepSelectionVisible()
    }
}
