import LogCore

/// Where the next match is, as far as the scan knows.
enum SearchAnswer: Equatable {
    case found(segment: Int, row: Int, wrapped: Bool)
    case noMatch
    /// Rows between the selection and the answer have not been scanned yet.
    case unknown
}

extension InspectorState {
    /// `/pattern`: starts a search (reusing what was scanned when the pattern is the same) and jumps to
    /// the first match after the selection.
    mutating func startSearch(_ pattern: SearchPattern) {
        searchHistory.removeAll { $0 == pattern.text }
        searchHistory.append(pattern.text)
        if searchHistory.count > 50 { searchHistory.removeFirst(searchHistory.count - 50) }
        if search?.pattern != pattern {
            searchSerial += 1
            search = SearchState(pattern: pattern, id: searchSerial)
        }
        searchNext(forward: true)
    }

    /// `n` / `N`: the next match after (or before) the selection, wrapping around the log; waits for the
    /// scan when it has not read that far.
    mutating func searchNext(forward: Bool) {
        guard var search else {
            guard let last = searchHistory.last, let pattern = SearchPattern(last) else {
                message = StatusMessage(text: "no search yet: type / and a pattern", isError: true)
                return
            }
            startSearch(pattern)
            if !forward { searchNext(forward: false) }
            return
        }
        search.forward = forward
        search.pending = SearchState.PendingJump(segment: selectedSegment, row: selectedRow, forward: forward)
        self.search = search
        resolvePendingJump()
    }

    /// Takes rows the background scan read, then answers a jump that waited for them.
    mutating func apply(_ progress: [SearchProgress]) {
        guard search != nil else { return }
        for chunk in progress where chunk.id == search?.id {
            search?.matches.segments[chunk.baseOffset, default: SearchMatches.Segment()].add(rows: chunk.rows, matching: chunk.matching)
            if let failure = chunk.failure, search?.failure == nil { search?.failure = failure }
        }
        resolvePendingJump()
    }

    /// Jumps if the pending jump can be answered now; says it is searching if not.
    mutating func resolvePendingJump() {
        guard let search, let pending = search.pending else { return }
        guard pending.segment == selectedSegment, pending.row == selectedRow else {
            self.search?.pending = nil  // the selection moved meanwhile: the jump is no longer wanted
            return
        }
        let slash = "/\(search.pattern.text)"
        switch nextMatch(fromSegment: pending.segment, row: pending.row, forward: pending.forward) {
        case .unknown where search.failure == nil:
            message = StatusMessage(text: "\(slash): searching…", isError: false)
            return
        case .noMatch, .unknown:
            // The bottom bar's search status says "no match" already; a note only adds why.
            let why = snapshot.segments.allSatisfy { $0.rowCount == 0 } ? "no record to search" : search.failure
            message = why.map { StatusMessage(text: "\(slash): no match (\($0))", isError: true) }
        case .found(let segment, let row, let wrapped):
            if filter != nil, filter?.segment != segment || filter?.rows?.contains(row) != true { filter = nil }
            pauseFollowIfMovingAway()  // as `g` or `k`: the selection goes where the user asked
            select(segment: segment, row: row)
            focus = .records
            message =
                wrapped
                ? StatusMessage(
                    text: pending.forward
                        ? "\(slash): passed the last record, continued from the first" : "\(slash): passed the first record, continued from the last",
                    isError: false) : nil
        }
        self.search?.pending = nil
    }

