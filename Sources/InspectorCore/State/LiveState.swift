import LogCore
import LogInspection

/// What the inspector shows about a log that is being written: follow mode, rates over a sliding window
/// of the appends it observed, and how soon the active segment rolls.
///
/// Time is the state's clock (``InspectorState/now``, seconds), fed by events: nothing here reads a
/// clock, so tests drive it without sleeping.
public struct LiveState: Sendable, Equatable {
    /// Follow mode.
    public enum Follow: Sendable, Equatable {
        /// Off: the selection stays where it is.
        case off
        /// The selection sticks to the newest readable record.
        case following(untilAnomaly: Bool)
        /// Follow is armed but paused (the user moved up); `arrived` records came since.
        case paused(arrived: UInt64, untilAnomaly: Bool)
    }

    /// One observation of the log: when, the offset after the newest index entry, and the bytes
    /// appended so far (sealed stores plus the active segment's newest entry position).
    public struct Sample: Sendable, Equatable {
        public var at: Double
        public var head: UInt64
        public var bytes: UInt64
    }

    /// Records that arrived in one whole second of the clock.
    public struct SecondCount: Sendable, Equatable {
        /// The second (`Int(now)`).
        public var second: Int
        /// Records that arrived in it.
        public var records: UInt64
    }

    /// How far back rates look.
    public static let window: Double = 5
    /// How many one-second bars the sparkline keeps.
    public static let sparklineSeconds = 24

    public var follow: Follow = .off
    /// Observations within the window, oldest first, plus the one just before it (the baseline).
    public var samples: [Sample] = []
    /// Records that arrived in each whole second of the clock (`second`, `records`), oldest first.
    public var perSecond: [SecondCount] = []
    /// Records and bytes per second over the window (0 when nothing arrived in it).
    public var recordsPerSecond: Double = 0
    public var bytesPerSecond: Double = 0
    /// The newest offset at the last update; rows from `tintFrom` on are tinted as new.
    public var head: UInt64?
    public var tintFrom: UInt64?
    /// The active segment's appended bytes, the store size it should roll at (the largest sealed
    /// segment's), and the seconds until it rolls at the current rates (`nil` when unknown or idle).
    public var activeBytes: UInt64 = 0
    public var estimatedSegmentBytes: UInt64?
    /// How many segments the snapshot held when ``estimatedSegmentBytes`` was worked out (0: not yet,
    /// or the snapshot was replaced since).
    var estimatedFrom = 0
    public var secondsUntilRoll: Double?
    /// Whether ``secondsUntilRoll`` knows the store's limit (a sealed segment shows the writer's
    /// store size); without one it is when the index fills, which a store limit may come before.
    public var rollEstimateKnowsStore: Bool { estimatedSegmentBytes != nil }

    public init() {}

    /// Whether records arrived within the sparkline's span (the rates are worth showing).
    public func recentlyActive(now: Double) -> Bool {
        perSecond.contains { $0.records > 0 && Int(now) - $0.second < Self.sparklineSeconds }
    }

    /// One block per second of the last ``sparklineSeconds`` seconds up to `now`, scaled to the busiest.
    public func sparkline(now: Double) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let last = Int(now)
        var counts = [UInt64](repeating: 0, count: Self.sparklineSeconds)
        for bin in perSecond where last - bin.second >= 0 && last - bin.second < Self.sparklineSeconds {
            counts[Self.sparklineSeconds - 1 - (last - bin.second)] = bin.records
        }
        let peak = counts.max() ?? 0
        guard peak > 0 else { return String(repeating: "▁", count: counts.count) }
        return String(counts.map { blocks[min(7, Int(Double($0) / Double(peak) * 7.999))] })
    }

    /// Takes an observation at `sample.at`; returns how many records arrived since the last one.
    mutating func observe(_ sample: Sample) -> UInt64 {
        var arrived: UInt64 = 0
        if let last = samples.last {
            // A log that shrank or started over (truncated, reset) starts a new series.
            if sample.head < last.head || sample.bytes < last.bytes {
                samples = []
            } else {
                arrived = sample.head - last.head
            }
        }
        samples.append(sample)
        if arrived > 0 {
            let second = Int(sample.at)
            if let bin = perSecond.last, bin.second == second {
                perSecond[perSecond.count - 1].records += arrived
            } else {
                perSecond.append(SecondCount(second: second, records: arrived))
            }
        }
        return arrived
    }

    /// Drops what fell out of the window at `now` and recomputes the rates: appends over the window
    /// (from the last observation before it) divided by the time from then to now, so a writer that
    /// stops shows 0 once the window has passed, and bursty flushes do not make the rate flicker.
    mutating func updateRates(now: Double) {
        while samples.count > 1, samples[1].at <= now - Self.window { samples.removeFirst() }
        perSecond.removeAll { Int(now) - $0.second >= Self.sparklineSeconds }
        guard let baseline = samples.first, let newest = samples.last, newest.head > baseline.head || newest.bytes > baseline.bytes else {
            recordsPerSecond = 0
            bytesPerSecond = 0
            return
        }
        let span = max(now, newest.at) - baseline.at
        guard span > 0 else { return }
        recordsPerSecond = Double(newest.head - baseline.head) / span
        bytesPerSecond = Double(newest.bytes - baseline.bytes) / span
    }
}

