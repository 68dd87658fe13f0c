/// A view the one event loop drives: the single-log inspector (``InspectorRuntime``) and the compare
/// view (``CompareRuntime``) alike. The view keeps its pure state and reducer; the loop owns the order
/// of things: render → draw → wait for input → poll background work → reduce → perform effects →
/// load what the next frame lacks, feeding each result back as an event.
protocol EventLoopView: AnyObject {
    /// What can change the view's state.
    associatedtype Event: TerminalInputEvent
    /// A side effect the reducer asks for.
    associatedtype Effect
    /// Data the next frame lacks.
    associatedtype Need

    /// Applies `event` to the state (the view's pure reducer); returns the effects to perform.
    func apply(_ event: Event) -> [Effect]
    /// Performs `effect`; returns the events that report its result.
    func perform(_ effect: Effect) -> [Event]
    /// What the next frame lacks, read from the state.
    var needs: [Need] { get }
    /// Reads `need`; returns the event that hands it to the state.
    func load(_ need: Need) -> Event
    /// Called once the events of an input and their effects are applied, before anything is loaded
    /// (the inspector starts the search's scan here).
    func settled()

    /// Whether the user asked to quit.
    var quits: Bool { get }
    /// The frame for the current state.
    func frame() -> Buffer
    /// How long to wait for input before looking at background work and the logs again.
    var inputTimeoutMilliseconds: Int { get }
    /// Looks at background work and at the logs, handing what changed to the state.
    func poll()
    /// Cancels background work and waits for its threads (on exit).
    func stopBackgroundWork()
}

extension EventLoopView {
    func settled() {}

    /// Applies `events` and everything they lead to: each event is reduced, each effect performed and
    /// the events it answers with applied in turn; then what the next frame needs is loaded the same
    /// way (loaded rows can call for more, a filter's rows or a detail: a few rounds at most).
    func settle(_ events: [Event]) {
        var pending = events
        var rounds = 0
        while true {
            while !pending.isEmpty {
                for effect in apply(pending.removeFirst()) { pending += perform(effect) }
            }
            if rounds == 0 { settled() }
            let needs = self.needs
            guard rounds < 4, !needs.isEmpty else { return }
            pending = needs.map(load)
            rounds += 1
        }
    }

    /// Runs until the user quits or `stopRequested` says so (checked on every pass), then stops the
    /// background work.
    func runLoop(on terminal: TerminalBackend, stopRequested: () -> Bool) {
        while !quits && !stopRequested() {
            terminal.draw(frame())
            let input = terminal.nextInput(timeoutMilliseconds: inputTimeoutMilliseconds)
            poll()
            if let input { settle([Event(input)]) }
        }
        stopBackgroundWork()
    }
}

/// A view's events that carry the terminal's input (their cases witness these).
protocol TerminalInputEvent {
    static func key(_ key: Key) -> Self
    static func mouse(_ mouse: MouseEvent) -> Self
    static func resize(_ size: Size) -> Self
}

extension TerminalInputEvent {
    /// The event `input` is.
    init(_ input: TerminalInput) {
        switch input {
        case .key(let key): self = .key(key)
        case .mouse(let mouse): self = .mouse(mouse)
        case .resize(let size): self = .resize(size)
        }
    }
}

extension Event: TerminalInputEvent {}
extension CompareEvent: TerminalInputEvent {}
