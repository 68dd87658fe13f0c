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
            if row.verdict != .agree { runs[runs.count - 1].differing += 1 }
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

    /// One run.
    func row(_ row: ReplicaDiff.Row, log: String?, raft: Bool) -> String {
        format == .text ? text(row, log: log, raft: raft) : json(row, log: log, raft: raft)
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
    func mapping(_ report: NodeConsistency.Report, node: Int) -> [String] {
        var lines = report.pieces.map { format == .text ? text($0, node: node) : json($0, node: node) }
        if report.omittedPieces > 0, format == .text { lines.append("node \(node): \(Plural.count(report.omittedPieces, "more piece")) not listed") }
        for located in report.findings where located.finding.id == .nodeSnapshotMismatch {
            if format == .text {
                lines.append("node \(node): " + CheckFormatter.line(located))
            } else {
                var object = JSONObject()
                object.field("node", node)
                object.field("finding", raw: CheckFormatter.findingJSON(located.finding, log: located.log))
                lines.append(object.json)
            }
        }
        return lines
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
        case .ahead: explanation = "\(data) = no command: after the Raft log's last one"
        case .behind: explanation = "\(commands) = no data record"
        }
        return "node \(node): " + explanation
    }

    // MARK: JSON lines

    private func json(_ row: ReplicaDiff.Row, log: String?, raft: Bool) -> String {
        var object = JSONObject()
        object.field("log", log ?? ".")
        object.field("from", row.offsets.lowerBound)
        object.field("to", row.offsets.upperBound)
        object.field("verdict", row.verdict.rawValue)
        object.field("present", raw: Self.array(row.present))
        object.field("absent", raw: Self.array(row.absent))
        if !row.unreadable.isEmpty { object.field("unreadable", raw: Self.array(row.unreadable)) }
        let groups = row.groups.map { group in
            var item = JSONObject()
            item.field("directories", raw: Self.array(group.directories))
            if raft {
                item.field("term", group.term)
                item.field("type", group.type)
            }
            return item.json
        }
        object.field("groups", raw: JSONObject.array(groups))
        if raft, row.verdict == .diverge { object.field("log_matching_violation", row.logMatchingViolation) }
        if let reason = row.unreadableReason { object.field("reason", "\(reason.directory): \(reason.reason)") }
        return object.json
    }

    private func json(_ piece: NodeConsistency.Piece, node: Int) -> String {
        var object = JSONObject()
        object.field("node", node)
        object.field("kind", piece.kind.rawValue)
        for (name, range) in [("data", piece.data), ("command", piece.commands), ("raft_index", piece.raftIndexes), ("first_applied", piece.firstApplied)] {
            guard let range else { continue }
            object.field(name + "_from", range.lowerBound)
            object.field(name + "_to", range.upperBound)
        }
        if let snapshot = piece.snapshot { object.field("snapshot", snapshot) }
        return object.json
    }

    // MARK: Helpers

    private static func array(_ directories: [Int]) -> String {
        JSONObject.array(directories.map(String.init))
    }

}