/// One look at a live directory, computed by the runtime.
public struct LiveUpdate: Sendable, Equatable {
    /// The new snapshot, when more than a writer's appends changed.
    public var snapshot: DirectorySnapshot?
    /// What changed, when a writer only appended (to the newest segment, and to segments it rolled
    /// to): earlier segments' summaries, their loaded rows and their detail stay as they are.
    public var patch: TailPatch?
    /// When it was taken, on the state's clock (seconds).
    public var at: Double
    /// The offset after the newest validated index entry.
    public var head: UInt64?
    /// Bytes appended so far: the sealed segments' stores and the active segment's newest entry
    /// position (a buffered writer's store lags its index, so its file size would come in bursts).
    public var appendedBytes: UInt64
    /// The active segment's share of ``appendedBytes``.
    public var activeBytes: UInt64

    public init(
        snapshot: DirectorySnapshot?, patch: TailPatch? = nil, at: Double, head: UInt64?, appendedBytes: UInt64, activeBytes: UInt64
    ) {
        self.snapshot = snapshot
        self.patch = patch
        self.at = at
        self.head = head
        self.appendedBytes = appendedBytes
        self.activeBytes = activeBytes
    }
}

extension InspectorState {
    /// Applies a refresh of a live directory: new snapshot, rates, the roll estimate, follow.
    mutating func applyLive(_ update: LiveUpdate) {
        // What was there before matters only to follow until an anomaly (thousands of findings).
        let watchingForAnomalies = live.follow == .following(untilAnomaly: true)
        let before = watchingForAnomalies ? Set(snapshot.findings.filter { $0.severity > .info }.map(FindingKey.init)) : []
        now = max(now, update.at)
        if let patch = update.patch {
            applyTail(patch)
        } else if let snapshot = update.snapshot {
            replace(snapshot)
        }
        let arrived = live.observe(LiveState.Sample(at: update.at, head: update.head ?? 0, bytes: update.appendedBytes))
        live.updateRates(now: now)
        if arrived > 0 { live.tintFrom = live.head }
        live.head = update.head
        live.activeBytes = update.activeBytes
        estimateRoll()
        let newAnomaly =
            watchingForAnomalies
            ? snapshot.anomalyTargets.first { target in
                let finding = snapshot.findings[target.finding]
                return finding.severity > .info && !before.contains(FindingKey(finding))
            } : nil
        switch live.follow {
        case .following(let untilAnomaly):
            if untilAnomaly, let target = newAnomaly {
                live.follow = .paused(arrived: 0, untilAnomaly: true)
                go(to: target)
                let finding = snapshot.findings[target.finding]
                say("follow paused on a new anomaly: \(finding.id.rawValue): \(finding.summary)", error: finding.severity == .error, until: .selection)
            } else {
                selectNewest()
            }
        case .paused(let count, let untilAnomaly):
            live.follow = .paused(arrived: count + arrived, untilAnomaly: untilAnomaly)
        case .off:
            break
        }
    }

    /// The clock moved on (the event loop's tick): rates decay when nothing arrives.
    mutating func tick(_ time: Double) {
        now = max(now, time)
        live.updateRates(now: now)
        estimateRoll()
    }

