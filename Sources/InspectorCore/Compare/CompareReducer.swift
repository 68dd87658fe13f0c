import LogCore

/// Applies `event` to the compare view's `state` and returns the side effects to perform. Pure: no I/O.
public func reduce(_ state: inout CompareState, _ event: CompareEvent) -> [CompareEffect] {
    switch event {
    case .key(let key):
        return state.handle(key)
    case .mouse(let mouse):
        state.handle(mouse)
        return []
    case .resize(let size):
        state.size = size
        state.keepSelectionVisible()
        return []
    case .rowsLoaded(let rows):
        for row in rows { state.rows[row.offset] = row }
        state.pruneRows()
        return []
    case .detailLoaded(let detail):
        if detail.offset == state.selected { state.detail = detail }
        return []
    case .differencesFound(let serial, let runs, let frontier, let finished):
        guard serial == state.differences.serial else { return [] }
        state.differences.receive(runs, frontier: frontier, finished: finished)
        state.stopAtNewDifference()
        if finished, let pending = state.differences.pendingRestart { return state.restartIndex(from: pending) }
        return []
    case .searchProgress(let progress):
        state.receive(progress)
        return []
    case .looked:
        state.rescanAfterLook(from: nil)
        return []
    case .headsChanged(let heads):
        let effects = state.takeHeads(heads)
        state.followNewOffsets()
        return effects
    case .logSwitched(let index, let heads, let raft):
        state.currentLog = index
        state.follow = .off
        state.search = nil
        state.filter = nil
        state.raft = raft
        state.rows = [:]
        state.detail = nil
        state.detailScroll = 0
        state.setHeads(heads)
        state.select(state.span?.lowerBound ?? 0)
        let serial = state.differences.serial + 1
        state.differences = DifferenceIndex()
        state.differences.serial = serial
        state.message = StatusMessage(text: "\(state.logs[index]) of each node (L lists the logs)", isError: false)
        return [.indexDifferences(serial: serial, from: 0, through: state.span?.upperBound ?? .max)]
    case .rescanned(let heads):
        state.setHeads(heads)
        state.restartSearch()
        state.restartFilter()
        state.rows = [:]
        state.detail = nil
        state.select(state.selected)
        state.message = StatusMessage(text: "rescanned: diffing again", isError: false)
        return state.restartIndex(from: 0)
    case .failed(let text):
        state.message = StatusMessage(text: text, isError: true)
        return []
    }
}

extension CompareState {
    /// What must be loaded before the next frame can be drawn completely.
    public var dataNeeds: [CompareNeed] {
        guard let span else { return [] }
        var needs: [CompareNeed] = []
        // The missing rows on screen, in runs of consecutive offsets (a filter lists some offsets only).
        var run: ClosedRange<UInt64>?
        for offset in visibleOffsets where rows[offset] == nil {
            if let current = run, current.upperBound &+ 1 == offset {
                run = current.lowerBound...offset
            } else {
                if let current = run { needs.append(.rows(current)) }
                run = offset...offset
            }
        }
        if let run { needs.append(.rows(run)) }
        if span.contains(selected), detail?.offset != selected { needs.append(.detail(selected)) }
        return needs
    }

    /// Keeps at most a few screens of rows around the window.
    mutating func pruneRows() {
        guard rows.count > 2000 else { return }
        let center = scroll
        rows = rows.filter { ($0.key > center ? $0.key - center : center - $0.key) < 500 }
    }

    /// Takes the directories' new offsets: the rows are read again, and the difference index is
    /// rebuilt from the lowest offset a writer can have changed (everything when a log lost records
    /// or a directory changed at its start), once the diff running now has ended.
    mutating func takeHeads(_ new: [ClosedRange<UInt64>?]) -> [CompareEffect] {
        let old = heads
        guard new != old else { return [] }
        setHeads(new)
        var point = UInt64.max
        if old.count != new.count { point = 0 }
        for (before, after) in zip(old, new) where before != after {
            guard let after else {
                point = 0
                continue
            }
            guard let before else {
                point = min(point, after.lowerBound)
                continue
            }
            // Appends move only the end; anything else (retention, a truncated tail) changes earlier runs.
            point = before.lowerBound == after.lowerBound && after.upperBound >= before.upperBound ? min(point, before.upperBound.saturatingAdd(1)) : 0
        }
        // Beside a busy writer this runs on every poll: rows before the point stay loaded, except the
        // last one and any whose record was not readable yet (a writer's pending frame arrives later).
        let stale = point == 0 ? 0 : point - 1
        // Appends are read by the search as it goes on; anything else, from the start again.
        if point == 0 {
            restartSearch()
            restartFilter()
        } else {
            rescanAfterLook(from: point)
        }
        rows = rows.filter { offset, row in
            offset < stale && row.entries.allSatisfy { $0.map { $0.verdict == .readable } ?? true }
        }
        detail = nil
        select(selected)
        if !differences.complete {
            differences.pendingRestart = min(differences.pendingRestart ?? point, point)
            return []
        }
        return restartIndex(from: point)
    }

    /// Starts the difference index again from `point`, keeping the runs that end before it.
    mutating func restartIndex(from point: UInt64) -> [CompareEffect] {
        var point = point
        if !differences.complete { point = min(point, differences.frontier ?? 0) }
        // Runs beyond those kept cannot be taken back one by one.
        if differences.total > differences.runs.count { point = 0 }
        // A run that reaches the point, or ends just before it, may grow: it is found again whole.
        let runs = differences.runs
        if point > 0, let i = SegmentSearch.lastIndex(notAbove: point - 1, count: runs.count, base: { runs[$0].offsets.lowerBound }),
            runs[i].offsets.upperBound.saturatingAdd(1) >= point
        {
            point = runs[i].offsets.lowerBound
        }
        differences.restart(at: point)
        return [.indexDifferences(serial: differences.serial, from: point, through: span?.upperBound ?? .max)]
    }
}
