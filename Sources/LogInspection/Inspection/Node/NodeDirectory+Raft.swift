import LogCore

extension NodeDirectory {
    /// The node's Raft state from `raft/stable`; `nil` when the node has no such file.
    ///
    /// - Throws: when the file cannot be read or is not a raft-boltdb file (see ``RaftStableState/init(path:)``).
    public func stableState() throws(LogError) -> RaftStableState? {
        guard let stablePath else { return nil }
        return try RaftStableState(path: stablePath)
    }

    /// The log named `name` (`log` or `raft/log`), if the node has it.
    public func log(named name: String) -> Log? {
        logs.first { $0.name == name }
    }
}

extension NodeDirectory.Snapshot {
    /// The path of the snapshot's `meta.json`.
    public var metaPath: String { path + "/meta.json" }
    /// The path of the snapshot's `state.bin`: the data log's store files concatenated.
    public var statePath: String { path + "/state.bin" }
    /// The size of `state.bin`, `nil` when it is missing.
    public var stateSize: UInt64? { FileAccessRoutes.access(for: statePath).size(of: statePath) }

    /// Reads the snapshot's `meta.json`.
    ///
    /// - Throws: see ``RaftSnapshotMeta/init(path:)``.
    public func meta() throws(LogError) -> RaftSnapshotMeta {
        try RaftSnapshotMeta(path: metaPath)
    }
}
