/// When a view looks for appends: on every pass of the loop but at most every ``interval``, and it
/// re-lists its directories only when inotify saw a change or a second has passed (writes to a
/// mapped index raise no event, and an idle directory of thousands of segments should cost nothing).
struct LivePollSchedule {
    /// The shortest time between two looks.
    var interval: Duration = .milliseconds(100)
    private var lastLook = ContinuousClock.now
    private var lastListing = ContinuousClock.now

    /// Whether to re-list now. `changed` (which drains the inotify waiters) is asked only when a look
    /// is due; `force` looks and re-lists at once.
    mutating func shouldList(at now: ContinuousClock.Instant, force: Bool, changed: () -> Bool) -> Bool {
        guard force || now - lastLook >= interval else { return false }
        lastLook = now
        guard force || changed() || now - lastListing >= .seconds(1) else { return false }
        lastListing = now
        return true
    }
}
