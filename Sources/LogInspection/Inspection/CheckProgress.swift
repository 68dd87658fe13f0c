import LogCore

/// How far a running check has got: segments looked at (checked, reused from an earlier report, or
/// left for later) out of the directory's. The check advances it from its worker threads; whoever
/// waits for the check (the inspector's header) reads it at any time.
public final class CheckProgress: Sendable {
    private let counts = Locked((done: 0, total: 0, starts: 0))

    /// A progress at zero of zero segments (the check sets the total when it starts).
    public init() {}

    /// Segments looked at so far, and the directory's segments.
    public var segments: (done: Int, total: Int) { counts.withLock { ($0.done, $0.total) } }

    /// How many passes over the segments have started: work of several passes (a repair checks,
    /// then copies) says which one runs.
    public var passes: Int { counts.withLock { $0.starts } }

    /// A pass over `total` segments starts.
    func start(total: Int) {
        counts.withLock { $0 = (0, total, $0.starts + 1) }
    }

    /// One more segment was looked at.
    func advance() {
        counts.withLock { $0.done += 1 }
    }
}
