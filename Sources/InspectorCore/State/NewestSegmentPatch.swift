import LogInspection

/// What changes in a ``DirectorySnapshot`` when a writer appended to the newest segment and nothing
/// else changed: that segment's summary, and its findings within the list of all findings. The
/// session and the state each apply it to their own snapshot, in place: a snapshot of thousands of
/// segments is neither rebuilt nor copied for an append.
public struct NewestSegmentPatch: Sendable, Equatable {
    /// The newest segment's new summary (its anomaly rows point into ``findings``).
    public var summary: SegmentSummary
    /// Every finding, the newest segment's replaced.
    public var findings: [Finding]
    /// Where the newest segment's findings were in the earlier list: anomaly rows of other segments
    /// that point at or past its end move by ``shift``.
    public var replaced: Range<Int>
    /// How far the findings after the newest segment's moved.
    public var shift: Int

    public init(summary: SegmentSummary, findings: [Finding], replaced: Range<Int>, shift: Int) {
        self.summary = summary
        self.findings = findings
        self.replaced = replaced
        self.shift = shift
    }
}

extension DirectorySnapshot {
    /// Applies `patch` in place; returns `false` (changing nothing) when the snapshot has no newest
    /// segment at the patch's base (it was not the one the patch was made for).
    @discardableResult
    mutating func apply(_ patch: NewestSegmentPatch) -> Bool {
        guard let newest = segments.indices.last, segments[newest].baseOffset == patch.summary.baseOffset else { return false }
        updateTogether { segments, findings in
            if patch.shift != 0 {
                for i in 0..<newest where segments[i].anomalyRows.contains(where: { $0.findingIndex >= patch.replaced.upperBound }) {
                    for r in segments[i].anomalyRows.indices where segments[i].anomalyRows[r].findingIndex >= patch.replaced.upperBound {
                        segments[i].anomalyRows[r].findingIndex += patch.shift
                    }
                }
            }
            segments[newest] = patch.summary
            findings = patch.findings
        }
        return true
    }
}
