import ArgumentParser
import LogCore
import LogInspection

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

            No index grows past the MaxIndexBytes the log was written with, so the Go reference can
            open the copy with the config that wrote it: give it with --max-index-bytes, or let repair
            infer it from the files (an index of N bytes shows at least N; an index stuck by bug K3
            shows the value to within 11 bytes; otherwise the reference's default, 1024). Records that
            do not fit start a new segment, as the reference would have rolled. --max-store-bytes also
            ends a segment once its store reaches that size.

            Examples:
              logscope repair ./log --output ./log.repaired && logscope check ./log.repaired
              logscope repair ./log --output ./log.repaired --max-index-bytes 1048576
            """
    )

    @Argument(help: "The damaged log directory (read-only).")
    var directory: String

    @Option(help: "A new (or empty) directory for the repaired copy.")
    var output: String

    @Option(help: "The MaxIndexBytes the log's writer uses: no index grows past it (default: inferred from the files).")
    var maxIndexBytes: UInt64?

    @Option(help: "The MaxStoreBytes the log's writer uses: a segment ends once its store reaches it (default: no limit).")
    var maxStoreBytes: UInt64?

    func run() throws {
        let (report, check) = try ExitCodes.guarding {
            let source = try LogDirectory(path: directory)
            try ForeignWriters.refuseWriters(of: source)
            let report = try LogRepair(source: source, output: output, maxIndexBytes: maxIndexBytes, maxStoreBytes: maxStoreBytes).run()
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
}
