import LogCore
import LogInspection

/// Whether the compare view follows the offsets writers append (`f`), or follows until the next new
/// difference (`F`), as the single-log view follows records.
public enum CompareFollow: Sendable, Equatable {
    case off
    /// The selection stays on the newest offset; with `untilDifference`, it stops at the first
    /// difference found after `since` (the newest offset when follow started).
    case following(untilDifference: Bool, since: UInt64)
    /// Moved away from the newest offset: `G` goes back and follows again.
    case paused(untilDifference: Bool, since: UInt64)
}

extension CompareState {
    /// `f` / `F`: follow on (at the newest offset; with `untilDifference`, stopping at the next new
    /// difference), the other way of following when it follows the one way, or off when it already
    /// follows so (as the single view's).
    mutating func toggleFollow(untilDifference: Bool) {
        switch follow {
        case .following(let current, let since) where current != untilDifference:
            follow = .following(untilDifference: untilDifference, since: since)
            sayFollowing()
        case .off, .paused:
            follow = .following(untilDifference: untilDifference, since: span?.upperBound ?? 0)
            selectNewest()
            sayFollowing()
        case .following:
            follow = .off
            message = StatusMessage(text: "follow off", isError: false)
        }
    }

    /// The newest offset, in the rows pane.
    mutating func selectNewest() {
        guard let span else { return }
        focus = .rows
        select(span.upperBound)
    }

    /// Moving away from the newest offset pauses follow; `G` re-arms it.
    mutating func pauseFollowIfMovingAway() {
        if case .following(let untilDifference, let since) = follow { follow = .paused(untilDifference: untilDifference, since: since) }
    }

    /// `G` while paused: back to the newest offset, following again (until a difference found past
    /// it). Returns whether it was paused.
    mutating func resumeFollowIfPaused() -> Bool {
        guard case .paused(let untilDifference, _) = follow else { return false }
        follow = .following(untilDifference: untilDifference, since: span?.upperBound ?? 0)
        selectNewest()
        sayFollowing()
        return true
    }

    /// The note that follow is on, and how it ends.
    private mutating func sayFollowing() {
        guard case .following(let untilDifference, _) = follow else { return }
        let text =
            untilDifference ? "following until the next new difference (f stops)" : "following new offsets (f stops, k pauses, G resumes)"
        message = StatusMessage(text: text, isError: false)
    }

    /// After the directories' offsets changed: a followed view moves to the newest offset.
    mutating func followNewOffsets() {
        if case .following = follow { selectNewest() }
    }

    /// After the diff found runs: following until a difference, the first run past where follow
    /// started is selected and follow pauses there.
    mutating func stopAtNewDifference() {
        guard case .following(true, let since) = follow,
            let run = differences.runs.first(where: { $0.offsets.upperBound > since })
        else { return }
        follow = .paused(untilDifference: true, since: since)
        focus = .rows
        select(max(run.offsets.lowerBound, since.saturatingAdd(1)), centred: true)
        message = StatusMessage(
            text: "stopped at a new difference: " + ReplicaDiff.heading(run.offsets, run.verdict) + " (G follows on, f stops)", isError: false)
    }
}
