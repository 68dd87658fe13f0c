import LogCore
import LogInspection

/// Turns a directory listing and an integrity report into the state's ``DirectorySnapshot``.
enum SnapshotBuilder {
    /// Findings shown as rows of their own after a segment's records.
    static let regionFindings: Set<FindingID> = [
        .storeUnindexedFrames, .storeStuckIndexOrphans, .storeTornTail, .storeTrailingBytes, .storeZeroRun, .storeImplausibleLength,
        .indexZeroTail, .indexSizeNotMultiple, .indexPastStoreEnd, .indexPending, .unreadableFile,
    ]

    static func build(
        directory: LogDirectory, report: IntegrityChecker.Report, fullCheck: Bool, referenceReopen: String?
    ) throws(LogError) -> DirectorySnapshot {
        let places = RowPlaces(report.findings)
        // Each kept small as it is made: 100,000 whole summaries would take 18 MB on the way.
        var summaries = CompactColumn<SegmentSummary>()
        summaries.reserveCapacity(directory.segments.count)
        let count = min(directory.segments.count, report.segments.count)
        for (i, health) in report.segments.prefix(count).enumerated() {
            // What the listing says: no object is made for each of thousands of segments.
            let segment = directory.segments.listed(i)
            // Findings about the directory itself (stray files, bad names) are no segment's rows: the
            // segments pane lists them under the segments.
            let anomalies = places.rows(of: segment, after: health)
            summaries.append(try summary(of: i, in: directory, health: health, anomalies: anomalies))
        }
        var snapshot = DirectorySnapshot(
            path: directory.path, segments: summaries, findings: report.findings, fullCheck: fullCheck, live: report.live,
            strays: directory.strays.map(\.name))
        snapshot.referenceReopen = referenceReopen
        snapshot.hasRaftTerms = report.segments.contains { $0.firstTerm != nil }
        return snapshot
    }

    /// Where findings show as rows: region findings by the file they concern, gaps by their first
    /// offset (after the segment that ends there); found in one pass over the findings from `start`
    /// on, not one per segment (thousands of segments and findings).
    private struct RowPlaces {
        let findings: [Finding]
        var regionsByFile: [String: [Int]] = [:]
        var gapsByStart: [UInt64: [Int]] = [:]

        init(_ findings: [Finding], from start: Int = 0) {
            self.findings = findings
            for index in start..<findings.count {
                let finding = findings[index]
                if regionFindings.contains(finding.id), let file = finding.file { regionsByFile[file, default: []].append(index) }
                if finding.id == .segmentGap, let first = finding.offsets?.lowerBound { gapsByStart[first, default: []].append(index) }
            }
        }

        /// The row of finding `index`.
        func row(_ index: Int) -> AnomalyRow {
            let finding = findings[index]
            return AnomalyRow(findingIndex: index, severity: finding.severity, label: label(finding), bytes: finding.bytes, file: finding.file)
        }

        /// The gaps that start where a segment of `health` ends.
        func gaps(after health: SegmentHealth) -> [AnomalyRow] {
            gapsByStart.isEmpty ? [] : (gapsByStart[health.nextOffset] ?? []).map(row)
        }

        /// A segment's rows: its files' region findings in report order, then the gaps after it.
        func rows(of segment: ListedSegment, after health: SegmentHealth) -> [AnomalyRow] {
            // A healthy log of thousands of segments has no such finding: no file name is made.
            if regionsByFile.isEmpty { return gaps(after: health) }
            return ((regionsByFile[segment.storeName] ?? []) + (regionsByFile[segment.indexName] ?? [])).sorted().map(row) + gaps(after: health)
        }
    }

    /// The summary of `segment` from its health and its anomaly rows. An unreadable segment has no
    /// record rows, only its DIR-UNREADABLE-FILE findings; one not checked yet has a row for each
    /// whole slot of its index as listed (exact for a segment its writer closed; no file is read for
    /// it now). Only the newest segment's index is read (its entries as they are now): the others'
    /// come from the listing, with no object made for each.
    static func summary(of index: Int, in directory: LogDirectory, health: SegmentHealth, anomalies: [AnomalyRow]) throws(LogError) -> SegmentSummary {
        let segment = directory.segments.listed(index)
        let newest = index == directory.segments.count - 1
        let rowCount: Int
        if !health.checked {
            rowCount = min(segment.indexSlots, SegmentFileName.maxEntries(baseOffset: segment.baseOffset))
        } else if !health.unreadableFiles.isEmpty {
            rowCount = 0
        } else if !newest, let valid = health.validEntries {
            // What the check found: 25,000 sealed segments' indexes are not read again for a snapshot.
            rowCount = valid
        } else {
            rowCount = try directory.segments[index].validEntryCount()  // the newest as it is now
        }
        var summary = SegmentSummary(
            baseOffset: segment.baseOffset, rowCount: rowCount, firstOffset: health.firstOffset, lastOffset: health.lastOffset,
            storeBytes: segment.storeSize, indexBytes: segment.indexSize,
            mark: mark(health, newest: newest), regions: health.regions, anomalyRows: anomalies, counts: counts(health),
            isBeingWritten: health.isLive, isUnreadable: !health.unreadableFiles.isEmpty)
        if segment.isStoreStream { (summary.storeName, summary.indexName) = (segment.storeName, segment.indexName) }
        return summary
    }

