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
        // Findings by the file they concern and gaps by their first offset, in report order: one pass,
        // not one per segment (thousands of segments, thousands of findings).
        var regionsByFile: [String: [Int]] = [:]
        var gapsByStart: [UInt64: [Int]] = [:]
        // Findings about the directory itself (stray files, bad names) get rows in the first segment,
        // so `e` has something to select that shows them: the Go reference would take a stray file for
        // segment 0.
        var directoryLevel: [Int] = []
        for (index, finding) in report.findings.enumerated() {
            if regionFindings.contains(finding.id), let file = finding.file { regionsByFile[file, default: []].append(index) }
            if finding.id == .segmentGap, let first = finding.offsets?.lowerBound { gapsByStart[first, default: []].append(index) }
            if isDirectoryLevel(finding) { directoryLevel.append(index) }
        }
        var summaries: [SegmentSummary] = []
        for (i, (segment, health)) in zip(directory.segments, report.segments).enumerated() {
            // An unreadable segment has no record rows, only its DIR-UNREADABLE-FILE findings.
            let rowCount = health.unreadableFiles.isEmpty ? try segment.validEntryCount() : 0
            var mark: SegmentSummary.Mark
            switch health.worstSeverity {
            case .error?: mark = .error
            case .warning?: mark = .warning
            // The segment the writer appends to; others it holds show their pending entries instead.
            default: mark = health.isLive && i == directory.segments.count - 1 ? .live : .ok
            }
            var anomalies: [AnomalyRow] = []
            let regionIndexes = (regionsByFile[segment.storeName] ?? []) + (regionsByFile[segment.indexName] ?? [])
            for index in regionIndexes.sorted() {
                let finding = report.findings[index]
                anomalies.append(
                    AnomalyRow(
                        findingIndex: index, severity: finding.severity, label: label(finding), bytes: finding.bytes, file: finding.file))
            }
            for index in gapsByStart[health.nextOffset] ?? [] {
                let finding = report.findings[index]
                anomalies.append(AnomalyRow(findingIndex: index, severity: finding.severity, label: label(finding), bytes: nil, file: nil))
            }
            if i == 0 {
                for index in directoryLevel {
                    let finding = report.findings[index]
                    anomalies.append(
                        AnomalyRow(findingIndex: index, severity: finding.severity, label: label(finding), bytes: nil, file: finding.file))
                }
            }
            summaries.append(summary(of: segment, health: health, rowCount: rowCount, mark: mark, anomalies: anomalies))
        }
        var snapshot = DirectorySnapshot(
            path: directory.path, segments: summaries, findings: report.findings, fullCheck: fullCheck, live: report.live,
            strays: directory.strays.map(\.name))
        snapshot.referenceReopen = referenceReopen
        snapshot.hasRaftTerms = report.segments.contains { $0.firstTerm != nil }
        return snapshot
    }

    /// The summary of `segment` from its health, its row count and its anomaly rows.
    private static func summary(
        of segment: InspectedSegment, health: SegmentHealth, rowCount: Int, mark: SegmentSummary.Mark, anomalies: [AnomalyRow]
    ) -> SegmentSummary {
        let slots = segment.indexSlots
        var summary = SegmentSummary(
            baseOffset: segment.baseOffset, rowCount: rowCount, firstOffset: health.firstOffset, lastOffset: health.lastOffset,
            storeBytes: segment.storeSize, indexBytes: segment.indexSize,
            indexFill: slots == 0 ? (rowCount == 0 ? 1 : 0) : Double(min(rowCount, slots)) / Double(slots),
            mark: mark, regions: health.regions, anomalyRows: anomalies, counts: counts(health), isBeingWritten: health.isLive,
            isUnreadable: !health.unreadableFiles.isEmpty)
        (summary.storeName, summary.indexName) = (segment.storeName, segment.indexName)
        return summary
    }

    /// The patch that brings `snapshot` up to a report in which only the newest segment was checked
    /// again (``IntegrityChecker/recheckNewest(in:)``): its summary built anew from `report`, and how
    /// far the other segments' anomaly rows that point past its findings move.
    static func newestPatch(
        for snapshot: DirectorySnapshot, directory: LogDirectory, report: IntegrityChecker.Report, recheck: IntegrityChecker.NewestRecheck
    ) throws(LogError) -> NewestSegmentPatch? {
        guard let segment = directory.segments.last, let health = report.segments.last, let previous = snapshot.segments.last,
            previous.baseOffset == segment.baseOffset
        else { return nil }
        let (replaced, inserted) = (recheck.replaced, recheck.inserted)
        let findings = report.findings
        // Rows of findings before the newest segment's own (a one-segment log's stray files) stay.
        var anomalies = previous.anomalyRows.filter { $0.findingIndex < replaced.lowerBound }
        for index in inserted where regionFindings.contains(findings[index].id) {
            let finding = findings[index]
            guard finding.file == segment.storeName || finding.file == segment.indexName else { continue }
            anomalies.append(AnomalyRow(findingIndex: index, severity: finding.severity, label: label(finding), bytes: finding.bytes, file: finding.file))
        }
        anomalies.sort { $0.findingIndex < $1.findingIndex }
        let mark: SegmentSummary.Mark =
            switch health.worstSeverity {
            case .error?: .error
            case .warning?: .warning
            default: health.isLive ? .live : .ok
            }
        let summary = summary(of: segment, health: health, rowCount: try segment.validEntryCount(), mark: mark, anomalies: anomalies)
        return NewestSegmentPatch(summary: summary, findings: findings, replaced: replaced, shift: inserted.count - replaced.count)
    }

    /// The health's counts, without the frame sizes (the snapshot has no use for them).
    private static func counts(_ health: SegmentHealth) -> SegmentCounts {
        var counts = health.counts
        counts.frameSizes = nil
        return counts
    }

    /// A finding about the directory rather than a segment's files: a stray file or a bad name.
    static func isDirectoryLevel(_ finding: Finding) -> Bool {
        switch finding.id {
        case .strayFile: return true
        case .badSegmentName: return finding.file.map { SegmentFileName(parsing: $0) == nil } ?? false
        default: return false
        }
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
