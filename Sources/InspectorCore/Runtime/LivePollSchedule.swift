/// When a view looks for appends: on every pass of the loop, but at most every ``interval``. A look
/// costs what changed (the follower looks at the files inotify named and at the newest index, which a
/// writer changes through a mapping with no inotify event), so an idle directory of thousands of
/// segments costs one read of one index entry per look.
struct LivePollSchedule {
    /// The shortest time between two looks.
    var interval: Duration = .milliseconds(100)
    private var lastLook = ContinuousClock.now

    /// Whether to look now; `force` looks at once.
    mutating func shouldLook(at now: ContinuousClock.Instant, force: Bool) -> Bool {
        guard force || now - lastLook >= interval else { return false }
        lastLook = now
        return true
    }
}
