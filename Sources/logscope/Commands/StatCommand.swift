import ArgumentParser
import LogCore
import LogInspection

/// `logscope stat`: a per-segment table, a record-size histogram and the reopen prediction.
struct StatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat",
        abstract: "Summarise a log directory: segments, sizes, health, and what the Go reference would do.",
        discussion: HelpText.reflowed(
            """
            Every segment's store is walked, as `check` walks it, so a segment called ok was read (damage
            inside a cleanly closed segment shows here as in `check`). Run `logscope check` for every finding.

            On a node's data directory (log/, raft/log/, raft/stable, raft/snapshots/) it shows each log's
            summary, the node's Raft state from raft/stable (CurrentTerm, LastVoteTerm, LastVoteCand) and
            its snapshots (index, term, size of state.bin, configuration); exit status 1 when raft/stable
            or a snapshot's meta.json cannot be read.

            Examples:
              logscope stat ./log
              logscope stat ./log --json | jq '.segments[] | select(.state != "ok")'
              logscope stat ./node-0 --json | jq .raft_state
            """)
    )

    @Argument(help: "The log directory, or a node's data directory. On another machine: ssh://[user@]host[:port]/path or host:/path.")
    var directory: String

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction; default: inferred from the files).")
    var referenceMaxIndexBytes: UInt64?

    /// What `stat` shows of one log directory.
    struct Summary {
        var directory: LogDirectory
        var stats: LogStatistics
        var report: IntegrityChecker.Report
        var prediction: ReferenceReopenPrediction
        /// The writer's segment sizes as the files show them.
        var writer: WriterConfigInference
    }

    mutating func run() throws {
        directory = try RemoteDirectories.resolve(directory, remote)
        if let node = NodeDirectory.recognise(directory) { return try run(node: node) }
        let summary = try summarise(directory)
        if summary.directory.segments.isEmpty { StandardError.print(summary.directory.noSegmentsNote) }
        var output = StandardOutput()
        if json {
            output.writeObject { StatFormatter.json(summary, into: &$0) }
        } else {
            for line in StatFormatter.lines(summary) { output.write(line) }
        }
        try output.finish()
    }

    /// The check (every store walked), statistics and reopen prediction of the log directory at `path`.
    func summarise(_ path: String) throws -> Summary {
        try ExitCodes.guarding {
            let directory = try LogDirectory(path: path)
            directory.holderScanInterval = .seconds(1)  // the checker's look at /proc serves the note below too
            let report = try IntegrityChecker(directory: directory).runShowingProgress()
            ForeignWriters.noteUnseenWriters(of: directory, live: report.live)
            let stats = try LogStatistics(directory: directory, report: report)
            let prediction = try ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
            return Summary(
                directory: directory, stats: stats, report: report, prediction: prediction, writer: WriterConfigInference(directory: directory, report: report))
        }
    }
}

