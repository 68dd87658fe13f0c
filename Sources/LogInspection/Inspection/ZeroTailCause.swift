import LogCore

/// Why the indexes of a log end in preallocated zero slots that no writer holds open, decided once
/// for the log from what its files and the node around it show. Every command and the inspector word
/// a zero tail by it (``IntegrityChecker/Report/zeroTailCause``).
///
/// A clean `Close` of the reference (and of LogCore) cuts every index to its entries, so in a plain log
/// a zero tail is a crash. The replicated service is different: its `DistributedLog.Close` never closes
/// the Raft log store (an upstream bug), so a Raft log keeps its tails after a clean shutdown too, and
/// only the node's data log tells the two apart (``NodeShutdown``).
public enum ZeroTailCause: Sendable, Equatable {
    /// The writer stopped without closing the log (a crash, a kill, a power loss); `evidence` says what
    /// besides the tails shows it, when something does.
    case uncleanShutdown(evidence: String?)
    /// A Raft log of a node that closed cleanly: the service's `Close` left the tails (an upstream bug).
    case serviceCloseLeftRaftLogOpen(evidence: String)
    /// A Raft log whose node's shutdown nothing shows.
    case cannotTell(reason: String)

    /// The cause for a log at `path` whose records carry Raft terms when `raftTerms` is set: a Raft log
    /// (by its records, or by its place at `<node>/raft/log`) is judged by its node's data log.
    package static func decide(path: String, raftTerms: Bool, access: any FileAccess) -> ZeroTailCause {
        let node = NodeShutdown.nodeRoot(ofRaftLog: path, access: access)
        guard raftTerms || node != nil else { return .uncleanShutdown(evidence: nil) }
        guard let node else {
            return .cannotTell(reason: "no node directory holds this Raft log (<node>/raft/log beside <node>/log), so nothing shows how the node stopped")
        }
        switch NodeShutdown.of(dataLog: node + "/log", access: access) {
        case .closed(let evidence): return .serviceCloseLeftRaftLogOpen(evidence: evidence)
        case .notClosed(let evidence): return .uncleanShutdown(evidence: evidence)
        case .unknown(let reason): return .cannotTell(reason: reason)
        }
    }

    /// The zero tail's summary in a check's finding.
    public var summary: String {
        switch self {
        case .uncleanShutdown(nil):
            return "preallocated tail left by an unclean shutdown"
        case .uncleanShutdown(let evidence?):
            return "preallocated tail left by an unclean shutdown: \(evidence)"
        case .serviceCloseLeftRaftLogOpen(let evidence):
            return "preallocated tail left by a clean shutdown, not a crash: the service's DistributedLog.Close never closes the Raft log store "
                + "(an upstream bug), so the Go reference cannot restart this node (it takes each tail for entries, bug K1, and raft then fails "
                + "with \"failed to get log\"); \(evidence)"
        case .cannotTell(let reason):
            return "preallocated tail: cannot tell a crash from a clean shutdown, since the service's DistributedLog.Close leaves a Raft log's "
                + "tails too (an upstream bug), and \(reason); either way the Go reference cannot reopen this log as it is (bug K1)"
        }
    }
}
