import ArgumentParser
import LogCore

/// `logscope check`: every integrity check, one line per finding, and an exit code for scripts.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a log directory read-only and list every anomaly.",
        discussion: """
            Walks every store frame without trusting the index, checks every index entry, and cross-checks
            the two. Each finding has a stable ID (see README), a severity, the file and byte range, the
            offsets, and expected vs found. Ends with a summary and what the Go reference would do if it
            reopened the directory. Never changes a file.

            Exit status: 0 clean (info findings allowed), 1 warnings or errors found (a directory with no
            segment is one, and stderr says so), 2 an I/O error, 64 a usage error.

            Examples:
              logscope check ./log
              logscope check ./log --json | jq '.findings[].id'
              logscope check ./log -q && echo healthy
            """
    )

    @Argument(help: "The log directory.")
    var directory: String

    @Flag(help: "One JSON document with findings, per-segment health and the reopen prediction.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing; only the exit status tells.")
    var quiet = false

    @Flag(help: "Explain each finding's likely cause, impact and fix.")
    var explain = false

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction; default: inferred from the files).")
    var referenceMaxIndexBytes: UInt64?

    @Flag(inversion: .prefixedNo, help: "Treat the newest segment as being written (default: detect a LogCore writer's lock).")
    var live: Bool?

    func run() throws {
        let (report, prediction) = try ExitCodes.guarding {
            let directory = try LogDirectory(path: self.directory)
            if directory.segments.isEmpty, !quiet { StandardError.print(directory.noSegmentsNote) }
            let report = try IntegrityChecker(directory: directory, live: live).run()
            let prediction = try ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
            return (report, prediction)
        }
        if !quiet {
            var output = StandardOutput()
            if json {
                output.write(CheckFormatter.json(report: report, prediction: prediction))
            } else {
                for line in CheckFormatter.lines(report: report, prediction: prediction, explain: explain) { output.write(line) }
            }
            output.flush()
        }
        if !report.isClean { throw ExitCodes.anomalies }
    }
}
