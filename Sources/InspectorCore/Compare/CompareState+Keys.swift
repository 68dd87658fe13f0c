import LogCore
import LogInspection

extension CompareState {
    mutating func handle(_ key: Key) -> [CompareEffect] {
        if let scroll = helpScroll {
            // j k (↓ ↑) scroll a help longer than the screen; any other key closes it.
            let limit = max(0, CompareView.helpLines(in: size).count - CompareView.helpRows(in: size))
            switch key {
            case .character("j"), .down: helpScroll = min(limit, scroll + 1)
            case .character("k"), .up: helpScroll = max(0, scroll - 1)
            default: helpScroll = nil
            }
            return []
        }
        if input != nil {
            handleInput(key)
            return []
        }
        if let selected = logList {
            switch LogList.handle(key, selected: selected, count: logs.count) {
            case .select(let index): logList = index
            case .open(let index):
                logList = nil
                if index != currentLog, logs.indices.contains(index) { return [.switchLog(index)] }
            case .close: logList = nil
            case .ignore: break
            }
            return []
        }
        guard let typed = CountPrefix.take(key, count: &count, message: &message) else { return [] }
        switch key {
        case .character("q"), .control("c"):
            quit = true
        case .character("?"), .function(1):
            helpScroll = 0
        case .character("j"), .down:
            move(1)
        case .character("k"), .up:
            pauseIfMovingUp()
            move(-1)
        case .pageDown, .character(" "), .control("f"):
            move(pageRows)
        case .pageUp, .control("b"):
            pauseIfMovingUp()
            move(-pageRows)
        case .control("d"):
            move(max(1, pageRows / 2))
        case .control("u"):
            pauseIfMovingUp()
            move(-max(1, pageRows / 2))
        case .character("g"), .home:
            pauseIfMovingUp()
            moveToEnd(top: true)
        case .character("G"), .end:
            if let offset = UInt64(typed) {
                pauseFollowIfMovingAway()
                jump(to: offset)
            } else if !resumeFollowIfPaused() {
                moveToEnd(top: false)
            }
        case .character("/"):
            input = InputLine(mode: .search, text: "")
        case .character("&"):
            input = InputLine(mode: .filter, text: filter?.pattern.text ?? "")
        case .character("n"):
            searchNext(forward: true)
        case .character("N"):
            searchNext(forward: false)
        case .character("f"):
            toggleFollow(untilDifference: false)
        case .character("F"):
            toggleFollow(untilDifference: true)
        case .left:
            scrollSideways(-1)
        case .right:
            scrollSideways(1)
        case .character("h"), .character("l"), .tab, .backTab:
            focus = focus == .rows ? .detail : .rows
        case .enter:
            focus = .detail
        case .character("e"):
            pauseFollowIfMovingAway()
            stepDifference(forward: true)
        case .character("E"):
            pauseFollowIfMovingAway()
            stepDifference(forward: false)
        case .character("L"):
            guard logs.count > 1 else {
                message = StatusMessage(text: "L lists the logs of node directories (log, raft/log); these are log directories", isError: true)
                return []
            }
            logList = currentLog
        case .character("o"):
            hexOffsets.toggle()
            message = .hexOffsets(hexOffsets)
        case .character("r"):
            message = StatusMessage(text: "rescanning…", isError: false)
            rows = [:]
            detail = nil
            return [.rescan]
        case .function(2):
            mouseCapture.toggle()
            message = .mouseCapture(mouseCapture)
            return [.setMouseCapture(mouseCapture)]
        case .escape:
            message = nil
        default:
            break
        }
        return []
    }