    /// When the active segment should roll at the current rates: when its index is full (a live
    /// index file is as long as it will ever be, so its free slots are known), or when its store
    /// reaches the largest sealed segment's size, whichever comes first.
    mutating func estimateRoll() {
        let segments = snapshot.segments
        // Worked out in full when the snapshot is new; after rolls, only the segments sealed since are
        // looked at (a writer on 1024-byte segments rolls 200 times a second, and a directory holds
        // 100,000 of them); not on every append or tick. A sealed store of 0 bytes says nothing of
        // the size a segment rolls at (the Go reference writes a sealed segment's frames only when it
        // closes the log): no size is known then.
        let fresh = live.estimatedFrom == 0 || live.estimatedFrom > segments.count
        if fresh || live.estimatedFrom < segments.count {
            var largest = fresh ? 0 : live.estimatedSegmentBytes ?? 0
            let newlySealed = fresh ? 0 : max(0, live.estimatedFrom - 1)
            for i in newlySealed..<max(newlySealed, segments.count - 1) { largest = max(largest, segments[i].storeBytes) }
            live.estimatedSegmentBytes = largest > 0 ? largest : nil
        }
        live.estimatedFrom = segments.count
        guard snapshot.live, let active = snapshot.segments.last, live.recordsPerSecond > 0 else {
            live.secondsUntilRoll = nil
            return
        }
        var estimates: [Double] = []
        let slots = Int(active.indexBytes / UInt64(IndexEntry.size))
        if slots > active.rowCount { estimates.append(Double(slots - active.rowCount) / live.recordsPerSecond) }
        if let size = live.estimatedSegmentBytes, size > live.activeBytes, live.bytesPerSecond > 0 {
            estimates.append(Double(size - live.activeBytes) / live.bytesPerSecond)
        }
        live.secondsUntilRoll = estimates.min()
    }

    /// Selects the newest readable record: the last row of the newest segment that has one, before
    /// its pending entries (whose frames the writer has not flushed yet).
    mutating func selectNewest() {
        guard let last = snapshot.segments.indices.last(where: { snapshot.segments[$0].readableRows > 0 }) ?? snapshot.segments.indices.last
        else { return }
        filter = nil
        select(segment: last, row: max(0, snapshot.segments[last].readableRows - 1))
        focus = .records
    }

    /// `f` / `F` (Shift-f): follow on (at the newest record; with `untilAnomaly`, pausing at the next
    /// new anomaly), the other way of following when it follows the one way (`F` in the demo, which
    /// starts following, stops at anomalies instead of stopping), or off when it already follows so.
    mutating func toggleFollow(untilAnomaly: Bool) {
        switch live.follow {
        case .following(let current) where current != untilAnomaly:
            live.follow = .following(untilAnomaly: untilAnomaly)
            sayFollowing()
        case .off, .paused:
            live.follow = .following(untilAnomaly: untilAnomaly)
            selectNewest()
            sayFollowing()
        case .following:
            live.follow = .off
            say("follow off")
        }
    }

    /// Moving away from the newest record pauses follow; `G` re-arms it.
    mutating func pauseFollowIfMovingAway() {
        if case .following(let untilAnomaly) = live.follow { live.follow = .paused(arrived: 0, untilAnomaly: untilAnomaly) }
    }

    /// `G` while paused: back to the newest record, following again, and the bottom bar says so.
    /// Returns whether it was paused.
    mutating func resumeFollowIfPaused() -> Bool {
        if case .paused(_, let untilAnomaly) = live.follow {
            live.follow = .following(untilAnomaly: untilAnomaly)
            selectNewest()
            sayFollowing()
            return true
        }
        return false
    }

    /// The note that follow is on, and how it ends, for as long as it follows so.
    private mutating func sayFollowing() {
        guard case .following(let untilAnomaly) = live.follow else { return }
        say(
            untilAnomaly ? "following until the next anomaly (f stops)" : "following new records (f stops, k pauses, G resumes)",
            until: .follow(live.follow))
    }
}

/// What identifies a finding across refreshes (its place and kind, not its wording).
struct FindingKey: Hashable {
    var id: FindingID
    var file: String?
    var bytes: Range<UInt64>?
    var offsets: ClosedRange<UInt64>?

    init(_ finding: Finding) {
        id = finding.id
        file = finding.file
        bytes = finding.bytes
        offsets = finding.offsets
    }
}
