/// How a node of the replicated service stopped, as its data log shows it: the service's `Close` cuts
/// every data-log index to its entries, a crash leaves the newest one preallocated with zeros. Only the
/// newest index of the data log is looked at (its name from one listing, then its last bytes).
import LogCore

public enum NodeShutdown: Sendable, Equatable {
    /// The data log was closed: its newest index ends in a real entry. `evidence` says which file.
    case closed(evidence: String)
    /// The data log was not closed: its newest index ends in preallocated zeros.
    case notClosed(evidence: String)
    /// Nothing tells: no data log, or one with no index, or a file that could not be read.
    case unknown(reason: String)

    /// The node that holds a Raft log at `raftLogPath` (`<node>/raft/log`), when the layout says it
    /// is one: its data directory, which holds `log/`.
    package static func nodeRoot(ofRaftLog raftLogPath: String, access: any FileAccess) -> String? {
        var parts = raftLogPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, parts[parts.count - 1] == "log", parts[parts.count - 2] == "raft" else { return nil }
        parts.removeLast(2)
        let root = (raftLogPath.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
        let node = root.isEmpty ? "." : root
        return access.status(of: node + "/log").kind == .directory ? node : nil
    }

    /// What the data log at `path` says, read through `access`.
    package static func of(dataLog path: String, access: any FileAccess) -> NodeShutdown {
        guard let names = try? access.entries(of: path) else { return .unknown(reason: "its data log \(path) cannot be listed") }
        let newest = names.compactMap(SegmentFileName.init(parsing:)).filter { $0.kind == .index }.map(\.baseOffset).max()
        guard let newest else { return .unknown(reason: "its data log (log/) holds no index") }
        let name = "log/\(newest).index"
        guard let file = try? access.openForReading(path + "/\(newest).index") else {
            return .unknown(reason: "\(name) cannot be read")
        }
        defer { try? file.close() }
        guard let size = try? file.size() else { return .unknown(reason: "\(name) cannot be read") }
        if size == 0 { return .closed(evidence: "\(name) was cut to its entries (none), as the service's Close does") }
        // The bytes after the last whole entry, or the last whole entry: zeros there are a preallocated tail
        // (a lone zero entry is the real first entry of a segment whose first frame starts at 0).
        let partial = Int(size % UInt64(IndexEntry.size))
        let tailCount = partial > 0 ? partial : IndexEntry.size
        var tail = [UInt8](repeating: 0xFF, count: tailCount)
        let read = tail.withUnsafeMutableBytes { buffer in (try? file.read(into: buffer.baseAddress!, count: tailCount, at: size - UInt64(tailCount))) ?? -1 }
        guard read == tailCount else { return .unknown(reason: "\(name) cannot be read") }
        let zeroTail = tail.allSatisfy { $0 == 0 } && (partial > 0 || size > UInt64(IndexEntry.size))
        if zeroTail {
            return .notClosed(evidence: "the node did not close its data log either: \(name) keeps its preallocated zero tail (a \(size)-byte file)")
        }
        if partial > 0 { return .unknown(reason: "\(name) ends in \(Plural.count(partial, "byte")) of a partial entry") }
        return .closed(evidence: "\(name) was cut to its \(Plural.count(Int(size) / IndexEntry.size, "entry", "entries")), as the service's Close does")
    }
}
