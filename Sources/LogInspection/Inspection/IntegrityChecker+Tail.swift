import LogCore

extension IntegrityChecker {
    /// What ``recheckTail(in:)`` changed in a report.
    public struct TailRecheck: Sendable, Equatable {
        /// The first segment checked again (the one that was the newest); those before it kept their
        /// health and findings.
        public var firstSegment: Int
        /// The findings below this index are the earlier report's, unchanged; those from it on (the
        /// rechecked segments' own, then those across segments) are new.
        public var keptFindings: Int
    }

    /// Checks again only the segments a writer can have changed by appending: the one that was the
    /// newest in `report` and every segment created after it; every other segment keeps its health
    /// and findings. The checks across segments (gaps, overlaps, Raft terms) resume from where they
    /// stood before the earlier newest segment. `report` is changed in place (a report of thousands of segments
    /// is not copied).
    ///
    /// - Returns: what changed, or `nil` (leaving `report` as it was) when the directory changed
    ///   otherwise: a segment other than the newest was removed or replaced, or the earlier newest is
    ///   not the same segment any more. Run the check over the directory then.
    public func recheckTail(in report: inout Report) throws(LogError) -> TailRecheck? {
        let segments = directory.segments
        let first = report.segments.count - 1
        guard first >= 0, segments.count > first, segments[first].baseOffset == report.segments[first].baseOffset,
            report.segments[first].unreadableFiles.isEmpty
        else { return nil }
        let held = liveSegments ?? (live == true ? Set(segments.last.map { [$0.baseOffset] } ?? []) : [])
        var healths: [SegmentHealth] = []
        var own: [[Finding]] = []
        for i in first..<segments.count {
            // A segment that is sealed now proves nothing by its last frame if it was written in
            // place: walk all of it.
            let rewritten = i < segments.count - 1 && i == first && segments[i].files.fingerprint.changedInPlace(since: report.segments[first].files)
            let (health, findings) = try segments[i].pinned { () throws(LogError) -> (SegmentHealth, [Finding]) in
                try walk(segments[i], live: held.contains(segments[i].baseOffset), rewritten: rewritten)
            }
            healths.append(health)
            own.append(findings)
        }
        let kept = report.newestSegmentFindings.lowerBound
        let earlier = report.segments[first]
        report.segments.replaceSubrange(first..., with: healths)
        report.findings.removeSubrange(kept...)
        var newest = kept..<kept
        for findings in own {
            newest = report.findings.count..<(report.findings.count + findings.count)
            report.findings += findings
        }
        // The checks across segments resume before the rechecked ones: the earlier segments' part
        // of them stands.
        var across = report.acrossBeforeNewest
        for i in first..<report.segments.count {
            if i == report.segments.count - 1 { report.acrossBeforeNewest = across }
            across.add(report.segments[i], findings: own[i - first])
        }
        var collector = FindingCollector()
        across.report(into: &collector)
        collector.endSegment()
        report.findings += collector.findings
        report.wordZeroTails(of: directory, from: kept)
        report.newestSegmentFindings = newest
        report.live = !held.isEmpty
        let earlierBytes = earlier.storeSize.saturatingAdd(earlier.indexSize)
        report.bytesChecked = report.bytesChecked >= earlierBytes ? report.bytesChecked - earlierBytes : 0
        for health in healths where health.unreadableFiles.isEmpty {
            report.bytesChecked = report.bytesChecked.saturatingAdd(health.storeSize + health.indexSize)
        }
        return TailRecheck(firstSegment: first, keptFindings: kept)
    }
}