    /// The match after (`forward`) or before row `row` of segment number `segment`, wrapping around.
    func nextMatch(fromSegment start: Int, row: Int, forward: Bool) -> SearchAnswer {
        guard let search else { return .noMatch }
        let segments = snapshot.segments
        let n = segments.count
        guard n > 0, segments.indices.contains(start) else { return .noMatch }
        for step in 0...n {
            let index = forward ? (start + step) % n : ((start - step) % n + n) % n
            let wrapped = forward ? start + step >= n : start - step < 0
            let rows = segments[index].rowCount
            let window: Range<Int>
            if step == 0 {
                window = forward ? min(rows, row + 1)..<rows : 0..<min(rows, row)
            } else if step == n {
                window = forward ? 0..<min(rows, row + 1) : min(rows, row)..<rows
            } else {
                window = 0..<rows
            }
            guard !window.isEmpty else { continue }
            let matches = search.matches[segments[index].baseOffset]
            if forward {
                if let hit = matches.first(in: window) { return .found(segment: index, row: hit, wrapped: wrapped || step == n) }
                if matches.scannedRows < window.upperBound { return .unknown }
            } else {
                if matches.scannedRows < window.upperBound { return .unknown }
                if let hit = matches.last(in: window) { return .found(segment: index, row: hit, wrapped: wrapped || step == n) }
            }
        }
        return .noMatch
    }

    /// The rows the search has yet to read, from the selected segment on; `nil` when there is none, or
    /// after a read failed (`r` starts over).
    public var searchScan: SearchScan? {
        guard let search, search.failure == nil else { return nil }
        let segments = snapshot.segments
        guard !segments.isEmpty else { return nil }
        var requests: [SearchScanRequest] = []
        let start = min(max(0, selectedSegment), segments.count - 1)
        for step in 0..<segments.count {
            let segment = segments[(start + step) % segments.count]
            let scanned = search.matches[segment.baseOffset].scannedRows
            if scanned < segment.rowCount { requests.append(SearchScanRequest(baseOffset: segment.baseOffset, rows: scanned..<segment.rowCount)) }
        }
        return requests.isEmpty ? nil : SearchScan(id: search.id, pattern: search.pattern, requests: requests)
    }

    /// What the bottom bar says about the search: `match 3 of 17`, `17 matches`, or the count so far
    /// while the scan runs.
    public var searchStatus: String? {
        guard let search else { return nil }
        var total = 0
        var scanned = 0
        var rows = 0
        var before: Int? = 0  // matches before the selection, while every row before it was scanned
        for (index, segment) in snapshot.segments.enumerated() {
            let matches = search.matches[segment.baseOffset]
            total += matches.count
            scanned += min(matches.scannedRows, segment.rowCount)
            rows += segment.rowCount
            if index < selectedSegment {
                before = matches.scannedRows >= segment.rowCount ? before.map { $0 + matches.count } : nil
            } else if index == selectedSegment {
                before = matches.contains(selectedRow) ? before.map { $0 + matches.rank(of: selectedRow) } : nil
            }
        }
        if selectedSegment >= snapshot.segments.count { before = nil }
        let complete = scanned >= rows
        let of = complete ? "\(total)" : "\(total)+"
        var status: String
        if let before {
            status = "match \(before + 1) of \(of)"
        } else if complete && total == 0 {
            status = "no match"
        } else {
            status = complete ? Plural.count(total, "match", "matches") : "\(of) matches"
        }
        // A live log's newest rows are always a moment ahead of the scan: no progress note for them.
        if !complete, Double(scanned) < Double(rows) * 0.99 {
            status += " · counting \(Int(Double(scanned) * 100 / Double(rows)))%"
        }
        if search.failure != nil { status += " · stopped: some records unreadable" }
        return status
    }

    /// Drops what the search read of segments that are gone or shrank (after a rescan or a refresh).
    mutating func forgetStaleSearchRows() {
        guard search != nil else { return }
        let rowCounts = Dictionary(snapshot.segments.map { ($0.baseOffset, $0.rowCount) }, uniquingKeysWith: { a, _ in a })
        for (base, matches) in search!.matches.segments {
            guard let rows = rowCounts[base] else {
                search!.matches.segments[base] = nil
                continue
            }
            if rows < matches.scannedRows { search!.matches.segments[base]?.truncate(to: rows) }
        }
    }

    /// After `r`: the files may have changed under the same names, so the search reads them again.
    mutating func rescanSearch() {
        guard let search else { return }
        searchSerial += 1
        var fresh = SearchState(pattern: search.pattern, id: searchSerial)
        fresh.forward = search.forward
        self.search = fresh
    }
}