    mutating func handle(_ mouse: MouseEvent) {
        let layout = self.layout
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            if layout.detail.contains(x: mouse.x, y: mouse.y) {
                detailScroll = min(max(0, detailScroll + delta), detailExtent)
            } else {
                if delta < 0 { pauseFollowIfMovingAway() }
                move(delta, in: .rows)
            }
        case .click:
            if layout.detail.contains(x: mouse.x, y: mouse.y) {
                focus = .detail
            } else if layout.rows.contains(x: mouse.x, y: mouse.y) {
                focus = .rows
                let line = mouse.y - layout.rows.y - 2
                let shown = visibleOffsets
                if line >= 0, line < shown.count { select(shown[line]) }
            }
        }
    }

    /// Selects `offset` (kept inside the span), keeping it on screen; a jump puts it mid-pane when
    /// it was off screen (`centred`).
    mutating func select(_ offset: UInt64, centred: Bool = false) {
        let clamped: UInt64
        if filter != nil {
            // The listed offset at or after it (the last one past the end); with none listed yet, it stays.
            let count = listCount
            guard count > 0, let listed = listedOffset(at: min(listIndex(of: offset), count - 1)) else { return }
            clamped = listed
        } else {
            clamped = span.map { min(max($0.lowerBound, offset), $0.upperBound) } ?? 0
        }
        if clamped != selected { detailScroll = 0 }
        selected = clamped
        let rows = UInt64(max(1, layout.rowCount))
        let (position, top) = (listIndex(of: selected), listIndex(of: scroll))
        if centred, position < top || position >= top.saturatingAdd(rows) {
            scroll = listedOffset(at: position >= rows / 2 ? position - rows / 2 : 0) ?? selected
        }
        keepSelectionVisible()
    }

    /// `←` `→`: the rows pane's values from half a column further left or right, no further than the
    /// longest value on screen needs.
    mutating func scrollSideways(_ direction: Int) {
        guard focus == .rows else {
            message = StatusMessage(text: "← → scroll the values in the Rows pane; Tab, h and l change pane", isError: false)
            return
        }
        let width = CompareView.Columns(width: layout.rows.width - 2, state: self).valueWidth
        let shown = visibleOffsets.compactMap { rows[$0] }
        let longest = shown.flatMap(\.entries).compactMap { $0.map { TextWidth.of($0.preview(.auto)) } }.max() ?? 0
        valueColumn = min(max(0, valueColumn + direction * max(4, width / 2)), max(0, longest - width))
    }

    /// Moving up in the rows pane leaves the newest offset: follow pauses.
    private mutating func pauseIfMovingUp() {
        if focus == .rows { pauseFollowIfMovingAway() }
    }

    /// Moves the selection by `delta` rows, or scrolls the detail pane.
    mutating func move(_ delta: Int, in pane: ComparePane? = nil) {
        switch pane ?? focus {
        case .rows:
            let (step, position, count) = (UInt64(delta.magnitude), listIndex(of: selected), listCount)
            guard count > 0 else { return }
            let target = delta < 0 ? position - min(position, step) : min(position.saturatingAdd(step), count - 1)
            if let offset = listedOffset(at: target) { select(offset) }
        case .detail:
            detailScroll = min(max(0, detailScroll + delta), detailExtent)
        }
    }

    /// Goes to the first (`top`) or last offset, or the top or bottom of the detail pane.
    mutating func moveToEnd(top: Bool) {
        switch focus {
        case .rows:
            guard listCount > 0, let end = listedOffset(at: top ? 0 : listCount - 1) else { return }
            select(end)
        case .detail: detailScroll = top ? 0 : detailExtent
        }
    }

    /// `NG`: goes to offset `offset`, or says why it cannot.
    mutating func jump(to offset: UInt64) {
        guard let span, span.contains(offset) else {
            let held = span.map { "the directories hold " + $0.rangeText } ?? "the directories hold no record"
            message = StatusMessage(text: "offset \(offset) is not in the logs (\(held))", isError: true)
            return
        }
        focus = .rows
        if let filter, !filter.contains(offset) {
            message = StatusMessage(text: "offset \(offset) does not match the filter &\(filter.pattern.text): the next one that does", isError: false)
        }
        select(offset, centred: true)
    }

    /// The next (or previous) difference after the selection, wrapping around the log.
    mutating func stepDifference(forward: Bool) {
        let runs = differences.runs
        guard !runs.isEmpty else {
            let text = differences.complete ? "no differences: the \(directories.count) directories agree" : "no difference found yet (the diff is running)"
            message = StatusMessage(text: text, isError: false)
            return
        }
        let base = { (i: Int) in runs[i].offsets.lowerBound }
        var target: Int
        var wrapped = false
        if forward {
            target = (SegmentSearch.lastIndex(notAbove: selected, count: runs.count, base: base) ?? -1) + 1
            if target == runs.count { (target, wrapped) = (0, true) }
        } else if selected > 0, let before = SegmentSearch.lastIndex(notAbove: selected - 1, count: runs.count, base: base) {
            target = before
        } else {
            (target, wrapped) = (runs.count - 1, true)
        }
        focus = .rows
        select(runs[target].offsets.lowerBound, centred: true)
        let run = runs[target]
        var text = "[\(target + 1)/\(differences.total)] " + ReplicaDiff.heading(run.offsets, run.verdict)
        if wrapped { text += forward ? " (passed the last difference, continued from the first)" : " (passed the first difference, continued from the last)" }
        message = StatusMessage(text: text, isError: false)
    }

    /// Keeps the selected offset inside the rows pane's window.
    mutating func keepSelectionVisible() {
        let rows = UInt64(max(1, layout.rowCount))
        let position = listIndex(of: selected)
        var top = listIndex(of: scroll)
        if position < top { top = position }
        if position >= top.saturatingAdd(rows) { top = position - rows + 1 }
        let count = listCount
        top = min(top, count > rows ? count - rows : 0)
        scroll = listedOffset(at: top) ?? span?.lowerBound ?? 0
    }

    /// The page size of the focused pane.
    var pageRows: Int { max(1, focus == .rows ? layout.rowCount : layout.detailRows) }

    /// How far the detail pane can scroll.
    var detailExtent: Int {
        max(0, CompareDetailView.lines(self, width: DetailView.contentWidth(layout.detail)).count - max(1, layout.detailRows))
    }
}
