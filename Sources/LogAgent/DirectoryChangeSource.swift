/// What tells the agent that a directory changed: inotify on its machine (LogInspection's
/// `DirectoryWaiter`, one per directory asked about). The agent without one answers that only a
/// listing tells, and the client looks as where inotify is missing.
package protocol DirectoryChangeSource: AnyObject {
    /// What changed in `directory` since the last call about it, waiting up to `milliseconds` for a
    /// change when nothing has yet.
    func changes(of directory: String, waitingUpTo milliseconds: Int) -> (names: [String], written: [String], needsListing: Bool)
}
