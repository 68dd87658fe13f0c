import LogCore

extension IntegrityChecker {
    /// Where the newest segment's findings changed in a report rechecked for appends to it alone.
    public struct NewestRecheck: Sendable, Equatable {
        /// Where the newest segment's findings were in the earlier report's ``Report/findings``.
        public var replaced: Range<Int>
        /// Where they are now (the findings after them moved by the difference in counts).
        public var inserted: Range<Int>
    }

    /// Checks the newest segment again and nothing else, replacing its health and findings in
    /// `report` (in place: a report of thousands of segments is not copied) and keeping every other
    /// segment's: what a writer appending to the newest segment changes. The checks
    /// across segments (gaps, overlaps, Raft terms) stay as they were: they depend on the newest
    /// segment only through its base offset and its first term, which appends do not change.
    ///
    /// - Returns: `nil` when more than the newest segment changed (other segments, or its first
    ///   term, or whether its files can be read), and `report` is left as it was: run the check over
    ///   the directory then.
    public func recheckNewest(in report: inout Report) throws(LogError) -> NewestRecheck? {
        guard let segment = directory.segments.last, report.segments.count == directory.segments.count,
            let before = report.segments.last, before.baseOffset == segment.baseOffset, before.unreadableFiles.isEmpty
        else { return nil }
        let live = liveSegments.map { $0.contains(segment.baseOffset) } ?? live ?? before.isLive
        var own = FindingCollector()
        segment.forgetOpenFailures()
        let health = try SegmentChecker(segment: segment, live: live, quick: quick).run(into: &own)
        guard health.firstTerm == before.firstTerm, health.unreadableFiles.isEmpty, live == before.isLive else { return nil }
        let replaced = report.newestSegmentFindings
        report.findings.replaceSubrange(replaced, with: own.findings)
        report.segments[report.segments.count - 1] = health
        let inserted = replaced.lowerBound..<(replaced.lowerBound + own.findings.count)
        report.newestSegmentFindings = inserted
        report.bytesChecked = report.bytesChecked - before.storeSize - before.indexSize + segment.storeSize + segment.indexSize
        return NewestRecheck(replaced: replaced, inserted: inserted)
    }
}
