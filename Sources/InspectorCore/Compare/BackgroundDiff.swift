import LogCore
import LogInspection

/// Runs the diff engine over the whole log as a ``BackgroundJob``, handing over the runs that do not
/// agree as it goes: the difference index grows on screen and keys never wait for it.
enum BackgroundDiff {
    /// What the diff hands over: runs found since the last hand-over.
    struct Progress: Sendable {
        var serial: Int
        var runs: [CompareDifference]
        /// The offset after the last run emitted.
        var frontier: UInt64?
        var finished: Bool
        var failure: String?
    }

    /// Runs between two hand-overs at most, and the longest wait between two.
    static let batchRuns = 4096
    static let batchInterval = Duration.milliseconds(100)

    /// Starts the diff numbered `serial` of `offsets` of `directories` (a `nil` one: a node without
    /// the log); it hands over nothing more once cancelled.
    static func start(directories: BackgroundDirectories, raft: Bool, serial: Int, offsets: ClosedRange<UInt64>) -> BackgroundJob<Progress> {
        BackgroundJob(
            name: "diff", unstarted: { Progress(serial: serial, runs: [], frontier: nil, finished: true, failure: "\($0)") },
            work: { run(directories: directories, raft: raft, serial: serial, offsets: offsets, $0) })
    }

    private static func run(
        directories: BackgroundDirectories, raft: Bool, serial: Int, offsets: ClosedRange<UInt64>, _ context: BackgroundJob<Progress>.Context
    ) {
        var pending = Progress(serial: serial, runs: [], frontier: nil, finished: false)
        var published = ContinuousClock.now
        do {
            let emit = { (row: ReplicaDiff.Row) in
                // A writer's entries whose frames it has not flushed yet are pending, as `diff` says:
                // no difference.
                if row.verdict != .agree, row.verdict != .pending {
                    pending.runs.append(CompareDifference(offsets: row.offsets, verdict: row.verdict))
                }
                pending.frontier = row.offsets.upperBound.saturatingAdd(1)
                let now = ContinuousClock.now
                if pending.runs.count >= batchRuns || now - published >= batchInterval {
                    context.publish(pending)
                    pending.runs = []
                    published = now
                }
            }
            try directories.read { (directories) throws(LogError) in
                try ReplicaDiff(directories: directories, raft: raft, held: ReplicaComparison.held(directories)).run(
                    from: offsets.lowerBound, through: offsets.upperBound, stoppingWhen: { _ in context.isCancelled }, emit)
            }
        } catch {
            pending.failure = "\(error)"
        }
        if context.isCancelled { return }
        pending.finished = true
        context.publish(pending)
    }
}