/// Text and JSON renderings of ``LogStatistics``.
enum StatFormatter {
    static func lines(_ summary: StatCommand.Summary) -> [String] {
        let (directory, stats, report, prediction) = (summary.directory, summary.stats, summary.report, summary.prediction)
        var lines: [String] = []
        let first = stats.rows.first?.health.firstOffset
        let last = stats.rows.last(where: { $0.health.lastOffset != nil })?.health.lastOffset
        let terms = termRange(report)
        lines.append(
            "\(directory.path): \(Plural.count(stats.rows.count, "segment")), \(Plural.count(report.totals.records, "record"))"
                + (first.flatMap { f in last.map { " (offsets \(RangeNotation.closed("\(f)", "\($0)")))" } } ?? "")
                + report.totals.notes(live: report.live).map { ", " + $0 }.joined()
                + (terms.map { ", " + $0.text("Raft term", "Raft terms") } ?? "")
                + "; store \(ByteSize.long(stats.storeBytes)), index \(ByteSize.long(stats.indexBytes))"
                + (report.live ? ", live (a writer holds it)" : ""))
        if !directory.strays.isEmpty {
            lines.append("other files: " + directory.strays.map(\.name).joined(separator: ", "))
        }
        lines.append("")
        // Entries whose frames are not in the store wait for a writer's flush only while one holds the log:
        // without one they are lost, as the first line says.
        var table = [["segment", "range", "records", "entries", "unindexed", report.live ? "pending" : "lost", "store", "index", "index fill", "state"]]
        for row in stats.rows {
            let h = row.health
            let unknown = !h.unreadableFiles.isEmpty
            let range = unknown ? "\(h.baseOffset)...?" : h.lastOffset.map { RangeNotation.closed("\(h.baseOffset)", "\($0)") } ?? "\(h.baseOffset) (empty)"
            table.append([
                "\(h.baseOffset)", range, unknown ? "?" : "\(h.counts.records)", unknown ? "?" : "\(h.counts.indexEntries)",
                unknown ? "?" : "\(h.counts.unindexedFrames)", unknown ? "?" : "\(h.counts.pendingEntries)", "\(ByteSize.long(h.storeSize))",
                "\(ByteSize.long(h.indexSize))", unknown ? "?" : row.indexIsPreallocated ? "\(Int((row.indexFill * 100).rounded()))%" : "-",
                row.state,
            ])
        }
        lines += TextTable.render(table, rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for finding in report.findings where finding.id == .unreadableFile { lines.append(finding.line) }
        if !stats.histogram.isEmpty {
            lines.append("")
            lines.append("frame sizes of the \(Plural.count(stats.records, "readable record")) (length prefix + payload):")
            let widest = stats.histogram.map(\.count).max() ?? 1
            let labels = stats.histogram.map { bucket in
                bucket.lowerBound == 0
                    ? ByteSize.long(0)
                    : RangeNotation.halfOpen(ByteSize.long(bucket.lowerBound), ByteSize.long(bucket.lowerBound.saturatingAdd(bucket.lowerBound)))
            }
            let width = labels.map(\.count).max() ?? 0
            for (bucket, label) in zip(stats.histogram, labels) {
                let bar = String(repeating: "█", count: max(1, Int(Double(bucket.count) / Double(widest) * 40)))
                lines.append("  " + label.leftPadded(to: width) + "  " + bar + " \(bucket.count)")
            }
        }
        lines.append("")
        if !directory.segments.isEmpty { lines.append("writer's sizes as the files show them: " + writerSizes(summary.writer)) }
        return lines + CheckFormatter.reopenLines(prediction)
    }

    /// The terms of the first and last records that carry one (a Raft log's), from the report.
    static func termRange(_ report: IntegrityChecker.Report) -> ClosedRange<UInt64>? {
        guard let first = report.segments.lazy.compactMap(\.firstTerm).first, let last = report.segments.last(where: { $0.lastTerm != nil })?.lastTerm
        else { return nil }
        return min(first.term, last.term)...max(first.term, last.term)
    }

    /// - Parameter log: the node log's name (`log`, `raft/log`) when the directory is one of a node's.
    /// `MaxIndexBytes ≥ 1200: assuming 1200, …; MaxStoreBytes ≤ 4100: …`: what `append` would use.
    static func writerSizes(_ writer: WriterConfigInference) -> String {
        writer.maxIndexBytes.evidence + "; "
            + (writer.maxStoreBytes?.evidence ?? "MaxStoreBytes: no sealed segment shows it (any store size is safe for the reference)")
    }

    static func json(_ summary: StatCommand.Summary, log: String? = nil, into root: inout JSONObjectWriter) {
        let (stats, report, prediction) = (summary.stats, summary.report, summary.prediction)
        if let log { root.field("log", log) }
        root.field("records", stats.records)
        root.field("unindexed_frames", stats.unindexedFrames)
        root.field("pending_entries", stats.pendingEntries)
        root.field("store_bytes", stats.storeBytes)
        root.field("index_bytes", stats.indexBytes)
        root.field("live", report.live)
        if let terms = termRange(report) {
            root.field("first_term", terms.lowerBound)
            root.field("last_term", terms.upperBound)
        }
        root.objects("segments", stats.rows) { object, row in
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
            object.field("index_preallocated", row.indexIsPreallocated)
            object.field("state", row.state)
            if !row.health.unreadableFiles.isEmpty {
                object.array("unreadable_files", row.health.unreadableFiles) { $0.write(jsonString: $1) }
            }
        }
        root.objects("frame_size_histogram", stats.histogram) { object, bucket in
            object.field("min_bytes", bucket.lowerBound)
            object.field("count", bucket.count)
        }
        root.object("writer_config") { object in
            object.field("max_index_bytes", summary.writer.maxIndexBytes.bytes)
            object.field("max_index_bytes_evidence", summary.writer.maxIndexBytes.evidence)
            object.field("max_store_bytes", summary.writer.maxStoreBytes?.bytes)
            object.field("max_store_bytes_evidence", summary.writer.maxStoreBytes?.evidence)
        }
        root.field("reference_reopen", prediction.paragraph)
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
