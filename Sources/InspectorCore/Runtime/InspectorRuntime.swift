import LogCore
import LogInspection

/// The event loop: render → draw → wait for input (with a timeout) → poll background work → reduce →
/// perform effects and load data, feeding results back as events. It owns every side effect; the
/// terminal stays on this one thread.
public final class InspectorRuntime {
    public private(set) var state: InspectorState
    public private(set) var session: InspectorSession
    private let terminal: TerminalBackend
    private var check: BackgroundJob<Result<BackgroundCheck.Outcome, LogError>>?
    /// The search's scan, and the search it reads for.
    var search: (id: Int, job: BackgroundJob<SearchProgress>)?
    /// Checks a rescan superseded and scans of an abandoned search: cancelled, not waited for, joined
    /// once they finish.
    private var retired = RetiredJobs()
    /// How many superseded jobs have not been joined yet.
    var retiredJobCount: Int { retired.count }

    /// Opens `path` read-only and prepares the first frame. On a node's data directory (one holding
    /// `log/` and `raft/log/`) it shows the data log, and `L` lists the node's other logs.
    ///
    /// - Parameters:
    ///   - fullCheck: run the full integrity check in the background (the interactive app); `false`
    ///     keeps the quick check only (snapshots, tests).
    ///   - referenceMaxIndexBytes: the `MaxIndexBytes` the Go reference would reopen with, for the
    ///     reopen prediction in the anomaly list; `nil` infers it from the files.
    public init(path: String, terminal: TerminalBackend, fullCheck: Bool = true, referenceMaxIndexBytes: UInt64? = nil) throws(LogError) {
        // The arrays of a large directory, replaced as checks finish, go back to the system whole.
        FreePages.mapLargeBlocks()
        sources = LogSource.node(path) ?? [.directory(path)]
        source = sources[0]
        searchDirectories = BackgroundDirectories(source: sources[0])
        // The app's first frame waits for the segments it shows, not for thousands more: the full
        // check that follows in the background fills them in.
        session = try InspectorSession(source: source, checkingFirstOnly: fullCheck ? Self.firstCheckSegments(height: terminal.size.height) : nil)
        self.referenceMaxIndexBytes = referenceMaxIndexBytes
        self.terminal = terminal
        state = InspectorState(size: terminal.size, snapshot: session.takeOpeningSnapshot())
        self.fullCheck = fullCheck
        if sources.count > 1 {
            state.logs = sources.map(\.name)
            state.message = StatusMessage(
                text: "a node's data directory: showing \(source.name); L lists its \(sources.count) logs (\(state.logs.joined(separator: ", ")))",
                isError: false)
        }
        // A large directory's full check starts once the first frame is drawn (the first
        // ``pollBackground()``): its own listing would take the cores the first frame needs.
        if state.snapshot.segments.contains(where: { $0.mark == .unchecked }) {
            fullCheckDeferred = true
        } else {
            handle(startFullCheckIfNeeded())
        }
    }

    /// Whether the full check waits for the first frame to be drawn.
    private var fullCheckDeferred = false

    /// Starts the full check that waited for the first frame, if one did.
    private func startDeferredCheck() {
        guard fullCheckDeferred else { return }
        fullCheckDeferred = false
        handle(startFullCheckIfNeeded())
    }

    /// How many segments, at each end of a large directory, the first check looks at before the first
    /// frame: more than the segments pane holds on a terminal of this height (every segment costs two
    /// opens and reads; the background check fills the others in within seconds).
    static func firstCheckSegments(height: Int) -> Int {
        max(32, height + 8)
    }

    /// The logs it can show: one, or a node's (``LogSource/node(_:)``).
    public let sources: [LogSource]
    /// The log shown.
    private var source: LogSource
    /// What the search's scans read: the shown log, kept up to date between scans.
    private var searchDirectories: BackgroundDirectories

    private let referenceMaxIndexBytes: UInt64?
    private let fullCheck: Bool
    /// When the live poll looks (the session's follower says what changed, from inotify).
    private var schedule = LivePollSchedule()

