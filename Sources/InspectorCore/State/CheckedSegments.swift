import LogInspection

/// Segments the running full check found clean, for rows the snapshot still shows unchecked: a
/// directory of thousands of segments fills in while the check runs, not all at once when it ends.
/// Segments with findings come only with the check's report (with their rows and the findings
/// across segments).
public struct CheckedSegments: Sendable, Equatable {
    /// Each summary's segment index in the snapshot it was made for.
    public var indices: [Int] = []
    /// The segments' summaries, in the order of ``indices``.
    public var summaries: [SegmentSummary] = []

    public init() {}

    /// Adds the summary of segment `index`.
    public mutating func append(_ summary: SegmentSummary, at index: Int) {
        indices.append(index)
        summaries.append(summary)
    }

    /// Whether it holds no segment.
    public var isEmpty: Bool { indices.isEmpty }
}

extension DirectorySnapshot {
    /// Takes each summary of `checked` whose segment is still at its index and still unchecked, in
    /// place. A clean segment has no finding, no anomaly row and nothing beyond its records, so the
    /// findings and what is worked out from them stay as they are.
    mutating func fillIn(_ checked: CheckedSegments) {
        replaceSummariesAlike { segments in
            for (index, summary) in zip(checked.indices, checked.summaries) {
                guard segments.indices.contains(index), !summary.holdsMoreThanRecords, summary.anomalyRows.isEmpty else { continue }
                let shown = segments[index]
                guard shown.baseOffset == summary.baseOffset, shown.mark == .unchecked, !shown.holdsMoreThanRecords, shown.anomalyRows.isEmpty
                else { continue }
                segments[index] = summary
            }
        }
    }
}
