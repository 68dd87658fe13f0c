import LogCore

/// Text and JSON renderings of an integrity report.
enum CheckFormatter {
    static func lines(report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction, explain: Bool) -> [String] {
        var lines: [String] = []
        for finding in report.findings {
            lines.append(finding.line)
            if explain { lines.append("    " + finding.explanation) }
        }
        let errors = report.count(.error)
        let warnings = report.count(.warning)
        let infos = report.count(.info)
        let verdict = report.isClean ? "clean" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        lines.append(
            "\(verdict)\(infos > 0 ? ", \(infos) info" : ""): \(report.segments.count) segment\(report.segments.count == 1 ? "" : "s"), "
                + "\(report.totals.description(live: report.live)), \(ByteSize.long(report.bytesChecked)) checked\(report.live ? " (live: a writer holds the log)" : "")"
        )
        return lines + reopenLines(prediction)
    }

    /// The reference reopen paragraph, and what the files show when the given MaxIndexBytes is smaller
    /// than an index (the log was written with a larger one).
    static func reopenLines(_ prediction: ReferenceReopenPrediction) -> [String] {
        var lines = ["reference reopen: " + prediction.paragraph]
        if prediction.openFailureIsMaxIndexBytes, prediction.maxIndexBytesGiven {
            let inference = prediction.inference
            lines.append(
                "hint: the files allow MaxIndexBytes \(inference.assumed) (\(inference.reason)); "
                    + "without --reference-max-index-bytes the prediction uses that")
        }
        return lines
    }

    static func json(report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction) -> String {
        var root = JSONObject()
        root.field("clean", report.isClean)
        root.field("live", report.live)
        root.field("errors", report.count(.error))
        root.field("warnings", report.count(.warning))
        root.field("infos", report.count(.info))
        root.field("bytes_checked", report.bytesChecked)
        root.field("findings", raw: JSONObject.array(report.findings.map(findingJSON)))
        root.field("segments", raw: JSONObject.array(report.segments.map(segmentJSON)))
        root.field("reference_reopen", prediction.paragraph)
        return root.json
    }

    static func findingJSON(_ finding: Finding) -> String {
        var object = JSONObject()
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
        return object.json
    }

    static func segmentJSON(_ health: SegmentHealth) -> String {
        var object = JSONObject()
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
        return object.json
    }
}
