/// Checks a log directory read-only and reports every anomaly as a ``Finding`` with a stable ID.
///
/// Memory stays bounded whatever the log's size: the store is walked through a read-ahead window,
/// index entries are read on demand, and findings are capped per class and segment.
import LogCore

public struct IntegrityChecker {
    /// Everything a check found.
    public struct Report: Sendable, Equatable {
        /// All findings, directory-level first, then per segment in offset order.
        public var findings: [Finding]
        /// One entry per segment, in offset order (a segment with nothing wrong kept in a few numbers).
        public var segments: CompactColumn<SegmentHealth>
        /// Store and index bytes read.
        public var bytesChecked: UInt64
        /// Whether a writer held the directory open during the check.
        public var live: Bool
        /// Where the newest segment's own findings lie in ``findings`` (just before the findings that
        /// concern several segments): from there on, ``recheckTail(in:)`` replaces them.
        public internal(set) var newestSegmentFindings: Range<Int> = 0..<0
        /// The checks across segments as they stood before the newest segment: what
        /// ``recheckTail(in:)`` resumes from.
        var acrossBeforeNewest = AcrossSegments()

        /// Why the indexes no writer holds end in zero tails, when some do: decided once for the log
        /// (``ZeroTailCause/decide(path:raftTerms:access:)``), and each such finding says it.
        public internal(set) var zeroTailCause: ZeroTailCause?

        /// The findings as every command and view shows them: one that repeats with the same words
        /// across the log's files (a zero tail in every index of a Raft log) folded into one with its
        /// places (``Finding/repeats``).
        public var foldedFindings: [Finding] { FindingFold.fold(findings) }

        /// The number of findings of each severity, as shown (``foldedFindings``).
        public func count(_ severity: Finding.Severity) -> Int {
            foldedFindings.filter { $0.severity == severity }.count
        }

        /// Whether no finding is a warning or an error.
        public var isClean: Bool { !findings.contains { $0.severity > .info } }

        /// Every segment's counts summed (without frame sizes).
        public var totals: SegmentCounts {
            segments.reduce(into: SegmentCounts()) { sum, health in
                sum.indexEntries += health.counts.indexEntries
                sum.records += health.counts.records
                sum.unindexedFrames += health.counts.unindexedFrames
                sum.pendingEntries += health.counts.pendingEntries
            }
        }
    }

    /// The directory to check.
    public let directory: LogDirectory
    /// Treat the newest segment as being written: pending entries, a zero tail and a torn last frame
    /// are normal. `nil` looks through `/proc` (``LogDirectory/segmentsHeldByWriter``): a log is live
    /// when some process has its files open or mapped for writing (a LogCore writer or the Go
    /// reference), and then every segment whose files it holds for writing is treated as being written
    /// too (the reference buffers sealed stores as well). ``liveSegments`` overrides both.
    public var live: Bool?

    /// The segments being written, by base offset (what ``LogDirectory/segmentsHeldByWriter`` found,
    /// looked up by the caller); overrides ``live``.
    public var liveSegments: Set<UInt64>?

    /// Trust segments that prove themselves cleanly closed in O(1) instead of walking every frame; for
    /// overviews (`stat`, the inspector's first screen). `check` walks everything.
    public var quick: Bool

    /// How many threads walk segments at once (`nil`: one per core, at most 8). A check running behind
    /// an interactive UI uses 1 so a core stays free for it.
    public var threads: Int?

    /// An earlier report of the same directory: a segment other than the newest whose files are still
    /// the ones it saw (same inodes, sizes and modification times), and that no writer holds, is not
    /// read again; its health and
    /// findings are taken over (sealed segments do not change, so a full check's results stay valid
    /// across later quick checks). A sealed segment whose files were written since without changing
    /// size is walked in full, even by a quick check: that is how damage done in place shows.
    public var reusing: Report?

    /// Check only the segments at these positions (those on screen and the newest, for a first frame
    /// that should not wait for thousands of segments); the others get a health that says they were
    /// not looked at (``SegmentHealth/checked`` false), to be filled in by a later check. `nil`
    /// checks every segment.
    public var onlySegments: Set<Int>?

    /// Whether a walk counts its frames by size (``SegmentCounts/frameSizes``, for `stat`'s
    /// histogram). A view that shows no histogram (the inspector's background check) leaves them out:
    /// a histogram is an allocation a segment.
    public var measuresFrameSizes = true

    /// Advanced as each segment is looked at, for a view that shows how far the check has got.
    public var progress: CheckProgress?

    /// Base offsets of segments known to have been written since ``reusing`` (an inotify event named
    /// their files): never reused, and walked in full even by a quick check.
    public var changed: Set<UInt64>

