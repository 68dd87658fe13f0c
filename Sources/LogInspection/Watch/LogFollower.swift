import LogCore

/// Follows a log directory another process writes, strictly read-only: the one engine behind
/// ``LogTailer`` (and so ``LogWatch`` and `logscope tail`), the inspector's live refresh and the
/// compare view's.
///
/// It keeps the directory's model up to date by changes: inotify names the files created, removed,
/// renamed or written, and only those are looked at again (one `stat` each); a segment none of whose
/// files changed is never listed, `stat`ed or read again. The newest segment's index, which both
/// writers change through a mapping (no inotify event), is read from its last validated entry on
/// each look: one file, not the directory. Where inotify's queue overflowed, the next look lists the
/// directory again (``DirectoryChanges/needsListing``); where inotify is missing, a look `stat`s the
/// newest segment's two files, and the directory is listed again once a second
/// (``DirectoryWaiter/listingInterval``): new segments and damage to sealed ones show within it.
///
/// It owns what following needs beyond a listing: the live segments' index entries validated
/// incrementally (a live index is `MaxIndexBytes` long from the start, so its size says nothing, and
/// it changes in place), the head offset, the segments a writer holds, and what each ``refresh(modified:)``
/// saw change (``DirectoryDelta``): segments added and removed, store files replaced under their name,
/// stores cut short, sealed segments written in place.
public final class LogFollower {
    /// The directory followed (its model is the last ``refresh(modified:)``'s).
    public let directory: LogDirectory

    /// What one ``refresh(modified:)`` saw.
    public typealias Change = DirectoryDelta

    /// Validated entries of a live index, read incrementally from the last known slot, for the
    /// segment's files as they were (their inodes).
    private struct Validated {
        var identity: [UInt64]
        var count: Int
        var lastPosition: UInt64?
    }

    private var validated: [UInt64: Validated] = [:]
    /// How many segments' validated entries are kept (those of the highest bases).
    static let validatedKept = 8
    /// How many segments' validated entries are kept now.
    var validatedSegments: Int { validated.count }
    /// The newest segment at the last look.
    private var lastNewest: UInt64?
    /// Says which files changed (inotify on the directory; for a store stream, on its file).
    private let waiter: DirectoryWaiter

    /// Follows `directory` (listed already); a writer's holders are looked up at most once a second.
    /// The first ``refresh(modified:)`` lists the directory once more (what changed before the watch
    /// was there is known only from a listing); later ones look at what inotify names.
    public convenience init(directory: LogDirectory) {
        self.init(directory: directory, waiter: DirectoryWaiter(path: directory.path))
    }

    /// Follows `directory` without inotify, as where it is missing (tests of the fallback).
    package convenience init(withoutInotify directory: LogDirectory) {
        self.init(directory: directory, waiter: DirectoryWaiter(path: directory.path, inotify: false))
    }

    /// Lists the log directory at `path` and follows it: the watch is set before the listing, so the
    /// first ``refresh(modified:)`` looks only at what changed since (no second listing).
    ///
    /// - Throws: what ``LogDirectory/init(path:openSegmentLimit:)`` throws.
    public convenience init(path: String) throws(LogError) {
        try self.init(path: path, access: FileAccessRoutes.access(for: path))
    }

    /// Lists the log directory at `path` through `access` and follows it (see ``init(path:)``).
    package convenience init(path: String, access: any FileAccess) throws(LogError) {
        let waiter = DirectoryWaiter(path: path)
        // The listing below sees everything that happened before now.
        _ = waiter.takeChanges()
        self.init(directory: try LogDirectory(path: path, access: access), waiter: waiter)
    }

    private init(directory: LogDirectory, waiter: DirectoryWaiter) {
        self.directory = directory
        // A follower polls many times a second: a look through /proc lasts a second.
        directory.holderScanInterval = .seconds(1)
        self.waiter = waiter
        lastNewest = directory.segments.last?.baseOffset
    }

    /// Whether inotify tells what changed (else each look `stat`s the newest segment's files and the
    /// directory is listed once a second).
    public var usesInotify: Bool { waiter.usesInotify }

    /// Waits until inotify reports a change in the directory or `milliseconds` pass (0: just looks);
    /// returns whether a change was reported (always `true` without inotify).
    @discardableResult
    public func wait(milliseconds: Int) -> Bool {
        waiter.wait(milliseconds: milliseconds)
    }

