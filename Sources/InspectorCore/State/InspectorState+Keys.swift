extension InspectorState {
    mutating func handle(_ key: Key) -> [Effect] {
        if input != nil { return handleInput(key) }
        if let overlay { return handleOverlay(overlay, key) }
        guard let typed = CountPrefix.take(key, count: &count, message: &message) else { return [] }
        // The detail pane shows a finding about the directory that `e` went to until the next key.
        directoryFinding = nil
        switch key {
        case .character("q"), .control("c"):
            quit = true
        case .character("?"), .function(1):
            overlay = .help(scroll: 0)
        case .character("!"):
            overlay = .anomalies(selected: 0)
        case .character("L"):
            if logs.count > 1 {
                overlay = .logs(selected: currentLog)
            } else {
                message = StatusMessage(text: "L lists the logs of a node's data directory (one holding log/ and raft/log/); this is one log", isError: true)
            }
        case .character("f"):
            toggleFollow(untilAnomaly: false)
        case .character("F"):
            toggleFollow(untilAnomaly: true)
        case .character("j"), .down:
            move(1)
        case .character("k"), .up:
            pauseFollowIfMovingAway()
            move(-1)
        case .character("h"), .backTab:
            focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .character("l"), .tab:
            focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case .left:
            scrollSideways(-1)
        case .right:
            scrollSideways(1)
        case .enter:
            if focus == .segments { focus = .records } else if focus == .records { focus = .detail }
        case .character("g"), .home:
            pauseFollowIfMovingAway()
            moveToEnd(top: true)
        case .character("G"), .end:
            if let offset = UInt64(typed) {
                pauseFollowIfMovingAway()
                jump(to: offset)
            } else if !resumeFollowIfPaused() {
                moveToEnd(top: false)
            }
        case .pageDown, .character(" "), .control("f"):
            move(pageRows)
        case .pageUp, .control("b"):
            pauseFollowIfMovingAway()
            move(-pageRows)
        case .control("d"):
            move(max(1, pageRows / 2))
        case .control("u"):
            pauseFollowIfMovingAway()
            move(-max(1, pageRows / 2))
        case .character(":"):
            input = InputLine(mode: .command, text: "")
        case .character("/"):
            input = InputLine(mode: .search, text: "")
        case .character("&"):
            input = InputLine(mode: .filter, text: "")
        case .character("n"):
            searchNext(forward: true)
        case .character("N"):
            searchNext(forward: false)
        case .character("e"):
            stepAnomaly(forward: true)
        case .character("E"):
            stepAnomaly(forward: false)
        case .character("["):
            showTab(DetailTab(rawValue: (detailTab.rawValue + DetailTab.allCases.count - 1) % DetailTab.allCases.count)!)
        case .character("]"):
            showTab(DetailTab(rawValue: (detailTab.rawValue + 1) % DetailTab.allCases.count)!)
        case .character("w"):
            detailWrap.toggle()
            detailColumn = 0
            message = .detailWrap(detailWrap)
        case .character("o"):
            hexOffsets.toggle()
            message = .hexOffsets(hexOffsets)
        case .character("y"):
            if segment != nil, selectedRow < segment!.rowCount { return [.copyValue(segment: selectedSegment, row: selectedRow)] }
            message = StatusMessage(text: "select a record to copy its value", isError: true)
        case .character("Y"):
            if segment != nil, selectedRow < segment!.totalRows { return [.copyFrame(segment: selectedSegment, row: selectedRow)] }
        case .character("r"):
            checking = true
            say("rescanning…", until: .checking)
            rescanSearch()
            return [.rescan]
        case .character("v"):
            preview = preview.next
            say("value preview: \(preview.rawValue)" + (preview == .auto ? " (text when the value is text, else hex)" : ""))
        case .function(2):
            mouseCapture.toggle()
            message = .mouseCapture(mouseCapture)
            return [.setMouseCapture(mouseCapture)]
        case .escape:
            if filter != nil {
                filter = nil
                keepSelectionVisible()
                message = StatusMessage(text: "filter cleared", isError: false)
            } else if message != nil {
                message = nil
            } else if let search {
                self.search = nil
                message = StatusMessage(text: "/\(search.pattern.text) cleared (n searches for it again)", isError: false)
            }
        default:
            break
        }
        return []
    }

    private mutating func showTab(_ tab: DetailTab) {
        detailTab = tab
        detailScroll = 0
        detailColumn = 0
    }

    private mutating func handleOverlay(_ overlay: Overlay, _ key: Key) -> [Effect] {
        switch overlay {
        case .help(let scroll):
            let page = Overlays.helpRows(in: size)
            let limit = max(0, Overlays.helpLines(focus: focus, width: Overlays.helpWidth(in: size)).count - page)
            switch key {
            case .character("j"), .down: self.overlay = .help(scroll: min(limit, scroll + 1))
            case .character("k"), .up: self.overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown, .character(" "), .control("f"): self.overlay = .help(scroll: min(limit, scroll + page))
            case .pageUp, .control("b"): self.overlay = .help(scroll: max(0, scroll - page))
            default: self.overlay = nil
            }
        case .anomalies(let selected):
            let targets = snapshot.anomalyTargets
            switch key {
            case .character("j"), .down: self.overlay = .anomalies(selected: min(selected + 1, max(0, targets.count - 1)))
            case .character("k"), .up: self.overlay = .anomalies(selected: max(0, selected - 1))
            case .pageDown: self.overlay = .anomalies(selected: min(selected + 10, max(0, targets.count - 1)))
            case .pageUp: self.overlay = .anomalies(selected: max(0, selected - 10))
            case .character("g"): self.overlay = .anomalies(selected: 0)
            case .character("G"): self.overlay = .anomalies(selected: max(0, targets.count - 1))
            case .enter:
                self.overlay = nil
                if targets.indices.contains(selected) { go(to: targets[selected]) }
            case .escape, .character("!"), .character("q"):
                self.overlay = nil
            default: break
            }
        case .logs(let selected):
            switch LogList.handle(key, selected: selected, count: logs.count) {
            case .select(let index): self.overlay = .logs(selected: index)
            case .open(let index):
                self.overlay = nil
                if index != currentLog, logs.indices.contains(index) { return [.switchLog(index)] }
            case .close: self.overlay = nil
            case .ignore: break
            }
        }
        return []
    }

    private mutating func handleInput(_ key: Key) -> [Effect] {
        guard var line = input else { return [] }
        switch line.edit(key) {
        case .cancelled:
            input = nil
        case .edited:
            input = line
        case .submitted:
            input = nil
            return submit(line)
        case .other:
            if key == .up || key == .down, line.mode == .search, !searchHistory.isEmpty { input = recall(in: line, older: key == .up) }
        }
        return []
    }

    /// The input line showing the previous (`older`) or next search of the history, or, past the
    /// newest, what was typed before the first ↑.
    private func recall(in line: InputLine, older: Bool) -> InputLine {
        var line = line
        if line.recalled == nil { line.draft = line.text }
        let current = line.recalled ?? searchHistory.count
        let next = older ? max(0, current - 1) : current + 1
        if next >= searchHistory.count {
            line.recalled = nil
            line.text = line.draft
        } else {
            line.recalled = next
            line.text = searchHistory[next]
        }
        return line
    }

    private mutating func submit(_ line: InputLine) -> [Effect] {
        let text = line.text.trimmingSpaces()
        switch line.mode {
        case .command:
            return command(text)
        case .search:
            guard let pattern = SearchPattern(text) else {
                message = StatusMessage(text: text.isEmpty ? "empty search" : Self.patternProblem(text), isError: true)
                return []
            }
            startSearch(pattern)
            return []
        case .filter:
            if text.isEmpty {
                filter = nil
                keepSelectionVisible()
                message = StatusMessage(text: "filter cleared", isError: false)
                return []
            }
            guard let pattern = SearchPattern(text) else {
                message = StatusMessage(text: Self.patternProblem(text), isError: true)
                return []
            }
            guard segment != nil else {
                message = StatusMessage(text: "no segment to filter: the directory holds none", isError: true)
                return []
            }
            filter = RecordFilter(pattern: text, segment: selectedSegment, rows: nil)
            message = StatusMessage(text: "filtering segment \(segment?.baseOffset ?? 0) for \(text)…", isError: false)
            return [.buildFilter(segment: selectedSegment, pattern)]
        }
    }

    /// Why `text` is no pattern (it is not empty).
    static func patternProblem(_ text: String) -> String {
        if text.hasPrefix("term:") { return "\(text): term: takes a number, e.g. term:4" }
        if text.hasPrefix("type:") { return "\(text): type: takes a Raft type: command, noop, config, barrier or a number" }
        return "\(text): write hex bytes as x:0a0b"
    }

    private mutating func command(_ text: String) -> [Effect] {
        if let offset = UInt64(text) {
            jump(to: offset)
            return []
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.first == "q" || words.first == "quit" {
            quit = true
            return []
        }
        if words.first == "pos", words.count == 2 {
            let argument = words[1].lowercased()
            let value = argument.hasPrefix("0x") ? UInt64(argument.dropFirst(2), radix: 16) : UInt64(argument)
            guard let value else {
                message = StatusMessage(text: "pos: \(words[1]) is not a byte position (decimal or 0x hex)", isError: true)
                return []
            }
            guard segment != nil else { return [] }
            return [.locatePosition(segment: selectedSegment, position: value)]
        }
        message = StatusMessage(text: "unknown command :\(text) (try :42 for an offset, :pos 0x1f for a byte position, ? for help)", isError: true)
        return []
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