    /// Creates a checker.
    public init(
        directory: LogDirectory, live: Bool? = nil, liveSegments: Set<UInt64>? = nil, quick: Bool = false, threads: Int? = nil,
        reusing: Report? = nil, changed: Set<UInt64> = []
    ) {
        self.directory = directory
        self.live = live
        self.liveSegments = liveSegments
        self.quick = quick
        self.threads = threads
        self.reusing = reusing
        self.changed = changed
    }

    /// An earlier report by segment base and by file (a live refresh of thousands of segments asks
    /// for each one).
    private struct Earlier {
        /// The earlier healths, kept small as the report keeps them, and their bases in order (no
        /// dictionary of 100,000 whole healths is built for a look that changes one segment).
        private var healths = CompactColumn<SegmentHealth>()
        private var bases: [UInt64] = []
        /// Each file's findings with their place in the report, to keep the report's order.
        var findingsByFile: [String: [(Int, Finding)]] = [:]

        init(_ report: Report?) {
            guard let report else { return }
            healths = report.segments
            bases = healths.map(\.baseOffset)
            // Range findings (gaps, overlaps; Raft terms across segments) are recomputed for the whole directory.
            for (index, finding) in report.findings.enumerated() where finding.id != .segmentOverlap {
                if let file = finding.file { findingsByFile[file, default: []].append((index, finding)) }
            }
        }

        /// The earlier health and findings of `segment`, when its files have not changed since and no
        /// writer holds it, now or then: a writer that maps an index writes it without changing its
        /// size or (reliably) its modification time, and a crashed writer's pending entries are lost.
        /// An unreadable file is tried again: its permissions may have been fixed since.
        /// The earlier health of the segment at `base` (the first, should a report hold two).
        func health(_ base: UInt64) -> SegmentHealth? {
            guard let last = SegmentSearch.lastIndex(notAbove: base, count: bases.count, base: { bases[$0] }), bases[last] == base else {
                return nil
            }
            var first = last
            while first > 0, bases[first - 1] == base { first -= 1 }
            return healths[first]
        }

        func reusable(_ segment: InspectedSegment, live: Bool) -> (SegmentHealth, [Finding])? {
            guard !live, let health = health(segment.baseOffset), health.checked, !health.isLive, health.files == segment.files.fingerprint,
                health.unreadableFiles.isEmpty
            else { return nil }
            let findings = ((findingsByFile[segment.storeName] ?? []) + (findingsByFile[segment.indexName] ?? [])).sorted { $0.0 < $1.0 }
            return (health, findings.map(\.1))
        }
    }

    /// Checks one segment (quickly, unless `rewritten` says it was written in place: then every
    /// frame); its health and its own findings. A file whose permissions were fixed since an
    /// earlier check is read this time.
    func walk(
        _ segment: InspectedSegment, live: Bool, rewritten: Bool, stoppingWhen shouldStop: @escaping @Sendable () -> Bool = { false }
    ) throws(LogError) -> (SegmentHealth, [Finding]) {
        var own = FindingCollector()
        var checker = SegmentChecker(segment: segment, live: live, quick: quick && !rewritten)
        checker.measuresFrameSizes = measuresFrameSizes
        checker.shouldStop = shouldStop
        segment.forgetOpenFailures()
        let health = try checker.run(into: &own)
        return (health, own.findings)
    }

    /// Runs every check.
    public func run() throws(LogError) -> Report {
        // A check that is never asked to stop always returns a report.
        try run(stoppingWhen: { false })!
    }