    /// Takes what changed in the directory since the last call and says it by segment.
    ///
    /// - Parameter modified: names of files the caller knows were written (besides what inotify
    ///   saw); a sealed segment among them counts as changed in place (damage done in place need
    ///   not move a file's stamp).
    @discardableResult
    public func refresh(modified: Set<String> = []) throws(LogError) -> Change {
        var changes = waiter.takeChanges()
        changes.names.formUnion(modified)
        changes.written.formUnion(modified)
        if !waiter.usesInotify, let newest = directory.segments.last {
            // No word of what changed between listings: the newest segment's files are what grows.
            changes.names.formUnion([newest.storeName, newest.indexName])
        }
        let change = try directory.refresh(changes)
        // A live index changes in place (it is mapped and preallocated, no inotify event): never trust
        // cached entries of the segment that can still grow, nor of the one that was the newest at the
        // last look (the writer appended to it before it rolled).
        let since = lastNewest ?? 0
        let newest = directory.segments.indices.last
        for index in directory.segments.indices.reversed() {
            guard directory.segments.base(at: index) >= since || index == newest else { break }
            // A segment never read has no caches (and no object to make for them).
            directory.segments.made.existing(directory.segments.base(at: index))?.invalidateCaches()
        }
        lastNewest = directory.segments.last?.baseOffset
        for base in change.removed + change.replaced { validated[base] = nil }
        return change
    }

    /// Forgets every validated entry (the log was reset: the next count validates from slot 0).
    public func forgetValidation() {
        validated = [:]
    }

    /// Forgets the validated entries of the segments `bases`.
    public func forgetValidation(of bases: [UInt64]) {
        for base in bases { validated[base] = nil }
    }

    /// The segments a writer holds now (``LogDirectory/segmentsHeldByWriter``, looked up through
    /// `/proc` at most once a second, and at once when a new segment appeared).
    public var segmentsHeldByWriter: Set<UInt64> { directory.segmentsHeldByWriter }

    /// Whether some process holds a file of the directory for writing (``LogDirectory/isHeldByWriter``).
    public var isHeldByWriter: Bool { directory.isHeldByWriter }

    /// The offset after the newest validated entry of the newest segment; `nil` with no segment.
    public func headOffset() throws(LogError) -> UInt64? {
        guard let newest = directory.segments.last else { return nil }
        return newest.baseOffset + UInt64(try entryCount(of: newest))
    }

    /// Where the newest segment's appended bytes end: its store's size, or the position of its newest
    /// validated entry when that lies further (a buffered writer's store file lags its index).
    public func activeEnd() throws(LogError) -> UInt64 {
        guard let newest = directory.segments.last else { return 0 }
        let count = try entryCount(of: newest)
        guard count > 0, let last = validated[newest.baseOffset]?.lastPosition else { return newest.storeSize }
        return max(last, newest.storeSize)
    }

    /// The number of valid entries of `segment`'s index, validated from the last known slot on; the
    /// last known entry is read again first (a writer's recovery cuts an index and grows it again with
    /// zeros in place, keeping its inode).
    ///
    /// - Throws: the open's error when a file of the segment cannot be read (a follower cannot skip
    ///   records).
    public func entryCount(of segment: InspectedSegment) throws(LogError) -> Int {
        if let unreadable = try segment.unreadableFiles().first { throw unreadable.error }
        var count = 0
        var last: UInt64?
        if let known = validated[segment.baseOffset], known.identity == segment.identity, known.count <= segment.indexSlots {
            (count, last) = (known.count, known.lastPosition)
            // Read past the read-ahead window: filling it now would cache slots the writer has not
            // written yet.
            var intact = true
            if count > 0 {
                try segment.forEachEntry(in: (count - 1)..<count) { slot, entry in
                    intact = UInt64(entry.relativeOffset) == UInt64(slot) && entry.position == last
                    return false
                }
            }
            if !intact { (count, last) = (0, nil) }
        }
        let slots = min(segment.indexSlots, SegmentFileName.maxEntries(baseOffset: segment.baseOffset))
        try segment.forEachEntry(in: min(count, slots)..<slots) { slot, entry in
            if IndexValidator.problem(with: entry, at: slot, previousPosition: slot == 0 ? nil : last) != nil { return false }
            count = slot + 1
            last = entry.position
            return true
        }
        validated[segment.baseOffset] = Validated(identity: segment.identity, count: count, lastPosition: last)
        // The newest segments are the ones asked about again: a writer rolling 1024-byte segments
        // would otherwise leave an entry for each of the thousands it sealed.
        if validated.count > Self.validatedKept, let oldest = validated.keys.min() { validated[oldest] = nil }
        return count
    }
}