    /// The patch that brings `snapshot` up to a report whose tail was checked again
    /// (``IntegrityChecker/recheckTail(in:)``): summaries from the segment that was the newest on,
    /// built from `report`, and the anomaly rows of earlier segments that point at findings across
    /// segments; `nil` when `snapshot` is not the one the earlier report was made for.
    static func tailPatch(
        for snapshot: DirectorySnapshot, directory: LogDirectory, report: IntegrityChecker.Report, recheck: IntegrityChecker.TailRecheck
    ) throws(LogError) -> TailPatch? {
        let (first, kept) = (recheck.firstSegment, recheck.keptFindings)
        guard snapshot.segments.count == first + 1, directory.segments.count == report.segments.count,
            directory.segments.indices.contains(first), snapshot.segments[first].baseOffset == directory.segments[first].baseOffset
        else { return nil }
        let findings = report.findings
        // The new findings only: the earlier ones and their rows stand.
        let places = RowPlaces(findings, from: kept)
        var earlierRows: [Int: [AnomalyRow]] = [:]
        // Earlier segments' rows change only with the findings across segments: none before and no
        // new gap, nothing to look at (a healthy log's thousands of segments are not visited).
        let earlierMayChange =
            !places.gapsByStart.isEmpty || snapshot.findings[min(kept, snapshot.findings.count)...].contains { $0.id == .segmentGap }
        for i in 0..<(earlierMayChange ? first : 0) {
            let gaps = places.gaps(after: report.segments[i])
            let rows = snapshot.segments[i].anomalyRows
            guard !gaps.isEmpty || rows.contains(where: { $0.findingIndex >= kept }) else { continue }
            // In the order ``build(directory:report:fullCheck:referenceReopen:)`` gives: regions, then gaps.
            earlierRows[i] = rows.filter { $0.findingIndex < kept } + gaps
        }
        var summaries: [SegmentSummary] = []
        for i in first..<directory.segments.count {
            let (segment, health) = (directory.segments.listed(i), report.segments[i])
            let anomalies = places.rows(of: segment, after: health)
            summaries.append(try summary(of: i, in: directory, health: health, anomalies: anomalies))
        }
        return TailPatch(
            firstSegment: first, summaries: summaries, findings: findings, keptFindings: kept, earlierRows: earlierRows, live: report.live)
    }

    /// A segment's mark from its health: not checked yet, else the worst finding, else live for the
    /// segment the writer appends to (others it holds show their pending entries instead), else ok.
    private static func mark(_ health: SegmentHealth, newest: Bool) -> SegmentSummary.Mark {
        guard health.checked else { return .unchecked }
        switch health.worstSeverity {
        case .error?: return .error
        case .warning?: return .warning
        default: return health.isLive && newest ? .live : .ok
        }
    }

    /// The health's counts, without the frame sizes (the snapshot has no use for them).
    private static func counts(_ health: SegmentHealth) -> SegmentCounts {
        var counts = health.counts
        counts.frameSizes = nil
        return counts
    }

    static func label(_ finding: Finding) -> String {
        let offsets = finding.offsets.map { " (\($0.offsetText()))" } ?? ""
        let bytes = finding.bytes.map { " bytes \($0.rangeText)" } ?? ""
        switch finding.id {
        case .storeUnindexedFrames: return "unindexed frames\(offsets):\(bytes)"
        case .storeStuckIndexOrphans: return "orphan frames of a stuck index\(offsets):\(bytes)"
        case .storeTornTail: return "torn tail\(offsets):\(bytes)"
        case .storeTrailingBytes: return "trailing bytes:\(bytes)"
        case .storeZeroRun: return "zero bytes\(offsets):\(bytes)"
        case .storeImplausibleLength: return "unparsable bytes (implausible length):\(bytes)"
        case .indexZeroTail: return "index zero tail: \(finding.actual ?? "")"
        case .indexSizeNotMultiple: return "partial index entry:\(bytes)"
        case .indexPastStoreEnd: return "entries past the store's end\(offsets)"
        case .indexPending: return "pending entries\(offsets)"
        case .unreadableFile: return "\(finding.file ?? "a file") cannot be read: \(finding.actual ?? "")"
        case .segmentGap: return "gap: \(finding.offsets?.offsetText() ?? "offsets") missing"
        case .strayFile: return "stray file \(finding.file ?? ""): \(finding.summary)"
        case .badSegmentName: return "bad segment name \(finding.file ?? ""): \(finding.summary)"
        default: return finding.summary
        }
    }
}
