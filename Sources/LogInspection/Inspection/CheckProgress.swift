import LogCore

/// How far a running check has got: segments looked at (checked, reused from an earlier report, or
/// left for later) out of the directory's. The check advances it from its worker threads; whoever
/// waits for the check (the inspector's header) reads it at any time.
public final class CheckProgress: Sendable {
    private let counts = Locked((done: 0, total: 0, starts: 0))

    /// Whether the check hands over each segment it finds clean as it goes (``takeCleanSegments()``).
    public let keepsCleanSegments: Bool
    /// The clean segments' healths not taken yet, in their small form.
    private let clean = Locked(CompactColumn<SegmentHealth>())

    /// A progress at zero of zero segments (the check sets the total when it starts).
    ///
    /// - Parameter keepingCleanSegments: keep the health of each segment the check finds clean (no
    ///   finding, no writer) for ``takeCleanSegments()``: a view of thousands of segments fills them
    ///   in while the check runs, instead of all at once when it ends.
    public init(keepingCleanSegments: Bool = false) {
        keepsCleanSegments = keepingCleanSegments
    }

    /// The healths of the segments found clean since the last call, in the order they were checked
    /// (any order across the check's threads). Segments with findings, held by a writer or left
    /// for later come only with the report.
    public func takeCleanSegments() -> CompactColumn<SegmentHealth> {
        clean.withLock { kept in
            defer { kept = CompactColumn() }
            return kept
        }
    }

    /// Keeps `health` for ``takeCleanSegments()`` when it was checked, found clean and held by no writer.
    func checked(_ health: SegmentHealth, findings: [Finding]) {
        guard keepsCleanSegments, findings.isEmpty, health.checked, !health.isLive, health.worstSeverity == nil,
            health.unreadableFiles.isEmpty
        else { return }
        clean.withLock { $0.append(health) }
    }

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
