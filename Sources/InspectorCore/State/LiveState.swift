/// What the inspector shows about a log that is being written: follow mode, rates, and how soon the
/// active segment rolls.
public struct LiveState: Sendable, Equatable {
    /// Follow mode.
    public enum Follow: Sendable, Equatable {
        /// Off: the selection stays where it is.
        case off
        /// The selection sticks to the newest record.
        case following(untilAnomaly: Bool)
        /// Follow is armed but paused (the user moved up); `arrived` records came since.
        case paused(arrived: UInt64, untilAnomaly: Bool)
    }

    public var follow: Follow = .off
    /// Records and bytes per second over the last update interval.
    public var recordsPerSecond: Double = 0
    public var bytesPerSecond: Double = 0
    /// Recent records/s samples, oldest first, for the sparkline.
    public var history: [Double] = []
    /// The newest offset when the last update came, and the one before it (rows after it are tinted).
    public var head: UInt64?
    public var tintFrom: UInt64?
    /// The active segment's store bytes and the segment size it will roll at (estimated from sealed
    /// segments), and the seconds until then at the current rate.
    public var activeBytes: UInt64 = 0
    public var estimatedSegmentBytes: UInt64?
    public var secondsUntilRoll: Double?

    public init() {}

    public var isFollowing: Bool {
        if case .following = follow { return true }
        return false
    }

    /// Sparkline of the history, one block per sample.
    public var sparkline: String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let peak = history.max() ?? 0
        guard peak > 0 else { return String(repeating: "▁", count: history.count) }
        return String(history.map { blocks[min(7, Int($0 / peak * 7.999))] })
    }
}

/// One refresh of a live directory, computed by the runtime.
public struct LiveUpdate: Sendable, Equatable {
    public var snapshot: DirectorySnapshot
    public var seconds: Double
    public var previousHead: UInt64?
    public var head: UInt64?
    public var storeBytesDelta: UInt64

    public init(snapshot: DirectorySnapshot, seconds: Double, previousHead: UInt64?, head: UInt64?, storeBytesDelta: UInt64) {
        self.snapshot = snapshot
        self.seconds = seconds
        self.previousHead = previousHead
        self.head = head
        self.storeBytesDelta = storeBytesDelta
    }
}

extension InspectorState {
    /// Applies a refresh of a live directory: new snapshot, rates, follow.
    mutating func applyLive(_ update: LiveUpdate) {
        let findingsBefore = snapshot.findings.count
        let wasFollowing = live.isFollowing
        replace(update.snapshot)
        let arrived = (update.head ?? 0) > (update.previousHead ?? 0) ? (update.head ?? 0) - (update.previousHead ?? 0) : 0
        if update.seconds > 0 {
            live.recordsPerSecond = Double(arrived) / update.seconds
            live.bytesPerSecond = Double(update.storeBytesDelta) / update.seconds
            live.history.append(live.recordsPerSecond)
            if live.history.count > 24 { live.history.removeFirst(live.history.count - 24) }
        }
        if arrived > 0 { live.tintFrom = update.previousHead }
        live.head = update.head
        let sealed = snapshot.segments.dropLast().map(\.storeBytes)
        live.estimatedSegmentBytes = sealed.max()
        live.activeBytes = snapshot.segments.last?.storeBytes ?? 0
        if let size = live.estimatedSegmentBytes, size > live.activeBytes, live.bytesPerSecond > 0 {
            live.secondsUntilRoll = Double(size - live.activeBytes) / live.bytesPerSecond
        } else {
            live.secondsUntilRoll = nil
        }
        switch live.follow {
        case .following(let untilAnomaly):
            if untilAnomaly, snapshot.findings.count > findingsBefore {
                live.follow = .paused(arrived: 0, untilAnomaly: true)
                if let target = snapshot.anomalyTargets.last { go(to: target) }
                message = StatusMessage(text: "follow paused: a new anomaly appeared", isError: true)
            } else if wasFollowing {
                selectNewest()
            }
        case .paused(let count, let untilAnomaly):
            live.follow = .paused(arrived: count + arrived, untilAnomaly: untilAnomaly)
        case .off:
            break
        }
    }

    /// Selects the newest record (or the last row) of the last segment.
    mutating func selectNewest() {
        guard let last = snapshot.segments.indices.last else { return }
        let rows = snapshot.segments[last].rowCount
        filter = nil
        select(segment: last, row: max(0, rows - 1))
        focus = .records
    }

    /// `f` / `F` (Shift-f): follow on (at the newest record; with `untilAnomaly`, pausing at the next
    /// new anomaly) or off.
    mutating func toggleFollow(untilAnomaly: Bool) {
        switch live.follow {
        case .off, .paused:
            live.follow = .following(untilAnomaly: untilAnomaly)
            selectNewest()
            message = StatusMessage(
                text: untilAnomaly ? "following until the next anomaly (f stops)" : "following new records (f stops, k pauses, G resumes)", isError: false)
        case .following:
            live.follow = .off
            message = StatusMessage(text: "follow off", isError: false)
        }
    }

    /// Moving away from the newest record pauses follow; `G` re-arms it.
    mutating func pauseFollowIfMovingAway() {
        if case .following(let untilAnomaly) = live.follow { live.follow = .paused(arrived: 0, untilAnomaly: untilAnomaly) }
    }

    mutating func resumeFollowIfPaused() -> Bool {
        if case .paused(_, let untilAnomaly) = live.follow {
            live.follow = .following(untilAnomaly: untilAnomaly)
            selectNewest()
            return true
        }
        return false
    }
}
