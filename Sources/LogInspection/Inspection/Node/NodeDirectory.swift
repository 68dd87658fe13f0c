/// The data directory of a node of the book's replicated service (`DistributedLog` over Raft),
/// recognised by its layout and read without changing anything.
///
/// ```
/// <data>/log/<base>.store|.index        the data log (the state machine), InitialOffset 0
/// <data>/raft/log/<base>.store|.index   Raft's log store, the same format, InitialOffset 1
/// <data>/raft/stable                    raft-boltdb's BoltDB file (CurrentTerm, LastVoteTerm, LastVoteCand)
/// <data>/raft/snapshots/<term>-<index>-<unixms>/meta.json, state.bin
/// ```
///
/// Opening only lists directories; it reads no record.
import LogCore

public struct NodeDirectory: Sendable, Equatable {
    /// One of the node's logs.
    public struct Log: Sendable, Equatable {
        /// What the log holds.
        public enum Role: Sendable, Equatable {
            /// `log/`: the state machine's records, one per applied command.
            case data
            /// `raft/log/`: Raft's entries (offset = Raft index, with term and type).
            case raft
        }

        /// Its path relative to the node directory: `log` or `raft/log`.
        public var name: String
        /// Its full path.
        public var path: String
        /// What it holds.
        public var role: Role
    }

    /// One snapshot directory under `raft/snapshots/`.
    public struct Snapshot: Sendable, Equatable {
        /// The directory's name, `<term>-<index>-<unixms>` as raft's file snapshot store names it.
        public var id: String
        /// Its full path.
        public var path: String
        /// The term parsed from the name; `nil` when the name is not of that form.
        public var term: UInt64?
        /// The last Raft index the snapshot covers, parsed from the name.
        public var index: UInt64?
    }

    /// The node directory's path.
    public var path: String
    /// Its logs that exist, data log first.
    public var logs: [Log]
    /// The path of `raft/stable` when it exists.
    public var stablePath: String?
    /// The snapshot directories, oldest first (by index, then name).
    public var snapshots: [Snapshot]

    /// Whether this is a node's `raft/` folder rather than its data directory: its one log, `log/`, is
    /// the Raft log, and `stable` and `snapshots/` lie beside it.
    public var isRaftFolder = false

    /// Recognises `path` as a node's data directory (one holding `log/` or `raft/log/` as a directory), or
    /// as a node's `raft/` folder (one holding `log/` beside a `stable` file or a `snapshots/` folder,
    /// and no `raft/`): its `log/` is then the Raft log, named `log` as the path shows it.
    ///
    /// - Returns: `nil` when `path` is neither (a plain log directory, say).
    public static func recognise(_ path: String) -> NodeDirectory? {
        recognise(path, access: FileAccessRoutes.access(for: path))
    }

    /// ``recognise(_:)`` through `access` (a directory on another machine).
    package static func recognise(_ path: String, access: any FileAccess) -> NodeDirectory? {
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let isDirectory = { (path: String) in access.status(of: path).kind == .directory }
        let isFile = { (path: String) in access.status(of: path).kind == .regularFile }
        let snapshots = { (directory: String) in Self.snapshots(in: directory, access: access) }
        if isDirectory(root + "/log"), !isDirectory(root + "/raft"),
            isFile(root + "/stable") || isDirectory(root + "/snapshots")
        {
            let stable = root + "/stable"
            var folder = NodeDirectory(
                path: root, logs: [Log(name: "log", path: root + "/log", role: .raft)],
                stablePath: isFile(stable) ? stable : nil, snapshots: snapshots(root + "/snapshots"))
            folder.isRaftFolder = true
            return folder
        }
        var logs: [Log] = []
        if isDirectory(root + "/log") { logs.append(Log(name: "log", path: root + "/log", role: .data)) }
        if isDirectory(root + "/raft/log") { logs.append(Log(name: "raft/log", path: root + "/raft/log", role: .raft)) }
        guard !logs.isEmpty else { return nil }
        let stable = root + "/raft/stable"
        return NodeDirectory(
            path: root,
            logs: logs,
            stablePath: isFile(stable) ? stable : nil,
            snapshots: snapshots(root + "/raft/snapshots")
        )
    }

    private static func snapshots(in directory: String, access: any FileAccess) -> [Snapshot] {
        guard access.status(of: directory).kind == .directory, let names = try? access.entries(of: directory) else { return [] }
        let found = names.filter { access.status(of: directory + "/" + $0).kind == .directory }.map { name -> Snapshot in
            let parts = name.split(separator: "-", omittingEmptySubsequences: false)
            let term = parts.count == 3 ? UInt64(parts[0]) : nil
            let index = parts.count == 3 ? UInt64(parts[1]) : nil
            return Snapshot(id: name, path: directory + "/" + name, term: term, index: index)
        }
        return found.sorted { ($0.index ?? 0, $0.id) < ($1.index ?? 0, $1.id) }
    }
}
