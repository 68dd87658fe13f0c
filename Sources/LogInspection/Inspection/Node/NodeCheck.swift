/// Checks a node directory read-only: each of its logs with every check ``IntegrityChecker`` makes,
/// then the data log against the Raft log (``NodeConsistency``).
///
/// A Raft log's findings are read in the light of the service that wrote it: its
/// `DistributedLog.Close` never closes the Raft log store, so after a clean shutdown every
/// `raft/log` index keeps its preallocated zero tail (``ZeroTailCause``, decided from the data log)
/// and the newest store may lack its buffered writes, which its finding then says.
import LogCore

public struct NodeCheck {
    /// One log's check.
    public struct LogResult {
        /// The log.
        public var log: NodeDirectory.Log
        /// Its directory, as the check read it.
        public var directory: LogDirectory
        /// What the check found.
        public var report: IntegrityChecker.Report
    }

    /// Everything the check found.
    public struct Report {
        /// Each log's check, data log first.
        public var logs: [LogResult]
        /// The data log against the Raft log, when the node has both.
        public var consistency: NodeConsistency.Report?

        /// Every finding with its log as shown (``IntegrityChecker/Report/foldedFindings``): each
        /// log's, then the node-level ones.
        public var findings: [NodeFinding] {
            logs.flatMap { result in result.report.foldedFindings.map { NodeFinding(log: result.log.name, finding: $0) } } + (consistency?.findings ?? [])
        }

        /// The number of findings of each severity.
        public func count(_ severity: Finding.Severity) -> Int {
            findings.filter { $0.finding.severity == severity }.count
        }

        /// Whether no finding is a warning or an error.
        public var isClean: Bool { !findings.contains { $0.finding.severity > .info } }
    }

    /// The node directory.
    public let node: NodeDirectory
    /// Treat each log's newest segment as being written (`nil`: look in `/proc` for a writer, ``LogDirectory/holders()``).
    public var live: Bool?

    /// Creates a check of `node`.
    public init(node: NodeDirectory, live: Bool? = nil) {
        self.node = node
        self.live = live
    }

    /// Runs every check.
    public func run() throws(LogError) -> Report {
        var results: [LogResult] = []
        for log in node.logs {
            let directory = try LogDirectory(path: log.path)
            var report = try IntegrityChecker(directory: directory, live: live).run()
            if log.role == .raft, !report.live { Self.explainUnclosedStore(in: &report, newest: directory.segments.last) }
            results.append(LogResult(log: log, directory: directory, report: report))
        }
        var consistency: NodeConsistency.Report?
        if let data = results.first(where: { $0.log.role == .data }), let raft = results.first(where: { $0.log.role == .raft }) {
            consistency = try NodeConsistency(node: node, data: data.directory, raft: raft.directory).run()
        }
        return Report(logs: results, consistency: consistency)
    }

    /// Adds to a Raft log's entries past the newest store's end what the upstream `Close` does, when
    /// the node closed cleanly (``ZeroTailCause/serviceCloseLeftRaftLogOpen(evidence:)``): its buffered
    /// writes were never flushed. The zero tails say their cause themselves.
    static func explainUnclosedStore(in report: inout IntegrityChecker.Report, newest: InspectedSegment?) {
        guard case .serviceCloseLeftRaftLogOpen = report.zeroTailCause else { return }
        for i in report.findings.indices where report.findings[i].id == .indexPastStoreEnd && report.findings[i].file == newest?.indexName {
            report.findings[i].summary +=
                "; the service's DistributedLog.Close never closes the Raft log store, so its buffered writes were never flushed (an upstream bug)"
        }
    }
}
