import LogCore
import LogInspection

/// The compare view's event loop: render → draw → wait for input (with a timeout) → poll the
/// background diff and the directories → reduce → perform effects and load data. The terminal stays
/// on this one thread; the diff of the whole log runs on its own.
public final class CompareRuntime {
    /// The view's state.
    public private(set) var state: CompareState
    /// The directories' reader.
    public let session: CompareSession
    private let terminal: TerminalBackend
    /// The diff building the difference index.
    var job: BackgroundJob<BackgroundDiff.Progress>?
    /// Diffs a change superseded: cancelled, not waited for, joined once they finish.
    private var retired = RetiredJobs()
    private var schedule = LivePollSchedule()
    /// How often the directories are polled for appends (every pass of the loop, at most this often).
    public var livePollInterval: Duration {
        get { schedule.interval }
        set { schedule.interval = newValue }
    }

    /// Opens `paths` read-only (two or more log directories, or node directories, whose data logs
    /// it shows first), reads the first screen and starts the diff of the whole log in the background.
    ///
    /// - Throws: ``LogError`` when a directory cannot be listed or read.
    public init(paths: [String], terminal: TerminalBackend) throws(LogError) {
        session = try CompareSession(paths: paths)
        background = Self.directories(session)
        self.terminal = terminal
        state = CompareState(size: terminal.size, directories: paths, heads: try session.heads(), raft: session.raft)
        state.logs = session.logNames
        if state.logs.count > 1 {
            state.message = StatusMessage(
                text: "node directories: comparing \(state.logs[0]) of each; L lists their logs (\(state.logs.joined(separator: ", ")))", isError: false)
        }
        _ = performOne(.indexDifferences(serial: state.differences.serial, from: 0, through: state.span?.upperBound ?? .max))
        handle([])
    }

    /// Applies one event and everything it leads to: the effects the reducer returns are performed and
    /// the events they answer with applied in turn; then what the next frame needs is loaded the same
    /// way (a few rounds at most).
    public func handle(_ event: CompareEvent) {
        handle([event])
    }

    private func handle(_ events: [CompareEvent]) {
        settle(events)
    }

    /// Performs `effect`; returns the event reporting its result, if any.
    private func performOne(_ effect: CompareEffect) -> CompareEvent? {
        switch effect {
        case .indexDifferences(let serial, let from, let through):
            retire()
            job = BackgroundDiff.start(directories: background.diff, raft: session.raft, serial: serial, offsets: from...max(from, through))
            return nil
        case .setMouseCapture(let on):
            terminal.setMouseCapture(on)
            return nil
        case .switchLog(let index):
            session.switchLog(to: index)
            background = Self.directories(session)
            do {
                return .logSwitched(index, heads: try session.heads(), raft: session.raft)
            } catch {
                return .failed("\(error)")
            }
        case .rescan:
            // Trusting nothing read before: the background jobs list the directories again too.
            background = Self.directories(session)
            do {
                try session.invalidate()
                return .rescanned(try session.heads())
            } catch {
                return .failed("\(error)")
            }
        }
    }

    /// Stops the running diff without waiting (it is joined once it finishes).
    private func retire() {
        if let job { retired.retire(job) }
        job = nil
    }

    /// Looks for records writers appended; called on every pass of the loop.
    public func pollLive(force: Bool = false) {
        let now = ContinuousClock.now
        guard schedule.shouldLook(at: now, force: force) else { return }
        do {
            let look = try session.look(from: state.heads)
            if let heads = look.heads { handle(.headsChanged(heads)) }
            // A scan that waits for a record to be written reads on once a file changed.
            if look.filesChanged, state.search?.waiting == true || state.filter?.waiting == true { handle(.looked) }
        } catch {
            handle(.failed("\(error)"))
        }
    }

    /// What the diff, the search and the filter read: the shown log of each directory, each kept up
    /// to date between its jobs (a job started by an append does not list thousands of segments).
    private var background: (diff: BackgroundDirectories, search: BackgroundDirectories, filter: BackgroundDirectories)

