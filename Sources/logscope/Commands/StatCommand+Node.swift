import ArgumentParser
import LogCore
import LogInspection

extension StatCommand {
    /// What `stat` shows of a node's data directory besides its logs.
    struct NodeParts {
        var state: Result<RaftStableState, LogError>?
        var snapshots: [(snapshot: NodeDirectory.Snapshot, meta: Result<RaftSnapshotMeta, LogError>)]

        /// Whether a part could not be read (the exit status is then 1).
        var hasFailure: Bool {
            if case .failure? = state { return true }
            return snapshots.contains {
                if case .failure = $0.meta { return true }
                return false
            }
        }
    }

    /// `stat` of a node's data directory: each log's summary, the Raft state and the snapshots.
    func run(node: NodeDirectory) throws {
        let summaries = try node.logs.map { (log: $0, summary: try summarise($0.path)) }
        let state: Result<RaftStableState, LogError>?
        switch Result(catching: { () throws(LogError) in try node.stableState() }) {
        case .success(let read): state = read.map { .success($0) }
        case .failure(let error): state = .failure(error)
        }
        let parts = NodeParts(
            state: state,
            snapshots: node.snapshots.map { snapshot in (snapshot, Result { () throws(LogError) in try snapshot.meta() }) })
        var output = StandardOutput()
        if json {
            output.writeObject { NodeStatFormatter.json(node: node, summaries: summaries, parts: parts, into: &$0) }
        } else {
            for line in NodeStatFormatter.lines(node: node, summaries: summaries, parts: parts) { output.write(line) }
        }
        try output.finish()
        if parts.hasFailure { throw ExitCodes.anomalies }
    }
}

/// Text and JSON renderings of a node's data directory for `stat`.
enum NodeStatFormatter {
    typealias Summaries = [(log: NodeDirectory.Log, summary: StatCommand.Summary)]

    static func lines(node: NodeDirectory, summaries: Summaries, parts: StatCommand.NodeParts) -> [String] {
        let what =
            node.isRaftFolder ? "a node's raft/ folder (Raft's log/" : "a node's data directory (\(node.logs.map { $0.name + "/" }.joined(separator: ", "))"
        let stable = node.isRaftFolder ? ", stable" : ", raft/stable"
        var lines = [
            "\(node.path): \(what)" + (node.stablePath == nil ? "" : stable) + ", \(Plural.count(node.snapshots.count, "snapshot")))",
            "",
        ]
        for (log, summary) in summaries {
            lines.append("== \(log.name)/: \(log.role == .data ? "the data log (the state machine)" : "Raft's log (offset = Raft index)")")
            lines += StatFormatter.lines(summary)
            lines.append("")
        }
        lines.append("== raft/stable: the node's Raft state")
        switch parts.state {
        case nil:
            lines.append("no raft/stable")
        case .failure(let error)?:
            lines.append("unreadable: \(error)")
        case .success(let state)?:
            lines.append(
                "CurrentTerm \(text(state.currentTerm)), LastVoteTerm \(text(state.lastVoteTerm)), LastVoteCand \(state.lastVoteCandidate ?? "none")"
                    + " (BoltDB transaction \(state.transactionID))")
        }
        lines.append("")
        lines.append("== raft/snapshots/: \(Plural.count(node.snapshots.count, "snapshot"))")
        var table = [["id", "index", "term", "state.bin", "configuration"]]
        var failures: [String] = []
        for (snapshot, meta) in parts.snapshots {
            let size = snapshot.stateSize.map(ByteSize.long) ?? "missing"
            switch meta {
            case .success(let meta):
                let mismatch = snapshot.stateSize.map { $0 == meta.size ? "" : " (meta.json says \(meta.size) B)" } ?? ""
                table.append([snapshot.id, "\(meta.index)", "\(meta.term)", size + mismatch, meta.configuration?.summary ?? "none"])
            case .failure(let error):
                table.append([snapshot.id, text(snapshot.index), text(snapshot.term), size, "meta.json unreadable (below)"])
                failures.append("\(snapshot.id): \(error)")
            }
        }
        if !parts.snapshots.isEmpty { lines += TextTable.render(table, rightAligned: [1, 2, 3]) }
        return lines + failures
    }

    static func json(node: NodeDirectory, summaries: Summaries, parts: StatCommand.NodeParts, into root: inout JSONObjectWriter) {
        root.field("node", node.path)
        root.objects("logs", summaries) { object, log in StatFormatter.json(log.summary, log: log.log.name, into: &object) }
        switch parts.state {
        case nil:
            root.field("raft_state", nil as String?)
        case .failure(let error)?:
            root.object("raft_state") { $0.field("error", "\(error)") }
        case .success(let state)?:
            root.object("raft_state") { object in
                object.field("current_term", state.currentTerm)
                object.field("last_vote_term", state.lastVoteTerm)
                object.field("last_vote_candidate", state.lastVoteCandidate)
                object.field("transaction", state.transactionID)
            }
        }
        root.objects("snapshots", parts.snapshots) { object, part in
            let (snapshot, meta) = part
            object.field("id", snapshot.id)
            object.field("state_bytes", snapshot.stateSize)
            switch meta {
            case .success(let meta):
                object.field("index", meta.index)
                object.field("term", meta.term)
                object.field("size", meta.size)
                object.field("configuration_index", meta.configurationIndex)
                object.field("servers") { servers(meta.configuration, to: $0) }
            case .failure(let error):
                object.field("error", "\(error)")
            }
        }
    }

    /// A configuration's servers as a JSON array (`null` without a configuration).
    static func servers(_ configuration: RaftConfiguration?, to out: ByteOutput) {
        guard let configuration else { return out.write("null") }
        out.writeJSONArray(configuration.servers) { out, server in
            JSONObjectWriter.write(to: out) { object in
                object.field("id", server.id)
                object.field("address", server.address)
                object.field("suffrage", server.suffrage.description)
            }
        }
    }

    private static func text(_ number: UInt64?) -> String { number.map(String.init) ?? "none" }
}