    /// Runs every check unless `shouldStop` says `true` first: it is asked before each segment and
    /// every few thousand frames of a walk (from each of the ``threads``), so a check behind an
    /// interactive UI can be abandoned within milliseconds.
    ///
    /// - Returns: the report, or `nil` when the check stopped early.
    public func run(stoppingWhen shouldStop: @escaping @Sendable () -> Bool) throws(LogError) -> Report? {
        let held: Set<UInt64>
        if let liveSegments {
            held = liveSegments
        } else if let live {
            held = live ? Set(directory.segments.last.map { [$0.baseOffset] } ?? []) : []
        } else {
            return try runLookingForWriters(stoppingWhen: shouldStop)
        }
        var collector = FindingCollector()
        for stray in directory.strays {
            switch stray.kind {
            case .file:
                collector.add(Finding(.strayFile, file: stray.name, summary: "not a segment file (\(stray.size) bytes)"))
            case .badSegmentName:
                collector.add(Finding(.badSegmentName, file: stray.name, summary: "the base offset is not a plain decimal u64"))
            case .notARegularFile:
                collector.add(Finding(.strayFile, file: stray.name, summary: "not a regular file (a directory, link or device)"))
            }
        }
        collector.endSegment()
        if directory.segments.isEmpty {
            // A directory removed while it is watched (the inspector, `tail -f`) is said to be gone.
            let gone = directory.access.status(of: directory.path).kind == .missing
            collector.add(
                Finding(
                    .noSegments,
                    summary: gone
                        ? "the directory is gone (removed or renamed since it was opened)" : "the directory holds no <offset>.store or <offset>.index file"))
        }
        let segments = directory.segments
        let stopped = Locked(false)
        let earlier = Earlier(reusing)
        func check(_ i: Int, _ segment: InspectedSegment) throws(LogError) -> (SegmentHealth, [Finding])? {
            let base = segment.baseOffset
            if i < segments.count - 1, !changed.contains(base), let kept = earlier.reusable(segment, live: held.contains(base)) { return kept }
            if stopped.withLock({ $0 }) { return nil }
            if shouldStop() {
                stopped.withLock { $0 = true }
                return nil
            }
            let newest = i == segments.count - 1
            // A sealed segment rewritten in place proves nothing by its last frame: walk all of it.
            let rewritten =
                !newest
                && (changed.contains(base) || earlier.health(base).map { segment.files.fingerprint.changedInPlace(since: $0.files) } == true)
            let walked = try walk(segment, live: held.contains(base), rewritten: rewritten, stoppingWhen: shouldStop)
            if shouldStop() {
                stopped.withLock { $0 = true }
                return nil
            }
            return walked
        }
        progress?.start(total: segments.count)
        // Each health is kept in its small form as soon as its worker has it: 100,000 whole healths
        // and their copies would take ten times what the report keeps.
        typealias Checked = (health: CompactColumn<SegmentHealth>.Slot, findings: [Finding], bytes: UInt64)
        var results = try ParallelMap.run(count: segments.count, workers: threads) { (i) throws(LogError) -> Checked? in
            defer { progress?.advance() }
            // Left for later: nothing is read, and no object is made for it (the listing says enough).
            if let onlySegments, !onlySegments.contains(i) {
                let listed = segments.listed(i)
                return (CompactColumn.slot(SegmentHealth(unchecked: listed)), [], listed.storeSize + listed.indexSize)
            }
            // Asked for once: each ask takes the directory's lock, which the other worker wants too.
            let segment = segments[i]
            // Pinned: the other worker's segments opening meanwhile must not close this one's files.
            let checked = try segment.pinned { () throws(LogError) -> (SegmentHealth, [Finding])? in try check(i, segment) }
            // The newest segment is a writer's, whatever the look through `/proc` finds.
            if let (health, findings) = checked, i < segments.count - 1 { progress?.checked(health, findings: findings) }
            return checked.map { (CompactColumn.slot($0.0), $0.1, $0.0.unreadableFiles.isEmpty ? segment.storeSize + segment.indexSize : 0) }
        }
        var healths = CompactColumn<SegmentHealth>()
        healths.reserveCapacity(results.count)
        var bytes: UInt64 = 0
        var newestFindings = 0..<0
        var ownFindings: [Int: [Finding]] = [:]
        for i in results.indices {
            guard let (health, findings, checkedBytes) = results[i] else { return nil }
            healths.append(slot: health)
            let start = collector.findings.count
            collector.append(contentsOf: findings)
            newestFindings = start..<collector.findings.count
            if !findings.isEmpty { ownFindings[i] = findings }
            bytes += checkedBytes
        }
        results = []
        var across = AcrossSegments()
        var beforeNewest = across
        for i in healths.indices {
            if i == healths.count - 1 { beforeNewest = across }
            across.add(healths[i], findings: ownFindings[i] ?? [])
        }
        across.report(into: &collector)
        collector.endSegment()
        var report = Report(findings: collector.findings, segments: healths, bytesChecked: bytes, live: !held.isEmpty)
        report.newestSegmentFindings = newestFindings
        report.acrossBeforeNewest = beforeNewest
        report.wordZeroTails(of: directory)
        return report
    }
}

extension IntegrityChecker.Report {
    /// Words the zero tails no writer holds, from `start` on, by the log's ``zeroTailCause`` (decided
    /// the first time the report has such a tail; the data log of a Raft log's node is looked at then).
    mutating func wordZeroTails(of directory: LogDirectory, from start: Int = 0) {
        let tails = findings.indices[start...].filter { findings[$0].id == .indexZeroTail && findings[$0].severity > .info }
        guard !tails.isEmpty else { return }
        if zeroTailCause == nil {
            let raftTerms = segments.contains { $0.firstTerm != nil }
            zeroTailCause = ZeroTailCause.decide(path: directory.path, raftTerms: raftTerms, access: directory.access)
        }
        guard let summary = zeroTailCause?.summary else { return }
        for index in tails { findings[index].summary = summary }
    }
}
