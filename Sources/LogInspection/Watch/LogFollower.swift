import LogCore

/// Follows a log directory another process writes, strictly read-only: the one engine behind
/// ``LogTailer`` (and so ``LogWatch`` and `logscope tail`) and the inspector's live refresh.
///
/// It owns what following needs beyond a listing: the live segments' index entries validated
/// incrementally (a live index is `MaxIndexBytes` long from the start, so its size says nothing, and
/// it changes in place), the head offset, the segments a writer holds, and what each ``refresh(modified:)``
/// saw change: segments added and removed, store files replaced under their name, sealed segments
/// written in place (their stamp, size, inode and modification time, moved; or inotify named them).
public final class LogFollower {
    /// The directory followed (its listing is the last ``refresh(modified:)``'s).
    public let directory: LogDirectory

    /// What one ``refresh(modified:)`` saw.
    public struct Change: Sendable, Equatable {
        /// Whether the listing changed at all (segments, sizes, stamps).
        public var listed: Bool
        /// Segments that appeared, by base offset.
        public var added: [UInt64]
        /// Segments that disappeared, by base offset.
        public var removed: [UInt64]
        /// Segments whose store file is a new file under the same name (a reset to the same base).
        public var replaced: [UInt64]
        /// Sealed segments (all but the newest) written in place: same files, same sizes, but a newer
        /// modification time, or named by the caller's `modified` files.
        public var changedInPlace: Set<UInt64>
    }

    /// Validated entries of a live index, read incrementally from the last known slot, for the
    /// segment's files as they were (their inodes).
    private struct Validated {
        var identity: [UInt64]
        var count: Int
        var lastPosition: UInt64?
    }

    private var validated: [UInt64: Validated] = [:]
    private var stamps: [UInt64: SegmentFiles] = [:]

    /// Follows `directory` (listed already); a writer's holders are looked up at most once a second.
    public init(directory: LogDirectory) {
        self.directory = directory
        // A follower polls many times a second: a look through /proc lasts a second.
        directory.holderScanInterval = .seconds(1)
        stamps = Dictionary(directory.segments.map { ($0.baseOffset, $0.files) }, uniquingKeysWith: { first, _ in first })
    }

    /// Lists the directory again and says what changed since the last call.
    ///
    /// - Parameter modified: names of files inotify saw written since the last call; a sealed segment
    ///   among them counts as changed in place (damage done in place need not move a file's stamp).
    @discardableResult
    public func refresh(modified: Set<String> = []) throws(LogError) -> Change {
        let listed = try directory.refresh()
        // A live index changes in place (it is mapped and preallocated): never trust cached entries of
        // the segment that can still grow.
        directory.segments.last?.invalidateCaches()
        var change = Change(listed: listed, added: [], removed: [], replaced: [], changedInPlace: [])
        var now: [UInt64: SegmentFiles] = [:]
        for (i, segment) in directory.segments.enumerated() {
            let base = segment.baseOffset
            now[base] = segment.files
            guard let before = stamps[base] else {
                change.added.append(base)
                continue
            }
            if let was = before.store?.inode, let current = segment.files.store?.inode, was != current { change.replaced.append(base) }
            let sealed = i + 1 < directory.segments.count
            if sealed, segment.files.changedInPlace(since: before) || modified.contains(segment.storeName) || modified.contains(segment.indexName) {
                change.changedInPlace.insert(base)
            }
        }
        change.removed = stamps.keys.filter { now[$0] == nil }.sorted()
        for base in change.removed + change.replaced { validated[base] = nil }
        // A file missing mid-deletion keeps its last stamp: its replacement is seen when it comes back.
        for (base, files) in now where files.store == nil { now[base] = stamps[base] ?? files }
        stamps = now
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
        return count
    }
}
