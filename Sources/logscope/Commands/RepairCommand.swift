import ArgumentParser
import LogCore
import LogInspection

/// `logscope repair`: writes a repaired copy of a log, never touching the original.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Write a repaired copy of a damaged log to a new directory (never in place).",
        discussion: HelpText.reflowed(
            """
            Keeps every complete, decodable frame byte for byte, in offset order; a hole in the middle
            of a segment splits it in two rather than discarding what follows. Indexes are rebuilt;
            stray files are not copied. Prints what it found and what it wrote, then checks the copy.
            Refuses (exit 2) while another process writes the log, the Go reference included.

            No index grows past the MaxIndexBytes the log was written with, so the Go reference can
            open the copy with the config that wrote it: give it with --max-index-bytes, or let repair
            infer it from the files (an index of N bytes shows at least N; an index stuck by bug K3
            shows the value to within 11 bytes; otherwise the reference's default, 1024). Records that
            do not fit start a new segment, as the reference would have rolled. --max-store-bytes also
            ends a segment once its store reaches that size.

            On a node's data directory (log/ and raft/log/), rebuilds the node's data log into the output
            from what the node still holds: every record the data log can read, byte for byte; every
            record it lost from the command the Raft log still holds (encoded as the state machine
            appends it); records below the Raft log's first command from the newest snapshot's
            state.bin; commands with no record yet appended after them. Prints which offsets came from
            where. Sizes default to what the data log's files show its writer used.

            Examples:
              logscope repair ./log --output ./log.repaired && logscope check ./log.repaired
              logscope repair ./log --output ./log.repaired --max-index-bytes 1048576
              logscope repair ./data/node-0 --output ./node-0-log.rebuilt
            """)
    )

    @Argument(help: "The damaged log directory (read-only; on another machine: ssh://[user@]host[:port]/path or host:/path).")
    var directory: String

    @OptionGroup var remote: RemoteOptions

    @Option(help: "A new (or empty) directory for the repaired copy.")
    var output: String

    @Option(help: "The MaxIndexBytes the log's writer uses: no index grows past it (default: inferred from the files).")
    var maxIndexBytes: UInt64?

    @Option(help: "The MaxStoreBytes the log's writer uses: a segment ends once its store reaches it (default: no limit).")
    var maxStoreBytes: UInt64?

    mutating func run() throws {
        try RemoteDirectories.refuseRemote(output, command: "repair --output")
        directory = try RemoteDirectories.resolve(directory, remote)
        if let node = NodeDirectory.recognise(directory), !node.isRaftFolder { return try rebuild(node) }
        let (report, check) = try ExitCodes.guarding {
            let source = try LogDirectory(path: directory)
            try ForeignWriters.refuseWriters(of: source)
            var repair = LogRepair(source: source, output: output, maxIndexBytes: maxIndexBytes, maxStoreBytes: maxStoreBytes)
            let progress = CheckProgress()
            repair.progress = progress
            let line = ProgressLine.segments(progress, verbs: repair.maxIndexBytes == nil ? ["checking", "copying"] : ["copying"])
            defer { line.finish() }
            let report = try repair.run()
            let check = try IntegrityChecker(directory: try LogDirectory(path: output), live: false).run()
            return (report, check)
        }
        var out = StandardOutput()
        out.write("found in \(directory):")
        if report.sourceFindings.isEmpty { out.write("  nothing to repair") }
        for finding in report.sourceFindings { out.write("  " + finding.line) }
        out.write(
            "wrote \(output): \(report.recordsKept) records in \(report.segments.count) segment\(report.segments.count == 1 ? "" : "s")"
                + (report.segments.isEmpty ? "" : " (" + report.segments.map { "\($0.base): \($0.records)" }.joined(separator: ", ") + ")"))
        out.write("indexes kept within MaxIndexBytes \(report.maxIndexBytes) (\(report.maxIndexBytesReason))")
        if report.orphanFramesDropped > 0 {
            out.write(
                "left out \(Plural.count(report.orphanFramesDropped, "orphan frame")) of a stuck index (bug K3): failed appends wrote them, none was acknowledged, none is a record"
            )
        }
        if report.framesSkipped > 0 { out.write("skipped \(report.framesSkipped) frames whose offsets repeated or went backwards") }
        out.write("check of the copy: " + (check.isClean ? "clean" : check.findings.map(\.line).joined(separator: "\n  ")))
        out.flush()
    }

    /// Rebuilds a node's data log from its data log, Raft log and snapshot (``NodeRebuild``).
    private func rebuild(_ node: NodeDirectory) throws {
        let (report, check) = try ExitCodes.guarding {
            for log in node.logs { try ForeignWriters.refuseWriters(of: try LogDirectory(path: log.path)) }
            let report = try NodeRebuild(node: node, output: output, maxIndexBytes: maxIndexBytes, maxStoreBytes: maxStoreBytes).run()
            let check = try IntegrityChecker(directory: try LogDirectory(path: output), live: false).run()
            return (report, check)
        }
        var out = StandardOutput()
        out.write(
            "rebuilt the data log of \(node.path) into \(output): \(Plural.count(report.records, "record")) in \(Plural.count(report.segments.count, "segment"))"
                + (report.segments.isEmpty ? "" : " (" + report.segments.map { "\($0.base): \($0.records)" }.joined(separator: ", ") + ")"))
        for source in NodeRebuild.Source.allCases {
            let ranges = report.sources.filter { $0.source == source }.map(\.offsets)
            let count = ranges.reduce(0) { $0 + $1.offsetCount }
            out.write("  from \(source.rawValue): " + (ranges.isEmpty ? "none" : "\(Self.list(ranges)) (\(Plural.count(count, "record")))"))
        }
        if let appended = report.appendedCommands {
            out.write(
                "  \(appended.text("command", "commands")) had no record in the data log: appended after it (they may not be committed yet; compare the replicas with `logscope diff`)"
            )
        }
        let kept = (report.mapping?.findings ?? []).filter { [.nodeReappliedCommands, .nodeDataMismatch, .nodeDataAhead].contains($0.finding.id) }
        for located in kept {
            out.write(
                "  kept as the data log holds them: \(located.finding.offsets?.offsetText() ?? "records") (\(located.finding.id.rawValue), see `logscope check`)"
            )
        }
        if !report.unrecoverable.isEmpty {
            out.write("  not restored: \(Self.list(report.unrecoverable)): unreadable, and no command or snapshot frame holds them")
        }
        out.write("indexes kept within MaxIndexBytes \(report.maxIndexBytes) (\(report.maxIndexBytesReason))")
        out.write("check of the copy: " + (check.isClean ? "clean" : check.findings.map(\.line).joined(separator: "\n  ")))
        out.flush()
        if !report.unrecoverable.isEmpty { throw ExitCodes.anomalies }
    }

    /// `offsets 0...59, 61...126, …` (at most 12 ranges named, then how many more).
    static func list(_ ranges: [ClosedRange<UInt64>]) -> String {
        let shown = ranges.prefix(12).map(\.rangeText).joined(separator: ", ")
        let prefix = ranges.count == 1 && ranges[0].lowerBound == ranges[0].upperBound ? "offset " : "offsets "
        return prefix + shown + (ranges.count > 12 ? ", and \(ranges.count - 12) more ranges" : "")
    }
}
