import LogCore
import LogInspection

/// Text and JSON renderings of an integrity report.
enum CheckFormatter {
    static func lines(report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction, explain: Bool) -> [String] {
        var lines: [String] = []
        for finding in report.foldedFindings {
            lines.append(finding.line)
            if explain { lines.append("    " + finding.explanation) }
        }
        lines.append(
            verdict(clean: report.isClean, errors: report.count(.error), warnings: report.count(.warning), infos: report.count(.info)) + ": "
                + contents(report) + ", \(ByteSize.long(report.bytesChecked)) checked\(report.live ? " (live: a writer holds the log)" : "")")
        return lines + reopenLines(prediction)
    }

    /// `clean`, or `1 error, 2 warnings`, then `, 3 info` when there are any.
    private static func verdict(clean: Bool, errors: Int, warnings: Int, infos: Int) -> String {
        (clean ? "clean" : "\(Plural.count(errors, "error")), \(Plural.count(warnings, "warning"))") + (infos > 0 ? ", \(infos) info" : "")
    }

    /// `3 segments, 49 records` and the counts of ``SegmentCounts`` that are not zero.
    private static func contents(_ report: IntegrityChecker.Report) -> String {
        "\(Plural.count(report.segments.count, "segment")), \(report.totals.description(live: report.live))"
    }

    /// A node directory's check: every finding with its log's path, a summary, and each log's reopen prediction.
    static func lines(node report: NodeCheck.Report, predictions: [ReferenceReopenPrediction], explain: Bool) -> [String] {
        var lines: [String] = []
        for located in report.findings {
            lines.append(line(located))
            if explain { lines.append("    " + located.finding.explanation) }
        }
        let bytes = report.logs.reduce(UInt64(0)) { $0 + $1.report.bytesChecked }
        let live = report.logs.contains { $0.report.live } ? " (live: a writer holds a log)" : ""
        lines.append(
            verdict(clean: report.isClean, errors: report.count(.error), warnings: report.count(.warning), infos: report.count(.info)) + ": "
                + report.logs.map { "\($0.log.name): " + contents($0.report) }.joined(separator: "; ") + "; \(ByteSize.long(bytes)) checked\(live)")
        for (result, prediction) in zip(report.logs, predictions) {
            lines += reopenLines(prediction, of: result.log.name)
        }
        return lines
    }

    /// The reference reopen paragraph (of one of a node's logs, when `log` names it), and what the files
    /// show when the given MaxIndexBytes is smaller than an index (the log was written with a larger one).
    static func reopenLines(_ prediction: ReferenceReopenPrediction, of log: String? = nil) -> [String] {
        var lines = ["reference reopen\(log.map { " of " + $0 } ?? ""): " + prediction.paragraph]
        if prediction.openFailureIsMaxIndexBytes, prediction.maxIndexBytesGiven {
            let inference = prediction.inference
            lines.append(
                "hint: the files allow MaxIndexBytes \(inference.assumed) (\(inference.reason)); "
                    + "without --reference-max-index-bytes the prediction uses that")
        }
        return lines
    }

    static func json(report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction, into root: inout JSONObjectWriter) {
        root.field("clean", report.isClean)
        root.field("live", report.live)
        root.field("errors", report.count(.error))
        root.field("warnings", report.count(.warning))
        root.field("infos", report.count(.info))
        root.field("bytes_checked", report.bytesChecked)
        root.objects("findings", report.foldedFindings) { object, finding in findingJSON(finding, into: &object) }
        root.objects("segments", report.segments, segmentJSON)
        root.field("reference_reopen", prediction.paragraph)
    }

    /// A node-level finding's line, its file prefixed by the log's path (`raft/log/1.index[…]`).
    static func line(_ located: NodeFinding) -> String {
        var finding = located.finding
        finding.file = located.log + (finding.file.map { "/" + $0 } ?? "")
        for i in finding.repeats.indices { finding.repeats[i].file = located.log + "/" + finding.repeats[i].file }
        return finding.line
    }

    /// A node directory's check as one JSON document: findings with a `log` field, and each log's
    /// segments and reopen prediction.
    static func json(node report: NodeCheck.Report, predictions: [ReferenceReopenPrediction], into root: inout JSONObjectWriter) {
        root.field("clean", report.isClean)
        root.field("errors", report.count(.error))
        root.field("warnings", report.count(.warning))
        root.field("infos", report.count(.info))
        root.objects("findings", report.findings) { object, located in findingJSON(located.finding, log: located.log, into: &object) }
        root.objects("logs", zip(report.logs, predictions)) { object, pair in
            let (result, prediction) = pair
            object.field("log", result.log.name)
            object.field("live", result.report.live)
            object.field("bytes_checked", result.report.bytesChecked)
            object.objects("segments", result.report.segments, segmentJSON)
            object.field("reference_reopen", prediction.paragraph)
        }
    }

    static func findingJSON(_ finding: Finding, log: String? = nil, into object: inout JSONObjectWriter) {
        if let log { object.field("log", log) }
        object.field("id", finding.id.rawValue)
        object.field("severity", finding.severity.rawValue)
        object.field("file", finding.file)
        object.field("byte_start", finding.bytes?.lowerBound)
        object.field("byte_end", finding.bytes?.upperBound)
        object.field("offset_first", finding.offsets?.lowerBound)
        object.field("offset_last", finding.offsets?.upperBound)
        object.field("expected", finding.expected)
        object.field("actual", finding.actual)
        object.field("summary", finding.summary)
        object.field("explanation", finding.explanation)
        if !finding.repeats.isEmpty {
            object.objects("repeats", finding.repeats) { place, other in
                place.field("file", other.file)
                place.field("byte_start", other.bytes?.lowerBound)
                place.field("byte_end", other.bytes?.upperBound)
            }
        }
    }

    static func segmentJSON(_ object: inout JSONObjectWriter, _ health: SegmentHealth) {
        object.field("base", health.baseOffset)
        object.field("next", health.nextOffset)
        object.field("store_bytes", health.storeSize)
        object.field("index_bytes", health.indexSize)
        object.field("index_entries", health.indexEntries)
        object.field("zero_tail_slots", health.zeroTailSlots)
        object.field("frames", health.frames)
        object.field("indexed_frames", health.indexedFrames)
        object.field("intact_records", health.intactCount)
        object.field("records", health.counts.records)
        object.field("unindexed_frames", health.counts.unindexedFrames)
        object.field("pending_entries", health.counts.pendingEntries)
        object.field("worst", health.worstSeverity?.rawValue)
    }
}
