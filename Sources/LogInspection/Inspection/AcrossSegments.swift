import LogCore

/// The checks that concern two segments, made one segment at a time in offset order and resumable:
/// gaps and overlaps between consecutive segments' offset ranges, and Raft terms that go back between
/// segments. A check of the whole directory feeds it every segment; a live look
/// (``IntegrityChecker/recheckTail(in:)``) resumes from the state before the segment that was the
/// newest, so appends cost the segments they touched, not the directory's size.
struct AcrossSegments: Sendable, Equatable {
    /// The furthest offset any segment so far holds, and the segment that holds it.
    private struct Reach: Sendable, Equatable {
        var next: UInt64
        var base: UInt64
        /// The first offset from ``next`` on that the segment's own findings do not name (a torn last
        /// frame, entries past the store's end): the offsets before it are said once, by them.
        var claimed: UInt64
    }

    /// The last term of the last segment so far that has one, and that segment.
    private struct LastTerm: Sendable, Equatable {
        var mark: TermMark
        var base: UInt64
    }

    private var reach: Reach?
    private var lastTerm: LastTerm?
    /// Gaps and overlaps found so far, in segment order.
    private(set) var ranges: [Finding] = []
    /// Terms going back found so far, in segment order.
    private(set) var terms: [Finding] = []

    /// Looks at the next segment, in offset order, with its own findings (offsets they name are not a
    /// gap as well).
    mutating func add(_ health: SegmentHealth, findings: [Finding] = []) {
        guard health.checked else {
            // Nothing is known of it: no gap, overlap or term is judged across it.
            (reach, lastTerm) = (nil, nil)
            return
        }
        checkRange(health, findings: findings)
        checkTerm(health)
    }

    /// The first offset from `next` on that none of `findings` names: the offsets a segment's own
    /// findings already name after its last record (a torn last frame, entries past the store's end).
    static func firstUnnamed(from next: UInt64, by findings: [Finding]) -> UInt64 {
        var first = next
        for range in findings.compactMap(\.offsets).sorted(by: { $0.lowerBound < $1.lowerBound })
        where range.lowerBound <= first && range.upperBound >= first {
            guard range.upperBound < .max else { return .max }
            first = range.upperBound + 1
        }
        return first
    }

    /// Adds what was found to `collector`: the ranges, then the terms (capped per class as any
    /// finding).
    func report(into collector: inout FindingCollector) {
        for finding in ranges { collector.add(finding) }
        for finding in terms { collector.add(finding) }
    }

    /// Raft terms across segments: a segment's first term is not below the last term of the segment
    /// before (within a segment the walk compares them). The finding names no file: it concerns two.
    private mutating func checkTerm(_ health: SegmentHealth) {
        guard let first = health.firstTerm, let last = health.lastTerm else { return }
        if let previous = lastTerm, first.term < previous.mark.term {
            terms.append(
                Finding(
                    .raftTermOrder, offsets: first.offset...first.offset,
                    expected: "at least term \(previous.mark.term) as at offset \(previous.mark.offset), the end of segment \(previous.base)",
                    actual: "term \(first.term)",
                    summary: "the Raft term goes back from \(previous.mark.term) to \(first.term) between segments \(previous.base) and \(health.baseOffset)"
                ))
        }
        lastTerm = LastTerm(mark: last, base: health.baseOffset)
    }

    /// Gaps and overlaps between this segment's offsets and those of the segments before it.
    private mutating func checkRange(_ health: SegmentHealth, findings: [Finding]) {
        let baseOffset = health.baseOffset
        if let reach {
            if reach.next > baseOffset {
                ranges.append(
                    Finding(
                        .segmentOverlap, file: "\(reach.base).store", offsets: baseOffset...(reach.next - 1),
                        expected: "offsets below \(baseOffset)", actual: "records up to \(reach.next - 1)",
                        summary: "segment \(reach.base) runs into segment \(baseOffset)"))
            } else if max(reach.next, reach.claimed) < baseOffset {
                // Offsets the segment's index claims are said once, by its own findings; the gap is what
                // lies past them. Say where the offsets run out: a segment whose store is garbage still
                // has an index, so "segment N should start at offset M" alone reads as a contradiction.
                let start = max(reach.next, reach.claimed)
                let after =
                    reach.claimed > reach.next
                    ? "after segment \(reach.base)'s own findings (through offset \(reach.claimed - 1))"
                    : reach.next > reach.base
                        ? "after segment \(reach.base)'s last readable record (offset \(reach.next - 1))"
                        : "as segment \(reach.base) holds no readable record"
                ranges.append(
                    Finding(
                        .segmentGap, offsets: start...(baseOffset - 1),
                        expected: "segment \(baseOffset) to start at offset \(start), \(after)",
                        actual: "\(Plural.count(baseOffset - start, "offset")) missing",
                        summary: "no segment holds a readable record at these offsets"))
            }
        }
        if !health.unreadableFiles.isEmpty {
            // Where its offsets end is unknown: DIR-UNREADABLE-FILE says so, not a gap or an overlap.
            reach = nil
            return
        }
        // A segment being written holds its pending entries' offsets too: their frames are in the
        // writer's buffer, not missing.
        let nextOffset = health.nextOffset
        let next = health.isLive ? max(nextOffset, baseOffset.saturatingAdd(UInt64(health.counts.indexEntries))) : nextOffset
        let claimed = Self.firstUnnamed(from: next, by: findings)
        if reach == nil || next > reach!.next { reach = Reach(next: next, base: baseOffset, claimed: claimed) }
    }
}
