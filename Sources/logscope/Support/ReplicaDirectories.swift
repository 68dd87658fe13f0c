import LogInspection

/// The directories `diff` and the compare view take: all node directories, or all log directories.
enum ReplicaDirectories {
    /// Recognises node directories among `paths`; exits (status 2, with a message) when they mix node
    /// directories and other directories. A missing path says so first.
    ///
    /// - Returns: the node directories, or `nil` when none is one.
    static func nodes(_ paths: [String]) throws -> [NodeDirectory]? {
        let nodes = paths.map(NodeDirectory.recognise)
        guard nodes.contains(where: { $0 != nil }) else { return nil }
        if let plain = nodes.firstIndex(where: { $0 == nil }) {
            _ = try ExitCodes.guarding { try LogDirectory(path: paths[plain]) }
            let node = paths[nodes.firstIndex { $0 != nil }!]
            StandardError.print(
                "logscope: \(node) is a node directory (it holds log/ or raft/log/) but \(paths[plain]) is not; "
                    + "compare node directories together, or the same log of each node (\(node)/raft/log …)")
            throw ExitCodes.failure
        }
        return nodes.compactMap { $0 }
    }
}
