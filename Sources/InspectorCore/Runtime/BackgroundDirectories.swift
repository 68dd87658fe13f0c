import LogCore
import LogInspection

/// The directories one kind of background job reads (the compare view's diff, its search and its
/// filter; the single-log view's search): listed on the first job, then kept up to date by what
/// changed (a ``LogFollower`` each, the follow engine the views use). A job started because a
/// writer appended looks at what changed, not at every file of thousands of segments again.
///
/// Between jobs they hold no descriptors but the newest segments'. One job reads them at a time: a job started while a cancelled one is still ending waits for it
/// (a job looks for cancellation between chunks).
final class BackgroundDirectories: Sendable {
    private let follow: @Sendable () throws(LogError) -> [LogFollower?]
    private let followers = Locked<[LogFollower?]?>(nil)

    /// Directories `follow` opens when the first job reads them (`nil` for a node without the log).
    init(follow: @escaping @Sendable () throws(LogError) -> [LogFollower?]) {
        self.follow = follow
    }

    /// The log directories at `paths` (`nil`: a node without the log), reached through `access`
    /// (`nil`: as ``LogCore/FileAccessRoutes`` routes each path).
    convenience init(paths: [String?], access: (any FileAccess)? = nil) {
        self.init { () throws(LogError) -> [LogFollower?] in
            var followers: [LogFollower?] = []
            for path in paths {
                followers.append(
                    try path.map { (path) throws(LogError) in try LogFollower(path: path, access: access ?? FileAccessRoutes.access(for: path)) })
            }
            return followers
        }
    }

    /// The log `source` (a log directory, or a snapshot's `state.bin`).
    convenience init(source: LogSource) {
        self.init { () throws(LogError) -> [LogFollower?] in [try source.follow()] }
    }

    /// Runs `body` with the directories as they are now: listed on the first call, then brought up
    /// to date from what changed (and the newest segments' indexes, which writers change through a
    /// mapping, read again). A failure to list is thrown, and the next call lists again.
    func read(_ body: ([LogDirectory?]) throws(LogError) -> Void) throws(LogError) {
        try followers.withLock { (held) throws(LogError) in
            let current: [LogFollower?]
            if let held {
                current = held
                for case let follower? in current {
                    try follower.refresh()
                    follower.directory.segments.last?.invalidateCaches()
                }
            } else {
                current = try follow()
                held = current
            }
            defer {
                // Between jobs the listing is kept, not the descriptors: three kinds of job over a few
                // directories would otherwise hold hundreds open (and a look through `/proc` for
                // writers reads each of them).
                for case let follower? in current { follower.directory.releaseIdleFiles() }
            }
            try body(current.map { $0?.directory })
        }
    }
}