    private static func directories(_ session: CompareSession) -> (diff: BackgroundDirectories, search: BackgroundDirectories, filter: BackgroundDirectories) {
        (BackgroundDirectories(paths: session.logPaths), BackgroundDirectories(paths: session.logPaths), BackgroundDirectories(paths: session.logPaths))
    }

    /// The scans of the search and the filter that run, and what each reads.
    private var scans: [CompareScanKind: (scan: CompareSearchScan, job: BackgroundJob<CompareSearchProgress>)] = [:]

    /// Starts reading what the search and the filter lack (a new pattern, offsets writers appended)
    /// unless a scan for them runs; a scan for an abandoned one is cancelled.
    func startSearchIfNeeded() {
        for kind in [CompareScanKind.search, .filter] {
            let scan = state.scan(kind)
            if let running = scans[kind], running.scan.id != scan?.id {
                retired.retire(running.job)
                scans[kind] = nil
            }
            guard scans[kind] == nil, let scan else { continue }
            scans[kind] = (scan, BackgroundCompareSearch.start(directories: kind == .search ? background.search : background.filter, scan: scan))
        }
    }

    /// Hands what the scans read to the state, and starts the next scans when they are done.
    private func pollSearch() {
        var progress: [CompareSearchProgress] = []
        var finished = false
        for (kind, running) in scans {
            let done = running.job.isFinished
            progress += running.job.take()
            if done {
                running.job.join()
                scans[kind] = nil
                finished = true
            }
        }
        if !progress.isEmpty { handle(.searchProgress(progress)) } else if finished { startSearchIfNeeded() }
    }

    /// Waits until the search and the filter have read everything there is (tests: each key sees the
    /// answer).
    public func finishSearch() {
        var rounds = 0
        while !scans.isEmpty, rounds < 1000 {
            for running in scans.values { running.job.join() }
            pollSearch()
            rounds += 1
        }
    }

    /// Hands what the diff found to the state.
    public func pollBackground() {
        retired.reapFinished()
        guard let running = job else { return }
        let finished = running.isFinished
        for progress in running.take() {
            handle(.differencesFound(serial: progress.serial, progress.runs, frontier: progress.frontier, finished: progress.finished))
            if let failure = progress.failure { handle(.failed("diff: " + failure)) }
        }
        if finished {
            running.join()
            if job === running { job = nil }
        }
    }

    /// Waits for the diff and the search and hands over everything they found (tests, `--snapshot`).
    public func finishBackgroundWork() {
        job?.join()
        retired.joinAll()
        pollBackground()
        finishSearch()
    }

    /// Cancels the diff and the search and waits for every thread (on exit).
    public func stopBackgroundWork() {
        job?.cancel()
        for running in scans.values { running.job.cancel() }
        job?.join()
        for running in scans.values { running.job.join() }
        retired.joinAll()
        job = nil
        scans = [:]
    }

    /// The frame for the current state.
    public func frame() -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    /// Runs until the user quits or `stopRequested` says so (checked on every pass).
    public func run(stopRequested: () -> Bool = { false }) {
        runLoop(on: terminal, stopRequested: stopRequested)
    }
}

extension CompareRuntime: EventLoopView {
    func apply(_ event: CompareEvent) -> [CompareEffect] { reduce(&state, event) }

    func perform(_ effect: CompareEffect) -> [CompareEvent] { performOne(effect).map { [$0] } ?? [] }

    var needs: [CompareNeed] { state.dataNeeds }

    func load(_ need: CompareNeed) -> CompareEvent { session.load(need) }

    var quits: Bool { state.quit }

    /// While the search reads, its count and answers show within 50 ms; while the diff runs, its
    /// count within 100 ms.
    var inputTimeoutMilliseconds: Int { !scans.isEmpty ? 50 : job != nil ? 100 : 250 }

    func settled() { startSearchIfNeeded() }

    func poll() {
        pollBackground()
        pollSearch()
        pollLive()
    }
}
