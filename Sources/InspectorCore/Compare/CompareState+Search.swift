import LogCore
import LogInspection

extension CompareState {
    /// What the search still has to read (the runtime runs one scan at a time); `nil` when there is
    /// no search or it has read every offset the directories hold.
    public var searchScan: CompareSearchScan? { scan(.search) }

    /// What the scan of `kind` (the search or the filter) still has to read.
    public func scan(_ kind: CompareScanKind) -> CompareSearchScan? {
        guard let reading = kind == .search ? search : filter, reading.failure == nil, !reading.waiting, let next = reading.next, let span,
            next <= span.upperBound
        else { return nil }
        return CompareSearchScan(kind: kind, id: reading.id, pattern: reading.pattern, from: next, through: span.upperBound)
    }

    /// The key typed into the search or filter line (`/`, `&`).
    mutating func handleInput(_ key: Key) {
        guard var line = input else { return }
        switch line.edit(key) {
        case .cancelled: input = nil
        case .edited: input = line
        case .submitted:
            input = nil
            if line.mode == .filter { startFilter(line.text) } else { startSearch(line.text) }
        case .other: break
        }
    }

    /// `/text` Enter: a new search from the first offset; the first match after the selection is
    /// selected as soon as the scan finds it.
    mutating func startSearch(_ text: String) {
        guard let pattern = pattern(text, for: "search") else { return }
        search = reading(pattern)
        searchNext(forward: true)
    }

    /// `n` / `N`: the next (previous) matching offset, wrapping around once the whole log is read; a
    /// match not read yet is jumped to when the scan finds it.
    mutating func searchNext(forward: Bool) {
        guard var search else {
            message = StatusMessage(text: "no search: / starts one", isError: false)
            return
        }
        search.forward = forward
        search.pendingJump = false
        pauseFollowIfMovingAway()
        if let target = forward ? search.first(after: selected) : search.last(before: selected) {
            self.search = search
            focus = .rows
            select(target, centred: true)
            return
        }
        let everything = searchScan == nil
        if everything, search.count > 0, let wrapped = forward ? search.matches.first?.lowerBound : search.matches.last?.upperBound {
            self.search = search
            focus = .rows
            select(wrapped, centred: true)
            message = StatusMessage(
                text: forward ? "passed the last match, continued from the first" : "passed the first match, continued from the last", isError: false)
            return
        }
        search.pendingJump = !everything
        self.search = search
        if everything { message = nil }  // the bottom bar's search status says "no match"
    }

    /// Takes what the search's scan read, and jumps to the match `n`, `N` or `/` waits for.
    mutating func receive(_ progress: [CompareSearchProgress]) {
        if var filter {
            for part in progress where part.kind == .filter { filter.receive(part) }
            self.filter = filter
            // The selection goes to a listed offset once there is one.
            if !filter.contains(selected) { select(selected) } else { keepSelectionVisible() }
        }
        guard var search else { return }
        for part in progress where part.kind == .search { search.receive(part) }
        self.search = search
        if search.pendingJump {
            searchNext(forward: search.forward)
        }
    }

    /// After the logs were looked at: a scan that waited for a record to be written reads on, and
    /// records that directories got below where the scans have read (a replica catching up) are read.
    mutating func rescanAfterLook(from point: UInt64?) {
        for kind in [CompareScanKind.search, .filter] {
            guard var reading = kind == .search ? search : filter else { continue }
            reading.waiting = false
            if let point { reading.rewind(to: point) }
            if kind == .search { search = reading } else { filter = reading }
        }
    }

    /// Reads the search again from the first offset (the logs changed other than by appends).
    mutating func restartSearch() {
        search = search.map { reading($0.pattern) }
    }

    /// The search's count and place for the bottom bar: `3/12`, `12 so far (searching…)`.
    public var searchStatus: String? {
        guard let search else { return nil }
        if let failure = search.failure { return "search failed: \(failure)" }
        let total = "\(search.count)" + (search.truncated ? "+" : "")
        let reading = searchScan != nil ? " (searching…)" : ""
        if let rank = search.rank(of: selected) { return "\(rank)/\(total)\(reading)" }
        return search.count == 0 && searchScan == nil ? "no match" : "\(total) matches\(reading)"
    }
}
