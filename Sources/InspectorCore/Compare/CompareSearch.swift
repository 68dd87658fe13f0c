import LogCore

/// The compare view's search (`/`): the offsets at which some directory's record matches the
/// pattern, found by a scan in the background in offset order, and counted as they are found.
///
/// The pattern, how a record matches it (``SearchPattern``, ``InspectedSegment/matches(_:at:)``)
/// and the background job are the single-log view's; the matches are kept by offset (directories cut
/// their segments differently), consecutive ones merged.
public struct CompareSearch: Sendable, Equatable {
    public var pattern: SearchPattern
    /// Which search this is (a scan for an older one is dropped).
    public var id: Int
    /// The next offset to scan: everything below it has been read (`nil`: every offset there can be).
    public var next: UInt64?
    /// The matching offsets read so far, in order, consecutive ones merged (the first ``maxRanges``).
    public private(set) var matches: [ClosedRange<UInt64>] = []
    /// How many kept matches come before each of ``matches`` (to find the n-th match quickly).
    private var before: [UInt64] = []
    /// How many matches are kept (``count`` less those past ``maxRanges``).
    public private(set) var kept: UInt64 = 0
    /// How many offsets matched so far (all of them, kept or not).
    public private(set) var count: UInt64 = 0
    /// Whether matches beyond ``maxRanges`` were counted but not kept (`n` stops at the last kept).
    public private(set) var truncated = false
    /// The direction of the last `/`, `n` or `N`.
    public var forward = true
    /// `n` or `N` found nothing in what was read yet: the next match the scan finds is jumped to.
    public var pendingJump = false
    /// Why the scan stopped, if it failed.
    public var failure: String?
    /// Whether the scan stopped at a record a writer has not written yet (read on the next look).
    public var waiting = false

    /// How many runs of matching offsets are kept.
    public static let maxRanges = 1_000_000

    public init(pattern: SearchPattern, id: Int, from: UInt64) {
        self.pattern = pattern
        self.id = id
        next = from
    }

    /// Takes what a scan read: offsets `progress.from` up to `progress.next` (when they follow what
    /// was read), `progress.matching` among them, in order.
    mutating func receive(_ progress: CompareSearchProgress) {
        guard progress.id == id, progress.from == next else { return }
        for offset in progress.matching {
            count += 1
            if let last = matches.last, last.upperBound &+ 1 == offset {
                matches[matches.count - 1] = last.lowerBound...offset
                kept += 1
            } else if matches.count < Self.maxRanges {
                before.append(kept)
                matches.append(offset...offset)
                kept += 1
            } else {
                truncated = true
            }
        }
        if let failure = progress.failure { self.failure = failure }
        next = progress.next
        waiting = progress.waiting
    }

    /// Reads offsets from `point` on again (a directory got records there): what was found from it
    /// on is dropped.
    mutating func rewind(to point: UInt64) {
        guard let read = next, point < read else { return }
        next = point
        waiting = false
        while let last = matches.last, last.upperBound >= point {
            let keptPart = last.lowerBound < point ? last.lowerBound...(point - 1) : nil
            let dropped = last.offsetCount - (keptPart?.offsetCount ?? 0)
            (count, kept) = (count - min(count, dropped), kept - min(kept, dropped))
            matches.removeLast()
            before.removeLast()
            if let keptPart {
                before.append(kept - keptPart.offsetCount)
                matches.append(keptPart)
                break
            }
        }
        // Matches past the kept runs were counted but not kept: only the kept ones are known now.
        if truncated { count = kept }
        truncated = false
    }

    /// Whether `offset` matched.
    public func contains(_ offset: UInt64) -> Bool {
        guard let i = index(notAbove: offset) else { return false }
        return matches[i].contains(offset)
    }

    /// The first matching offset after `offset`, among those read.
    func first(after offset: UInt64) -> UInt64? {
        guard offset < .max else { return nil }
        let i = index(notAbove: offset)
        if let i, matches[i].contains(offset + 1) { return offset + 1 }
        let next = (i ?? -1) + 1
        return matches.indices.contains(next) ? matches[next].lowerBound : nil
    }

    /// The last matching offset before `offset`, among those read.
    func last(before offset: UInt64) -> UInt64? {
        guard offset > 0, let i = index(notAbove: offset - 1) else { return nil }
        return min(matches[i].upperBound, offset - 1)
    }

    /// Which match `offset` is (1 for the first), when it matched.
    func rank(of offset: UInt64) -> UInt64? {
        guard let i = index(notAbove: offset), matches[i].contains(offset) else { return nil }
        return before[i] + (offset - matches[i].lowerBound) + 1
    }

    /// How many kept matches lie below `offset`.
    func matches(below offset: UInt64) -> UInt64 {
        guard offset > 0, let i = index(notAbove: offset - 1) else { return 0 }
        return before[i] + (min(matches[i].upperBound, offset - 1) - matches[i].lowerBound) + 1
    }

    /// The `n`-th kept match (0 for the first), if there are that many.
    func match(at n: UInt64) -> UInt64? {
        guard n < kept, let i = SegmentSearch.lastIndex(notAbove: n, count: before.count, base: { before[$0] }) else { return nil }
        return matches[i].lowerBound + (n - before[i])
    }

    private func index(notAbove offset: UInt64) -> Int? {
        SegmentSearch.lastIndex(notAbove: offset, count: matches.count) { matches[$0].lowerBound }
    }
}

/// What a compare view's scan reads for: the search (`/`) or the filter (`&`).
public enum CompareScanKind: Sendable, Equatable, Hashable {
    case search, filter
}

/// What a scan of the compare view's search read: offsets `from` up to `next` (`nil`: to the last
/// offset there is), and which of them match in some directory.
public struct CompareSearchProgress: Sendable, Equatable {
    public var kind = CompareScanKind.search
    public var id: Int
    public var from: UInt64
    public var next: UInt64?
    public var matching: [UInt64]
    public var failure: String?
    /// Whether it stopped at a record a writer has not written yet.
    public var waiting = false
}

/// What the compare view's search still has to read: offsets `from` through `through`.
public struct CompareSearchScan: Sendable, Equatable {
    public var kind = CompareScanKind.search
    public var id: Int
    public var pattern: SearchPattern
    public var from: UInt64
    public var through: UInt64
}
