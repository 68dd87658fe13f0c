import LogCore

extension InspectorState {
    mutating func handle(_ key: Key) -> [Effect] {
        if input != nil { return handleInput(key) }
        if let overlay { return handleOverlay(overlay, key) }
        if case .character(let c) = key, c.isASCII, c.isNumber {
            count.append(c)
            message = StatusMessage(text: "go to offset \(count)… (G)", isError: false)
            return []
        }
        let typed = count
        count = ""
        if !typed.isEmpty, message?.text.hasPrefix("go to offset") == true { message = nil }
        switch key {
        case .character("q"), .control("c"):
            quit = true
        case .character("?"), .function(1):
            overlay = .help
        case .character("!"):
            overlay = .anomalies(selected: 0)
        case .character("f"):
            toggleFollow(untilAnomaly: false)
        case .character("F"):
            toggleFollow(untilAnomaly: true)
        case .character("j"), .down:
            move(1)
        case .character("k"), .up:
            pauseFollowIfMovingAway()
            move(-1)
        case .character("h"), .left, .backTab:
            focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .character("l"), .right, .tab:
            focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
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
        case .pageDown:
            move(pageRows)
        case .pageUp:
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
            return repeatSearch(forward: true)
        case .character("N"):
            return repeatSearch(forward: false)
        case .character("e"):
            stepAnomaly(forward: true)
        case .character("E"):
            stepAnomaly(forward: false)
        case .character("["):
            detailTab = DetailTab(rawValue: (detailTab.rawValue + DetailTab.allCases.count - 1) % DetailTab.allCases.count)!
            detailScroll = 0
        case .character("]"):
            detailTab = DetailTab(rawValue: (detailTab.rawValue + 1) % DetailTab.allCases.count)!
            detailScroll = 0
        case .character("y"):
            if segment != nil, selectedRow < segment!.rowCount { return [.copyValue(segment: selectedSegment, row: selectedRow)] }
            message = StatusMessage(text: "select a record to copy its value", isError: true)
        case .character("Y"):
            if segment != nil, selectedRow < segment!.totalRows { return [.copyFrame(segment: selectedSegment, row: selectedRow)] }
        case .character("r"):
            checking = true
            say("rescanning…", until: .checking)
            return [.rescan]
        case .character("v"):
            preview = preview.next
            say("value preview: \(preview.rawValue)" + (preview == .auto ? " (text when the value is text, else hex)" : ""))
        case .function(2):
            mouseCapture.toggle()
            message = StatusMessage(
                text: mouseCapture ? "mouse capture on (F2 to select text)" : "mouse capture off: select text with the mouse (F2 to turn it back on)",
                isError: false)
            return [.setMouseCapture(mouseCapture)]
        case .escape:
            if filter != nil {
                filter = nil
                keepSelectionVisible()
                message = StatusMessage(text: "filter cleared", isError: false)
            } else {
                message = nil
            }
        default:
            break
        }
        return []
    }

    private mutating func repeatSearch(forward: Bool) -> [Effect] {
        guard let search, let pattern = SearchPattern(search.pattern) else {
            message = StatusMessage(text: "no search yet: type / and a pattern", isError: true)
            return []
        }
        return [searchEffect(pattern, forward: forward)]
    }

    private func searchEffect(_ pattern: SearchPattern, forward: Bool) -> Effect {
        let here = selectedOffset ?? segment.map { $0.baseOffset + UInt64($0.rowCount) } ?? 0
        return .search(pattern, from: forward ? here &+ 1 : (here == 0 ? UInt64.max : here - 1), forward: forward)
    }

    private mutating func handleOverlay(_ overlay: Overlay, _ key: Key) -> [Effect] {
        switch overlay {
        case .help:
            self.overlay = nil
            if key == .character("q") { self.overlay = nil }
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
        }
        return []
    }

    private mutating func handleInput(_ key: Key) -> [Effect] {
        guard var line = input else { return [] }
        switch key {
        case .escape:
            input = nil
        case .backspace:
            if line.text.isEmpty {
                input = nil
            } else {
                line.text.removeLast()
                input = line
            }
        case .character(let c):
            line.text.append(c)
            input = line
        case .enter:
            input = nil
            return submit(line)
        default:
            break
        }
        return []
    }

    private mutating func submit(_ line: InputLine) -> [Effect] {
        let text = line.text.trimmingSpaces()
        switch line.mode {
        case .command:
            return command(text)
        case .search:
            guard let pattern = SearchPattern(text) else {
                message = StatusMessage(text: text.isEmpty ? "empty search" : "\(text): write hex bytes as x:0a0b", isError: true)
                return []
            }
            search = (text, true)
            return [searchEffect(pattern, forward: true)]
        case .filter:
            if text.isEmpty {
                filter = nil
                keepSelectionVisible()
                message = StatusMessage(text: "filter cleared", isError: false)
                return []
            }
            guard let pattern = SearchPattern(text) else {
                message = StatusMessage(text: "\(text): write hex bytes as x:0a0b", isError: true)
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
