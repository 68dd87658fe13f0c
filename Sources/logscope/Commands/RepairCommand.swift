import ArgumentParser
import LogCore

/// `logscope repair`: writes a repaired copy of a log, never touching the original.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Write a repaired copy of a damaged log to a new directory (never in place).",
        discussion: """
            Keeps every complete, decodable frame byte for byte, in offset order; a hole in the middle
            of a segment splits it in two rather than discarding what follows. Indexes are rebuilt;
            stray files are not copied. Prints what it found and what it wrote, then checks the copy.
            Refuses (exit 2) while another process writes the log, the Go reference included.

            Example:
              logscope repair ./log --output ./log.repaired && logscope check ./log.repaired
            """
    )

    @Argument(help: "The damaged log directory (read-only).")
    var directory: String

    @Option(help: "A new (or empty) directory for the repaired copy.")
    var output: String

    func run() throws {
        let (report, check) = try ExitCodes.guarding {
            let source = try LogDirectory(path: directory)
            try ForeignWriters.refuseWriters(of: source)
            let report = try LogRepair(source: source, output: output).run()
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
        if report.framesSkipped > 0 { out.write("skipped \(report.framesSkipped) frames whose offsets repeated or went backwards") }
        out.write("check of the copy: " + (check.isClean ? "clean" : check.findings.map(\.line).joined(separator: "\n  ")))
        out.flush()
    }
}
