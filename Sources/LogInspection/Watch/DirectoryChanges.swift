/// What a ``DirectoryWaiter`` saw happen in a directory since it was last asked: the names of the
/// entries created, deleted, renamed or written, or that only a new listing can tell (no inotify, its
/// queue overflowed, the watch was added anew).
public struct DirectoryChanges: Sendable, Equatable {
    /// Entries created, deleted, renamed in or out, or written to (`IN_CREATE`, `IN_DELETE`,
    /// `IN_MOVED_FROM`, `IN_MOVED_TO`, `IN_MODIFY`, `IN_CLOSE_WRITE`).
    public var names: Set<String> = []
    /// Entries written to (`IN_MODIFY`): a sealed segment's file among them was changed in place,
    /// whatever its stamp says.
    public var written: Set<String> = []
    /// Whether only a new listing can tell what changed: there is no inotify, its queue overflowed
    /// (`IN_Q_OVERFLOW`), or the watch was (re)added (the directory appeared, was moved or replaced).
    public var needsListing: Bool

    /// No change, or (`needsListing`) a change that only a listing tells.
    public init(needsListing: Bool = false) {
        self.needsListing = needsListing
    }

    /// Whether there is nothing to look at.
    public var isEmpty: Bool { names.isEmpty && !needsListing }

    /// How many names are kept at most: past this many, a listing is cheaper than the names (a
    /// deletion of thousands of segments at once).
    static let nameLimit = 4096

    /// Adds what `other` saw.
    mutating func merge(_ other: DirectoryChanges) {
        if other.needsListing { self = DirectoryChanges(needsListing: true) }
        for name in other.names { note(name, written: other.written.contains(name)) }
    }

    /// Adds the name an event named (`written`: it was `IN_MODIFY`); past ``nameLimit`` names, only
    /// a listing is asked for.
    mutating func note(_ name: String, written isWrite: Bool) {
        guard !needsListing else { return }
        guard names.count < Self.nameLimit else {
            self = DirectoryChanges(needsListing: true)
            return
        }
        names.insert(name)
        if isWrite { written.insert(name) }
    }
}
