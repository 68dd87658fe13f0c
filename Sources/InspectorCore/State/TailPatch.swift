import LogInspection

/// What changes in a ``DirectorySnapshot`` when a writer appended to the newest segment and perhaps
/// rolled to new ones, and nothing else changed: the summaries from the segment that was the newest
/// on, the findings from the first of those segments' own on, and the rows of earlier segments that
/// point at findings across segments (a gap after a segment). The session and the state each apply
/// it to their own snapshot, in place: a snapshot of thousands of segments is neither rebuilt nor
/// copied for an append.
public struct TailPatch: Sendable, Equatable {
    /// The first segment whose summary is replaced (the one that was the newest).
    public var firstSegment: Int
    /// The summaries of segments ``firstSegment`` and after.
    public var summaries: [SegmentSummary]
    /// Every finding; those below ``keptFindings`` are the ones the snapshot had.
    public var findings: [Finding]
    /// How many findings at the start of the list are unchanged.
    public var keptFindings: Int
    /// New anomaly rows for earlier segments whose rows pointed at, or now point at, findings from
    /// ``keptFindings`` on (gaps after them), by segment index.
    public var earlierRows: [Int: [AnomalyRow]]
    /// Whether a writer holds the log now.
    public var live: Bool

    public init(
        firstSegment: Int, summaries: [SegmentSummary], findings: [Finding], keptFindings: Int, earlierRows: [Int: [AnomalyRow]], live: Bool
    ) {
        self.live = live
        self.firstSegment = firstSegment
        self.summaries = summaries
        self.findings = findings
        self.keptFindings = keptFindings
        self.earlierRows = earlierRows
    }
}

extension DirectorySnapshot {
    /// Applies `patch` in place; returns `false` (changing nothing) when the snapshot is not the one
    /// the patch was made for (its newest segment is not the patch's first).
    @discardableResult
    mutating func apply(_ patch: TailPatch) -> Bool {
        guard segments.count == patch.firstSegment + 1, let first = patch.summaries.first,
            segments[patch.firstSegment].baseOffset == first.baseOffset
        else { return false }
        // Earlier segments get new anomaly rows at most: their counts stay.
        updateTogether(from: patch.firstSegment) { segments, findings in
            for (index, rows) in patch.earlierRows { segments[index].anomalyRows = rows }
            segments.replaceSubrange(patch.firstSegment..., with: patch.summaries)
            findings = patch.findings
        }
        live = patch.live
        return true
    }
}
