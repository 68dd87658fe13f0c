/// What `logscope diff` compares: one log in several directories, or each log (`log`, `raft/log`) of
/// several node directories separately, and then each node's data log against its Raft log.
///
/// Opening lists the directories read-only; nothing is read until a diff runs.
import LogCore

public struct ReplicaComparison {
    /// One log compared across the directories.
    public struct ComparedLog {
        /// Its path relative to a node directory (`log`, `raft/log`), or `nil` for plain log directories.
        public var name: String?
        /// The comparison.
        public var diff: ReplicaDiff
    }

    /// The logs to compare, in the order a node directory lists them (data log first).
    public let logs: [ComparedLog]
    /// The node directories, by position, when the directories are nodes.
    public let nodes: [NodeDirectory]?

    /// Compares plain log directories: as Raft logs (term and type a run, runs split where they change,
    /// Log Matching checked) when their records are Raft records (``holdRaftRecords(_:)``), as
    /// `diff node-0/raft/log node-2/raft/log` compares them.
    ///
    /// - Throws: ``LogError`` when a directory cannot be listed or read.
    public init(logDirectories paths: [String]) throws(LogError) {
        var directories: [LogDirectory?] = []
        for path in paths { directories.append(try LogDirectory(path: path)) }
        logs = [ComparedLog(name: nil, diff: ReplicaDiff(directories: directories, raft: try Self.holdRaftRecords(directories), held: Self.held(directories)))]
        nodes = nil
    }

    /// The segments a writer holds in each directory, looked up once (a live writer's unflushed
    /// entries are pending, not unreadable).
    package static func held(_ directories: [LogDirectory?]) -> [Set<UInt64>] {
        directories.map { $0?.segmentsHeldByWriter ?? [] }
    }

    /// Whether the directories hold Raft records: the first readable record of one of them carries a
    /// term (a data record never does). At most the first few entries of each are read.
    static func holdRaftRecords(_ directories: [LogDirectory?]) throws(LogError) -> Bool {
        for directory in directories {
            var walk = PayloadWalk(directory: directory)
            for _ in 0..<8 {
                guard try walk.advance() else { break }
                guard let fields = walk.fields else { continue }
                if fields.term != nil { return true }
                break
            }
        }
        return false
    }

    /// Compares node directories: each log that any of them has (a node without it holds nothing there).
    ///
    /// - Throws: ``LogError`` when a log directory cannot be listed.
    public init(nodes: [NodeDirectory]) throws(LogError) {
        var logs: [ComparedLog] = []
        for role in [NodeDirectory.Log.Role.data, .raft] {
            guard let name = nodes.lazy.flatMap(\.logs).first(where: { $0.role == role })?.name else { continue }
            var directories: [LogDirectory?] = []
            for node in nodes {
                guard let log = node.logs.first(where: { $0.role == role }) else {
                    directories.append(nil)
                    continue
                }
                directories.append(try LogDirectory(path: log.path))
            }
            logs.append(ComparedLog(name: name, diff: ReplicaDiff(directories: directories, raft: role == .raft, held: Self.held(directories))))
        }
        self.logs = logs
        self.nodes = nodes
    }

    /// Node `i`'s data log against its Raft log; `nil` for plain log directories or a node without both logs.
    public func consistency(ofNode i: Int) throws(LogError) -> NodeConsistency.Report? {
        guard let nodes,
            let data = logs.first(where: { !$0.diff.raft })?.diff.directories[i],
            let raft = logs.first(where: { $0.diff.raft })?.diff.directories[i]
        else { return nil }
        return try NodeConsistency(node: nodes[i], data: data, raft: raft).run()
    }
}
