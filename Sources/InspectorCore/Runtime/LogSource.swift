import LogCore
import LogInspection

/// One log the inspector can show: a log directory, or a store stream (a snapshot's `state.bin`).
/// A node's data directory offers several (``node(_:)``); `L` switches between them.
public struct LogSource: Sendable, Equatable {
    /// How the source is named in the list: `log`, `raft/log`, `snapshot 2-504-…/state.bin`.
    public var name: String
    /// The log directory or the stream file.
    public var path: String
    /// Whether `path` is a store stream read as one segment, not a directory.
    public var isStoreStream: Bool

    /// A plain log directory.
    public static func directory(_ path: String) -> LogSource {
        LogSource(name: path, path: path, isStoreStream: false)
    }

    /// The logs of the node whose data directory is `path`: its data log, its Raft log, and each
    /// snapshot's `state.bin`; `nil` when `path` is not a node's data directory.
    public static func node(_ path: String) -> [LogSource]? {
        guard let node = NodeDirectory.recognise(path) else { return nil }
        return node.logs.map { LogSource(name: $0.name, path: $0.path, isStoreStream: false) }
            + node.snapshots.filter { $0.stateSize != nil }.map {
                LogSource(name: "snapshot \($0.id)/state.bin", path: $0.statePath, isStoreStream: true)
            }
    }

    /// Opens the source read-only.
    public func open() throws(LogError) -> LogDirectory {
        isStoreStream ? try LogDirectory(storeStream: path) : try LogDirectory(path: path)
    }

    /// Opens the source read-only and follows it: a directory is watched before it is listed (no
    /// change falls between the two); a stream does not change.
    func follow(access: (any FileAccess)? = nil) throws(LogError) -> LogFollower {
        isStoreStream ? LogFollower(directory: try open()) : try LogFollower(path: path, access: access ?? FileAccessRoutes.access(for: path))
    }

    /// What `check` would say about reopening it, for a stream (which the Go reference never reopens).
    static let streamReopen =
        "not applicable: a snapshot's state.bin is the data log's store files concatenated, which raft hands to the state machine's Restore; the Go reference never opens it as a log."
}