    /// Starts the full integrity check (and the reopen replay) in the background unless they ran or
    /// are running. A first quick check that walked every segment is a full check, but its replay
    /// still runs here, off the UI thread. Returns the event that says so.
    private func startFullCheckIfNeeded() -> [Event] {
        guard fullCheck, check == nil, !state.snapshot.fullCheck || state.snapshot.referenceReopen == nil else {
            return check == nil ? [.checkEnded] : []
        }
        // Rows shown unchecked (the ends of a large directory were checked first) fill in as it goes.
        let progress = CheckProgress(keepingCleanSegments: state.snapshot.segments.contains { $0.mark == .unchecked })
        check = BackgroundCheck.start(source: source, referenceMaxIndexBytes: referenceMaxIndexBytes, progress: progress)
        checkProgress = progress
        return [.checkStarted]
    }

    /// How far the running check has got (read on each poll for the header's figure).
    private var checkProgress: CheckProgress?

    /// Hands the running check's progress to the state when it moved.
    private func pollCheckProgress() {
        guard let progress = checkProgress else { return }
        let clean = progress.takeCleanSegments()
        if !clean.isEmpty {
            let checked = session.checkedSegments(clean, shown: state.snapshot)
            if !checked.isEmpty { handle(.segmentsChecked(checked)) }
        }
        let counts = progress.segments
        let figure = CheckFigure(done: counts.done, total: counts.total)
        if figure != state.checkFigure, state.checking { handle(.checkProgressed(figure)) }
    }

    /// Marks the session as the built-in demo (its badge says DEMO).
    public func markDemo() {
        state.demo = true
    }

    /// Stops the running check without waiting (it is joined once it finishes).
    private func retireCheck() {
        if let check { retired.retire(check) }
        check = nil
        checkProgress = nil
    }

    /// Shows log `index` of ``sources``: a new session and state (the size, mouse capture and log
    /// list, the clock, the demo badge and the preview mode kept), its own background check. Returns
    /// the events that follow (the check's start, or why the log cannot be opened).
    private func switchLog(to index: Int) -> [Event] {
        guard sources.indices.contains(index) else { return [] }
        let next = sources[index]
        let opened: InspectorSession
        do {
            opened = try InspectorSession(source: next, checkingFirstOnly: fullCheck ? Self.firstCheckSegments(height: terminal.size.height) : nil)
        } catch {
            return [.failed("\(next.name): \(error)")]
        }
        retireCheck()
        source = next
        searchDirectories = BackgroundDirectories(source: next)
        session = opened
        var fresh = InspectorState(size: state.size, snapshot: opened.takeOpeningSnapshot())
        fresh.logs = state.logs
        fresh.currentLog = index
        fresh.mouseCapture = state.mouseCapture
        (fresh.now, fresh.demo, fresh.preview) = (state.now, state.demo, state.preview)
        fresh.say("\(next.name) (log \(index + 1) of \(sources.count); L lists them)")
        state = fresh
        return startFullCheckIfNeeded()
    }

    /// Applies one event and everything it leads to (see ``EventLoopView/settle(_:)``: each effect
    /// is performed by ``Effect/performer``).
    public func handle(_ event: Event) {
        handle([event])
    }

    private func handle(_ events: [Event]) {
        settle(events)
    }

    /// Performs one effect; returns the events that report its result.
    func perform(_ effect: Effect) -> [Event] {
        switch effect.performer {
        case .session:
            // A rescan trusts nothing read before: the search's scans list the directory again too.
            if case .rescan = effect { searchDirectories = BackgroundDirectories(source: source) }
            return session.perform(effect, shown: state.snapshot).map { [$0] } ?? []
        case .runtime:
            switch effect {
            case .setMouseCapture(let on):
                terminal.setMouseCapture(on)
            case .setClipboard(let bytes):
                terminal.setClipboard(bytes)
            case .restartCheck:
                // The running check looks at files as they were: stop it without waiting (on a large
                // log it may have seconds to go) and start over.
                retireCheck()
                return startFullCheckIfNeeded()
            case .switchLog(let index):
                return switchLog(to: index)
            case .locatePosition, .buildFilter, .copyValue, .copyFrame, .rescan:
                break
            }
            return []
        }
    }

    private var tintSetAt: ContinuousClock.Instant?
    /// How often the directory is polled for appends (every pass of the loop, at most this often).
    public var livePollInterval: Duration {
        get { schedule.interval }
        set { schedule.interval = newValue }
    }
    /// Where the state's clock starts.
    private let started = ContinuousClock.now

