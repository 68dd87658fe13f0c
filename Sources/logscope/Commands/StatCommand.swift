import ArgumentParser
import LogCore

/// `logscope stat`: a per-segment table, a record-size histogram and the reopen prediction.
struct StatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat",
        abstract: "Summarise a log directory: segments, sizes, health, and what the Go reference would do.",
        discussion: """
            Fast: cleanly closed segments are trusted after an O(1) check of their last entry and frame;
            others are walked in full. Run `logscope check` for every finding.

            Examples:
              logscope stat ./log
              logscope stat ./log --json | jq '.segments[] | select(.state != "ok")'
            """
    )

    @Argument(help: "The log directory.")
    var directory: String

    @Flag(help: "Print one JSON document.")
    var json = false

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction).")
    var referenceMaxIndexBytes: UInt64 = 1024

    func run() throws {
        let (directory, stats, report, prediction) = try ExitCodes.guarding {
            let directory = try LogDirectory(path: self.directory)
            let report = try IntegrityChecker(directory: directory, quick: true).run()
            let stats = try LogStatistics(directory: directory, report: report)
            let prediction = try ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
            return (directory, stats, report, prediction)
        }
        var output = StandardOutput()
        if json {
            output.write(StatFormatter.json(stats, report: report, prediction: prediction))
        } else {
            for line in StatFormatter.lines(directory: directory, stats: stats, report: report, prediction: prediction) { output.write(line) }
        }
        output.flush()
    }
}

/// Text and JSON renderings of ``LogStatistics``.
enum StatFormatter {
    static func lines(directory: LogDirectory, stats: LogStatistics, report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction) -> [String] {
        var lines: [String] = []
        let first = stats.rows.first?.health.firstOffset
        let last = stats.rows.last(where: { $0.health.lastOffset != nil })?.health.lastOffset
        lines.append(
            "\(directory.path): \(Plural.count(stats.rows.count, "segment"))"
                + (first.flatMap { f in last.map { " (offsets \(f)–\($0))" } } ?? "")
                + ": \(report.totals.description(live: report.live)); store \(ByteSize.long(stats.storeBytes)), index \(ByteSize.long(stats.indexBytes))"
                + (report.live ? ", live (a writer holds it)" : ""))
        if !directory.strays.isEmpty {
            lines.append("other files: " + directory.strays.map(\.name).joined(separator: ", "))
        }
        lines.append("")
        var table = [["segment", "range", "records", "entries", "unindexed", "pending", "store", "index", "index fill", "state"]]
        for row in stats.rows {
            let h = row.health
            let range = h.lastOffset.map { "\(h.baseOffset)–\($0)" } ?? "\(h.baseOffset) (empty)"
            table.append([
                "\(h.baseOffset)", range, "\(h.counts.records)", "\(h.counts.indexEntries)", "\(h.counts.unindexedFrames)",
                "\(h.counts.pendingEntries)", "\(ByteSize.long(h.storeSize))", "\(ByteSize.long(h.indexSize))",
                "\(Int((row.indexFill * 100).rounded()))%", row.state,
            ])
        }
        lines += TextTable.render(table, rightAligned: [2, 3, 4, 5, 6, 7, 8])
        if !stats.histogram.isEmpty {
            lines.append("")
            lines.append("frame sizes of the \(Plural.count(stats.records, "readable record")) (length prefix + payload):")
            let widest = stats.histogram.map(\.count).max() ?? 1
            let labels = stats.histogram.map { bucket in
                "\(ByteSize.long(bucket.lowerBound))–\(ByteSize.long(bucket.lowerBound == 0 ? 0 : bucket.lowerBound * 2 - 1))"
            }
            let width = labels.map(\.count).max() ?? 0
            for (bucket, label) in zip(stats.histogram, labels) {
                let bar = String(repeating: "█", count: max(1, Int(Double(bucket.count) / Double(widest) * 40)))
                lines.append("  " + label.leftPadded(to: width) + "  " + bar + " \(bucket.count)")
            }
        }
        lines.append("")
        return lines + CheckFormatter.reopenLines(prediction)
    }

    static func json(_ stats: LogStatistics, report: IntegrityChecker.Report, prediction: ReferenceReopenPrediction) -> String {
        var root = JSONObject()
        root.field("records", stats.records)
        root.field("unindexed_frames", stats.unindexedFrames)
        root.field("pending_entries", stats.pendingEntries)
        root.field("store_bytes", stats.storeBytes)
        root.field("index_bytes", stats.indexBytes)
        root.field("live", report.live)
        root.field(
            "segments",
            raw: JSONObject.array(
                stats.rows.map { row in
                    var object = JSONObject()
                    object.field("base", row.health.baseOffset)
                    object.field("first_offset", row.health.firstOffset)
                    object.field("last_offset", row.health.lastOffset)
                    object.field("records", row.health.counts.records)
                    object.field("index_entries", row.health.counts.indexEntries)
                    object.field("unindexed_frames", row.health.counts.unindexedFrames)
                    object.field("pending_entries", row.health.counts.pendingEntries)
                    object.field("store_bytes", row.health.storeSize)
                    object.field("index_bytes", row.health.indexSize)
                    object.field("index_fill", row.indexFill)
                    object.field("state", row.state)
                    return object.json
                }))
        root.field(
            "frame_size_histogram",
            raw: JSONObject.array(
                stats.histogram.map { bucket in
                    var object = JSONObject()
                    object.field("min_bytes", bucket.lowerBound)
                    object.field("count", bucket.count)
                    return object.json
                }))
        root.field("reference_reopen", prediction.paragraph)
        return root.json
    }
}

/// Column-aligned plain-text tables.
enum TextTable {
    static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        guard let header = rows.first else { return [] }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                rightAligned.contains(i) ? cell.leftPadded(to: widths[i]) : cell.padding(to: widths[i])
            }.joined(separator: "  ").trailingSpacesRemoved()
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func trailingSpacesRemoved() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
