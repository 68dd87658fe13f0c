import LogCore
import LogInspection

/// Text and JSON-lines renderings of `diff`: one line per run of offsets, then each node's mapping.
struct DiffFormatter {
    /// The directories as given on the command line.
    let directories: [String]
    let format: DiffCommand.Format

    /// What the rows and mappings said, for the closing line and the exit status.
    struct Summary {
        /// Per log (in order): runs in all, runs that do not agree.
        var runs: [(log: String?, total: Int, differing: Int)] = []
        /// Per node whose data log does not fit its Raft log: how many warnings and errors say so.
        var nodes: [(node: Int, findings: Int)] = []

        /// Whether anything does not agree.
        var differs: Bool { runs.contains { $0.differing > 0 } || !nodes.isEmpty }

        mutating func add(_ row: ReplicaDiff.Row, log: String?) {
            if runs.last.map({ $0.log != log }) ?? true { runs.append((log, 0, 0)) }
            runs[runs.count - 1].total += 1
            // A writer's unflushed entries are not a difference: it is still writing them.
            if row.verdict != .agree, row.verdict != .pending { runs[runs.count - 1].differing += 1 }
        }

        mutating func add(_ report: NodeConsistency.Report, node: Int) {
            let findings = report.findings.filter { $0.finding.severity > .info }.count
            if findings > 0 { nodes.append((node, findings)) }
        }
    }

    /// The legend of directory numbers (text only).
    func header() -> [String] {
        format == .text ? directories.enumerated().map { "\($0.offset) = \($0.element)" } : []
    }

    /// One run, as a line of text or a JSON object.
    func write(_ row: ReplicaDiff.Row, log: String?, raft: Bool, to output: inout StandardOutput) {
        if format == .text { return output.write(text(row, log: log, raft: raft)) }
        output.writeObject { json(row, log: log, raft: raft, into: &$0) }
    }

    /// The closing line (text only).
    func summary(_ summary: Summary) -> String? {
        guard format == .text else { return nil }
        guard summary.differs else { return "result: the \(directories.count) directories agree" }
        var parts = summary.runs.filter { $0.differing > 0 }.map { "\($0.log ?? "the logs") (\($0.differing) of \(Plural.count($0.total, "run")))" }
        parts += summary.nodes.map { "node \($0.node)'s data log against its Raft log (\(Plural.count($0.findings, "finding")), see `logscope check`)" }
        return "result: differences in " + parts.joined(separator: ", ")
    }

    // MARK: Text

    private func text(_ row: ReplicaDiff.Row, log: String?, raft: Bool) -> String {
        (log.map { $0 + " " } ?? "") + row.text(raft: raft)
    }

    /// The mapping of node `node`'s data offsets to commands, one line per piece (text) or object
    /// (jsonl), then what no piece shows: a snapshot that is not the data log's prefix.
    func writeMapping(_ report: NodeConsistency.Report, node: Int, to output: inout StandardOutput) {
        for piece in report.pieces {
            if format == .text {
                output.write(text(piece, node: node))
            } else {
                output.writeObject { json(piece, node: node, into: &$0) }
            }
        }
        if report.omittedPieces > 0, format == .text { output.write("node \(node): \(Plural.count(report.omittedPieces, "more piece")) not listed") }
        for located in report.findings where located.finding.id == .nodeSnapshotMismatch {
            if format == .text {
                output.write("node \(node): " + CheckFormatter.line(located))
            } else {
                output.writeObject { object in
                    object.field("node", node)
                    object.object("finding") { CheckFormatter.findingJSON(located.finding, log: located.log, into: &$0) }
                }
            }
        }
    }

    private func text(_ piece: NodeConsistency.Piece, node: Int) -> String {
        let data = piece.data.map { "data " + $0.rangeText } ?? ""
        let commands = piece.commandsText
        let explanation: String
        switch piece.kind {
        case .snapshot: explanation = "\(data) = only in snapshot \(piece.snapshot ?? "")"
        case .commands: explanation = "\(data) = \(commands)"
        case .replay:
            explanation = "\(data) = a replay of \(commands)" + (piece.firstApplied.map { ", first applied at data " + $0.rangeText } ?? "")
        case .mismatch: explanation = "\(data) ≠ \(commands): different values"
        case .lost: explanation = "\(data) lost; \(commands) still in the Raft log: a replay restores \(piece.data?.offsetCount == 1 ? "it" : "them")"
        case .ahead: explanation = "\(data) = no command: after the Raft log's last one"
        case .behind: explanation = "\(commands) = no data record"
        }
        return "node \(node): " + explanation
    }

    // MARK: JSON lines

    private func json(_ row: ReplicaDiff.Row, log: String?, raft: Bool, into object: inout JSONObjectWriter) {
        object.field("log", log ?? ".")
        object.field("from", row.offsets.lowerBound)
        object.field("to", row.offsets.upperBound)
        object.field("verdict", row.verdict.rawValue)
        object.array("present", row.present, Self.number)
        object.array("absent", row.absent, Self.number)
        if !row.unreadable.isEmpty { object.array("unreadable", row.unreadable, Self.number) }
        if !row.pending.isEmpty { object.array("pending", row.pending, Self.number) }
        object.objects("groups", row.groups) { item, group in
            item.array("directories", group.directories, Self.number)
            if raft {
                item.field("term", group.term)
                item.field("type", group.type)
            }
        }
        if raft, row.verdict == .diverge { object.field("log_matching_violation", row.logMatchingViolation) }
        if let reason = row.unreadableReason { object.field("reason", "\(reason.directory): \(reason.reason)") }
    }

    private func json(_ piece: NodeConsistency.Piece, node: Int, into object: inout JSONObjectWriter) {
        object.field("node", node)
        object.field("kind", piece.kind.rawValue)
        for (name, range) in [("data", piece.data), ("command", piece.commands), ("raft_index", piece.raftIndexes), ("first_applied", piece.firstApplied)] {
            guard let range else { continue }
            object.field(name + "_from", range.lowerBound)
            object.field(name + "_to", range.upperBound)
        }
        if let snapshot = piece.snapshot { object.field("snapshot", snapshot) }
    }

    // MARK: Helpers

    /// A directory's number in an array.
    private static func number(_ out: ByteOutput, _ directory: Int) {
        out.write(decimal: directory)
    }

}