    /// Seconds since the runtime started: the state's clock (``Event/tick(_:)``).
    public var clock: Double { RoughDuration.seconds(ContinuousClock.now - started) }

    /// Advances the state's clock: rates decay and messages expire even when nothing happens.
    public func tick() {
        handle(.tick(clock))
    }

    /// Looks for records another process appended, and for sealed segments written in place; called
    /// on every pass of the loop.
    public func pollLive(force: Bool = false) {
        let now = ContinuousClock.now
        if let tintSetAt, now - tintSetAt > .seconds(3) {
            self.tintSetAt = nil
            handle(.tintExpired)
        }
        guard schedule.shouldLook(at: now, force: force) else { return }
        do {
            let head = state.live.head
            if let update = try session.liveUpdate(at: clock, shown: state.snapshot) {
                handle(.liveUpdated(update))
                if update.head != head, state.live.tintFrom != nil { tintSetAt = now }
            }
        } catch {
            handle(.failed("\(error)"))
        }
    }

    /// Picks up the background check's result, if it finished.
    public func pollBackground() {
        retired.reapFinished()
        startDeferredCheck()
        pollSearch()
        guard let result = check?.take().last else { return pollCheckProgress() }
        check?.join()
        check = nil
        checkProgress = nil
        switch result {
        case .success(let outcome):
            do {
                handle(.snapshotLoaded(try session.adopt(outcome.report, referenceReopen: outcome.referenceReopen)))
            } catch {
                handle(.failed("full check: \(error)"))
            }
            // The check's own listing and report are gone: hand their pages back to the system (a
            // directory of thousands of segments held tens of MiB there), not only to the allocator.
            FreePages.returnToSystem()
        case .failure(let error):
            handle(.failed("full check failed: \(error)"))
        }
        handle(.checkEnded)
    }

    /// Waits for the background check and the search's scan (tests, `--snapshot`; and on exit).
    public func finishBackgroundWork() {
        startDeferredCheck()
        joinAll()
        pollBackground()
        finishSearch()
    }

    /// Waits until the search has read everything there is (tests and `--snapshot`, where each key
    /// should see the search's answer).
    public func finishSearch() {
        var rounds = 0
        while let running = search, rounds < 100 {
            running.job.join()
            pollSearch()
            rounds += 1
        }
    }

    /// Cancels the background work and waits for every thread (on exit: no thread outlives the run,
    /// and none waits for work nobody will see).
    public func stopBackgroundWork() {
        check?.cancel()
        search?.job.cancel()
        joinAll()
        check = nil
        checkProgress = nil
        search = nil
    }

    /// Waits for the current check and scan and every retired job.
    private func joinAll() {
        check?.join()
        search?.job.join()
        retired.joinAll()
    }

    /// Hands what the search's scan read to the state, and starts the next scan when it is done.
    private func pollSearch() {
        guard let running = search else { return }
        let finished = running.job.isFinished
        let progress = running.job.take()
        if finished {
            running.job.join()
            search = nil
        }
        if !progress.isEmpty { handle(.searchProgress(progress)) } else if finished { startSearchIfNeeded() }
    }

    /// Starts reading what the search lacks (a new pattern, rows a writer appended), unless a scan
    /// for this search runs; a scan for an abandoned search is cancelled.
    func startSearchIfNeeded() {
        let scan = state.searchScan
        if let running = search, running.id != scan?.id {
            retired.retire(running.job)
            search = nil
        }
        guard search == nil, let scan else { return }
        search = (scan.id, BackgroundSearch.start(directories: searchDirectories, scan: scan))
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

extension InspectorRuntime: EventLoopView {
    func apply(_ event: Event) -> [Effect] { reduce(&state, event) }

    var needs: [DataNeed] { state.dataNeeds }

    func load(_ need: DataNeed) -> Event { session.load(need, shown: state.snapshot) }

    func settled() { startSearchIfNeeded() }

    var quits: Bool { state.quit }

    /// While the search reads, its count and answers show within 50 ms; while following, appends
    /// within 100 ms.
    var inputTimeoutMilliseconds: Int { search != nil ? 50 : state.live.follow == .off ? 250 : 100 }

    func poll() {
        tick()
        pollBackground()
        pollLive()
    }
}
