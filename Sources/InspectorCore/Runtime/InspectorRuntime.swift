import LogCore

/// The event loop: render → draw → wait for input (with a timeout) → poll background work → reduce →
/// perform effects and load data, feeding results back as events. It owns every side effect; the
/// terminal stays on this one thread.
public final class InspectorRuntime {
    public private(set) var state: InspectorState
    public let session: InspectorSession
    private let terminal: TerminalBackend
    private var check: BackgroundCheck?
    /// Checks a rescan superseded: cancelled, not waited for, joined once they finish.
    private var retired: [BackgroundCheck] = []
    /// How many superseded checks have not been joined yet.
    var retiredCheckCount: Int { retired.count }

    /// Opens `path` read-only and prepares the first frame.
    ///
    /// - Parameters:
    ///   - fullCheck: run the full integrity check in the background (the interactive app); `false`
    ///     keeps the quick check only (snapshots, tests).
    ///   - referenceMaxIndexBytes: the `MaxIndexBytes` the Go reference would reopen with, for the
    ///     reopen prediction in the anomaly list.
    public init(path: String, terminal: TerminalBackend, fullCheck: Bool = true, referenceMaxIndexBytes: UInt64 = 1024) throws(LogError) {
        session = try InspectorSession(path: path)
        self.referenceMaxIndexBytes = referenceMaxIndexBytes
        self.terminal = terminal
        state = InspectorState(size: terminal.size, snapshot: session.currentSnapshot)
        self.path = path
        self.fullCheck = fullCheck
        changes = DirectoryWaiter(path: path)
        startFullCheckIfNeeded()
        settle()
    }

    private let path: String
    private let referenceMaxIndexBytes: UInt64
    private let fullCheck: Bool
    /// Tells the live poll whether the directory changed, so an idle directory is not re-listed.
    private let changes: DirectoryWaiter
    private var lastFullPoll = ContinuousClock.now

    /// Starts the full integrity check (and the reopen replay) in the background unless they ran or
    /// are running. A first quick check that walked every segment is a full check, but its replay
    /// still runs here, off the UI thread.
    private func startFullCheckIfNeeded() {
        guard fullCheck, check == nil, !state.snapshot.fullCheck || state.snapshot.referenceReopen == nil else {
            if check == nil { _ = reduce(&state, .checkEnded) }
            return
        }
        check = BackgroundCheck(path: path, referenceMaxIndexBytes: referenceMaxIndexBytes)
        _ = reduce(&state, .checkStarted)
    }

    /// Marks the session as the built-in demo (its badge says DEMO).
    public func markDemo() {
        state.demo = true
    }

    /// Applies one event and everything it leads to.
    public func handle(_ event: Event) {
        var pending = [event]
        while !pending.isEmpty {
            let effects = reduce(&state, pending.removeFirst())
            for effect in effects {
                switch effect {
                case .setMouseCapture(let on):
                    terminal.setMouseCapture(on)
                case .copyValue, .copyFrame:
                    if let (bytes, description) = session.clipboardContent(for: effect) {
                        terminal.setClipboard(bytes)
                        pending.append(.copied(description))
                    } else {
                        pending.append(.failed("nothing to copy here"))
                    }
                case .rescan:
                    // The new snapshot comes first: it says whether a full check must run again.
                    if let result = session.perform(effect) { _ = reduce(&state, result) }
                    // The running check looks at files as they were: stop it without waiting (on a
                    // large log it may have seconds to go) and start over.
                    if let check {
                        check.cancel()
                        retired.append(check)
                    }
                    check = nil
                    startFullCheckIfNeeded()
                default:
                    if let result = session.perform(effect) { pending.append(result) }
                }
            }
        }
        settle()
    }

    /// Loads what the next frame needs.
    private func settle() {
        var rounds = 0
        while rounds < 4 {
            let needs = state.dataNeeds
            if needs.isEmpty { return }
            for need in needs { _ = reduce(&state, session.load(need)) }
            rounds += 1
        }
    }

    private var lastLivePoll = ContinuousClock.now
    private var tintSetAt: ContinuousClock.Instant?
    /// How often the directory is polled for appends (every pass of the loop, at most this often).
    public var livePollInterval: Duration = .milliseconds(100)
    /// Where the state's clock starts.
    private let started = ContinuousClock.now

    /// Seconds since the runtime started: the state's clock (``Event/tick(_:)``).
    public var clock: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

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
        guard force || now - lastLivePoll >= livePollInterval else { return }
        lastLivePoll = now
        // Re-list only when inotify saw a change, or once a second: writes to a mapped index raise no
        // event, and an idle directory of thousands of segments should cost nothing.
        let changed = changes.wait(milliseconds: 0)
        guard force || changed || now - lastFullPoll >= .seconds(1) else { return }
        lastFullPoll = now
        do {
            let head = state.live.head
            if let update = try session.liveUpdate(at: clock, modified: changes.takeModifiedNames()) {
                handle(.liveUpdated(update))
                if update.head != head, state.live.tintFrom != nil { tintSetAt = now }
            }
        } catch {
            handle(.failed("\(error)"))
        }
    }

    /// Picks up the background check's result, if it finished.
    public func pollBackground() {
        retired.removeAll { superseded in
            guard superseded.isFinished else { return false }
            superseded.join()
            return true
        }
        guard let result = check?.take() else { return }
        check?.join()
        check = nil
        switch result {
        case .success(let outcome):
            do {
                handle(.snapshotLoaded(try session.adopt(outcome.report, referenceReopen: outcome.referenceReopen)))
            } catch {
                handle(.failed("full check: \(error)"))
            }
        case .failure(let error):
            handle(.failed("full check failed: \(error)"))
        }
        handle(.checkEnded)
    }

    /// Waits for the background check (tests; and on exit).
    public func finishBackgroundWork() {
        joinAll()
        pollBackground()
    }

    /// Cancels the background check and waits for every check thread (on exit: no thread outlives
    /// the run, and none waits for a check nobody will see).
    public func stopBackgroundWork() {
        check?.cancel()
        joinAll()
        check = nil
    }

    /// Waits for the current check and every retired one.
    private func joinAll() {
        check?.join()
        for superseded in retired { superseded.join() }
        retired = []
    }

    /// The frame for the current state.
    public func frame() -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    /// Runs until the user quits or `stopRequested` says so (checked on every pass).
    public func run(stopRequested: () -> Bool = { false }) {
        while !state.quit && !stopRequested() {
            terminal.draw(frame())
            let input = terminal.nextInput(timeoutMilliseconds: state.live.follow == .off ? 250 : 100)
            tick()
            pollBackground()
            pollLive()
            switch input {
            case .key(let key)?: handle(.key(key))
            case .mouse(let mouse)?: handle(.mouse(mouse))
            case .resize(let size)?: handle(.resize(size))
            case nil: break
            }
        }
        stopBackgroundWork()
    }
}
