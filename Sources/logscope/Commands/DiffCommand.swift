import ArgumentParser
import LogCore
import LogInspection

/// `logscope diff`: compares replicas of a log, range by range, in one streaming pass.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare replicas of a log (or node directories) offset by offset, read-only.",
        discussion: HelpText.reflowed(
            """
            Prints one row per maximal run of offsets with the same verdict and the same directories
            present: agree (every directory holds the same record), absent (the directories that hold
            the run agree, the others hold nothing there), diverge (different records at the same
            offsets; in a Raft log with each side's term, and a Log Matching violation when the same
            index and term hold different bytes) or unreadable (an index entry whose frame cannot be
            read). Records are compared whole, so equal values at different offsets never agree.
            Directories are numbered by their position on the command line, from 0.

            Node directories (holding log/ and raft/log/) have each log compared separately, then, for
            each node, the data log against its Raft log: which data offsets are which commands (Raft
            indexes), what only a snapshot explains, and runs that repeat earlier commands.

            Exit status: 0 everything agrees, 1 differences found, 2 I/O error or directories of both kinds.

            Examples:
              logscope diff node-0 node-1 node-2
              logscope diff n0 n1 --format jsonl | jq 'select(.verdict != "agree")'
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Argument(help: "Two or more log directories, or two or more node directories, here or on other machines (ssh://[user@]host[:port]/path, host:/path).")
    var directories: [String] = []

    @OptionGroup var remote: RemoteOptions

    @Option(help: "text (one line per run) or jsonl (one object per run, then per mapping piece).")
    var format: Format = .text

    func validate() throws {
        if directories.count < 2 { throw ValidationError("diff needs at least two directories") }
        if directories.count > ReplicaDiff.maxDirectories { throw ValidationError("diff compares at most \(ReplicaDiff.maxDirectories) directories") }
    }

    mutating func run() throws {
        directories = try RemoteDirectories.resolve(directories, remote)
        let nodes = try ReplicaDirectories.nodes(directories)
        var output = StandardOutput()
        let formatter = DiffFormatter(directories: directories, format: format)
        let differs = try ExitCodes.guarding {
            let comparison =
                try nodes.map(ReplicaComparison.init(nodes:)) ?? ReplicaComparison(logDirectories: directories)
            var summary = DiffFormatter.Summary()
            for line in formatter.header() { output.write(line) }
            for log in comparison.logs {
                let reached = Locked<UInt64?>(nil)
                let line = Self.progressLine(of: log.diff, named: log.name ?? "the logs", reached: reached)
                defer { line.finish() }
                try log.diff.run(stoppingWhen: { offset in
                    reached.withLock { $0 = offset }
                    return false
                }) { row in
                    summary.add(row, log: log.name)
                    formatter.write(row, log: log.name, raft: log.diff.raft, to: &output)
                }
            }
            for i in directories.indices {
                guard let report = try comparison.consistency(ofNode: i) else { continue }
                summary.add(report, node: i)
                formatter.writeMapping(report, node: i, to: &output)
            }
            if let line = formatter.summary(summary) { output.write(line) }
            return summary.differs
        }
        try output.finish()
        if differs { throw ExitCodes.anomalies }
    }

    /// `comparing log: offset 401407 of 0...899999 (44%) · ~6 s left`, from the offset the walk
    /// reached and the offsets the directories' segments span.
    private static func progressLine(of diff: ReplicaDiff, named name: String, reached: Locked<UInt64?>) -> ProgressLine {
        let segments = diff.directories.compactMap { $0?.segments }
        let first = segments.compactMap { $0.first?.baseOffset }.min() ?? 0
        let last = segments.compactMap { $0.last.map { $0.baseOffset &+ UInt64($0.indexSlots) } }.max() ?? 0
        let start = ContinuousClock.now
        return ProgressLine {
            guard let offset = reached.withLock({ $0 }), last > first else { return nil }
            let done = Int(min(offset, last) - min(first, offset))
            let share = ProgressLine.share(done: done, of: Int(last - first), since: start)
            return "comparing \(name): offset \(offset) of " + RangeNotation.closed("\(first)", "\(last - 1)") + " " + share
        }
    }
}
