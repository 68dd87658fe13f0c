import ArgumentParser
import LogInspection

/// `logscope check`: every integrity check, one line per finding, and an exit code for scripts.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a log directory read-only and list every anomaly.",
        discussion: HelpText.reflowed(
            """
            Walks every store frame without trusting the index, checks every index entry, and cross-checks
            the two. Each finding has a stable ID (see README), a severity, the file and byte range, the
            offsets, and expected vs found. Ends with a summary and what the Go reference would do if it
            reopened the directory. Never changes a file.

            A node directory of the replicated service (holding log/ and raft/log/) has both logs checked,
            each finding prefixed by its log's path ("log", a "log" field in JSON), and then the data log
            checked against the Raft log's commands and newest snapshot (the NODE-* findings).

            Exit status: 0 clean (info findings allowed), 1 warnings or errors found (a directory with no
            segment is one, and stderr says so), 2 an I/O error, 64 a usage error.

            Examples:
              logscope check ./log
              logscope check ./log --json | jq '.findings[].id'
              logscope check ./log -q && echo healthy
              logscope check ./data/node-0
            """)
    )

    @Argument(help: "The log directory, or a node directory (holding log/ and raft/log/). On another machine: ssh://[user@]host[:port]/path or host:/path.")
    var directory: String

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "One JSON document with findings, per-segment health and the reopen prediction.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing; only the exit status tells.")
    var quiet = false

    @Flag(help: "Explain each finding's likely cause, impact and fix.")
    var explain = false

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction; default: inferred from the files).")
    var referenceMaxIndexBytes: UInt64?

    @Flag(inversion: .prefixedNo, help: "Treat the newest segment as being written (default: look in /proc for a writer, a LogCore one or the Go reference).")
    var live: Bool?

    mutating func run() throws {
        directory = try RemoteDirectories.resolve(directory, remote)
        if let node = NodeDirectory.recognise(directory) { return try check(node) }
        let (report, prediction) = try ExitCodes.guarding {
            let directory = try LogDirectory(path: self.directory)
            directory.holderScanInterval = .seconds(1)  // the checker's look at /proc serves the note below too
            if directory.segments.isEmpty, !quiet { StandardError.print(directory.noSegmentsNote) }
            let report = try IntegrityChecker(directory: directory, live: live).runShowingProgress()
            if live == nil { ForeignWriters.noteUnseenWriters(of: directory, live: report.live) }
            let prediction = try ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
            return (report, prediction)
        }
        try finish(
            clean: report.isClean, json: { CheckFormatter.json(report: report, prediction: prediction, into: &$0) },
            lines: { CheckFormatter.lines(report: report, prediction: prediction, explain: explain) })
    }

    /// Prints the report (nothing with `-q`), then exits 1 unless it is clean.
    private func finish(clean: Bool, json document: (inout JSONObjectWriter) -> Void, lines: () -> [String]) throws {
        if !quiet {
            var output = StandardOutput()
            if json {
                output.writeObject(document)
            } else {
                for line in lines() { output.write(line) }
            }
            try output.finish()
        }
        if !clean { throw ExitCodes.anomalies }
    }

    /// Checks a node directory: both logs, then the data log against the Raft log.
    private func check(_ node: NodeDirectory) throws {
        let (report, predictions) = try ExitCodes.guarding {
            let report = try NodeCheck(node: node, live: live).run()
            if live == nil, let first = report.logs.first {
                ForeignWriters.noteUnseenWriters(of: first.directory, live: report.logs.contains { $0.report.live })
            }
            let predictions = try report.logs.map { result in
                try ReferenceReplay(directory: result.directory, maxIndexBytes: referenceMaxIndexBytes, initialOffset: result.log.role == .raft ? 1 : 0)
                    .run(report: result.report)
            }
            return (report, predictions)
        }
        try finish(
            clean: report.isClean, json: { CheckFormatter.json(node: report, predictions: predictions, into: &$0) },
            lines: { CheckFormatter.lines(node: report, predictions: predictions, explain: explain) })
    }
}
