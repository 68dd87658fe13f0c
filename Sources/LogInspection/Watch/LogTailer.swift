import Glibc
import LogCore

/// Follows a log directory another process writes, strictly read-only: each ``poll()`` reports what
/// changed since the last one.
///
/// New records are found through validated index entries (a live index file is `MaxIndexBytes` long
/// from the start, so its size says nothing), read incrementally from the last validated slot. An entry
/// whose frame is not in the store yet is *pending*: it is delivered once the bytes arrive, and reported
/// only if it stays pending past ``pendingTimeout``. The last delivered frame is re-read on every poll,
/// so a change to delivered bytes is reported instead of going unnoticed.
public final class LogTailer {
    /// Where delivery starts.
    public enum Start: Sendable, Equatable {
        /// The lowest offset on disk.
        case beginning
        /// After the newest record on disk (only records appended later are delivered).
        case end
        /// This offset (or the lowest one above it).
        case offset(UInt64)
        /// The last `n` records.
        case last(UInt64)
    }

    public let path: String
    /// How long an entry may point past the store's end before ``WatchEvent/pendingTooLong(offset:seconds:)``.
    public var pendingTimeout: Double
    /// At most this many records per poll.
    public var maxBatch: Int
    /// When set, a consumer further behind the newest record than this skips ahead (``WatchEvent/dropped(count:resumeAt:)``).
    public var maxLag: UInt64?

    /// The next offset to deliver. Set once a record: unchecked, as no access to it overlaps another.
    @exclusivity(unchecked) public private(set) var nextOffset: UInt64 = 0
    /// The engine that follows the directory (a new one when the directory is replaced).
    private var follower: LogFollower?
    private var directory: LogDirectory? { follower?.directory }
    private var directoryInode: UInt64 = 0
    private var start: Start
    private var started = false
    /// The lowest segment's base at the last poll (a log never grows downwards).
    private var knownLowest: UInt64?
    /// The segment that held the next offset at the last poll.
    private var readingBase: UInt64?
    /// Segments reported removed by the follower but not yet reported on (a deletion in progress is
    /// waited out: they are looked at again on the next poll).
    private var unsettledRemovals: [UInt64] = []
    private var cursor: (base: UInt64, slot: Int, lastPosition: UInt64?)?
    private var pendingSince: (offset: UInt64, at: ContinuousClock.Instant, reported: Bool, abandoned: Bool)?
    /// Why the entry waited on last cannot be read yet (its frame's verdict, in words).
    private var pendingReason: String?
    /// The offset the tailer started at.
    private var startedAt: UInt64 = 0
    /// The segment in which delivery last caught up with the newest record: moving on from it is a roll
    /// the writer made while we watched; moving through older segments is not.
    private var caughtUpIn: UInt64?
    private var lastDelivered: (base: UInt64, offset: UInt64, position: UInt64, size: UInt64, checksum: UInt64, identity: [UInt64])?
    private var waitingReported = false
    /// When the listing started to look like a deletion in progress.
    private var settlingSince: ContinuousClock.Instant?
    /// What time it is: the pending timeout and the settling of a deletion are measured on it.
    let clock: () -> ContinuousClock.Instant

    /// Creates a tailer; nothing is read until the first ``poll()``. `clock` tells the time (tests pass
    /// one they advance instead of sleeping).
    public init(
        path: String, start: Start = .beginning, pendingTimeout: Double = 2, maxBatch: Int = 10_000, maxLag: UInt64? = nil,
        clock: @escaping () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.path = path
        access = FileAccessRoutes.access(for: path)
        self.clock = clock
        self.start = start
        self.pendingTimeout = pendingTimeout
        self.maxBatch = maxBatch
        self.maxLag = maxLag
    }

    /// How the directory's files are reached (as ``LogCore/FileAccessRoutes`` routes the path, unless
    /// a test says otherwise).
    package var access: any FileAccess

    /// Looks at the directory once and returns what changed, new records as ``WatchEvent/records(_:)``
    /// (before the first ``WatchEvent/segmentRolled(base:)``: the records of the segment rolled from).
    ///
    /// A file that vanishes or shrinks between listing and reading (a writer resetting or truncating
    /// right then) is not an error: the poll stops there and the next one sees the new state.
    public func poll() throws(LogError) -> [WatchEvent] {
        var records: [WatchedRecord] = []
        var events = try poll { records.append(WatchedRecord($0)) }
        if !records.isEmpty {
            let rolled = events.firstIndex {
                if case .segmentRolled = $0 { return true }
                return false
            }
            events.insert(.records(records), at: rolled ?? events.count)
        }
        return events
    }

    /// Looks at the directory once, lends each new record to `body` in offset order as it is read (its
    /// bytes copied nowhere), and returns what else changed (never ``WatchEvent/records(_:)``).
    public func poll(lending body: (LentRecord) -> Void) throws(LogError) -> [WatchEvent] {
        var events: [WatchEvent] = []
        do {
            try poll(into: &events, body)
        } catch {
            switch error {
            case .io(_, _, ENOENT), .noSuchDirectory, .notADirectory, .corrupt, .endOfIndex:
                cursor = nil
                return events
            default:
                throw error
            }
        }
        return events
    }

    private func poll(into events: inout [WatchEvent], _ body: (LentRecord) -> Void) throws(LogError) {
        guard try openDirectory(&events) else { return }
        guard let follower else { return }
        let directory = follower.directory
        let change = try follower.refresh()
        unsettledRemovals += change.removed
        // The listing goes by path: if the directory was replaced between the `stat` above and the
        // listing (a reset), this listing is the new log seen through the old one's state. Leave it to
        // the next poll, which sees the new inode and resets once (it used to reset twice and deliver
        // the new log's first records twice).
        guard access.status(of: path).inode == directoryInode else { return }
        // The segment being read may have been the newest (the follower re-reads that one's index).
        if let base = cursor?.base { directory.segment(at: base)?.invalidateCaches() }
        if !started {
            started = true
            nextOffset = try startingOffset(directory)
            startedAt = nextOffset
        }
        guard try noticeRemovals(directory, &events) else { return }
        settlingSince = nil
        knownLowest = directory.segments.first?.baseOffset
        defer { readingBase = directory.segmentIndex(containing: nextOffset).map { directory.segments[$0].baseOffset } }
        try checkHistory(directory, &events)
        noteSealedChanges(change, directory, &events)
        if let maxLag, let head = try follower.headOffset(), head > nextOffset, head - nextOffset > maxLag {
            let resume = head - maxLag / 2
            events.append(.dropped(count: resume - nextOffset, resumeAt: resume))
            nextOffset = resume
            cursor = nil
        }
        try deliver(directory, &events, body)
    }

    // MARK: Directory

    private func openDirectory(_ events: inout [WatchEvent]) throws(LogError) -> Bool {
        let info = access.status(of: path)
        guard info.kind == .directory else {
            if follower != nil {
                follower = nil
                cursor = nil
                lastDelivered = nil
                pendingSince = nil
            }
            if !waitingReported {
                waitingReported = true
                events.append(.waitingForDirectory(path))
            }
            return false
        }
        if follower == nil || info.inode != directoryInode {
            let recreated = follower != nil || (waitingReported && started)
            follower = try LogFollower(path: path, access: access)
            directoryInode = info.inode
            waitingReported = false
            if recreated {
                cursor = nil
                lastDelivered = nil
                pendingSince = nil
                knownLowest = nil
                readingBase = nil
                unsettledRemovals = []
                nextOffset = directory!.segments.first?.baseOffset ?? 0
                events.append(.reset(reason: "the directory was removed and created again", nextOffset: nextOffset))
            }
        }
        return true
    }

    private func startingOffset(_ directory: LogDirectory) throws(LogError) -> UInt64 {
        let lowest = directory.segments.first?.baseOffset ?? 0
        switch start {
        case .beginning: return lowest
        case .offset(let offset): return max(offset, lowest)
        case .end: return try follower?.headOffset() ?? lowest
        case .last(let n):
            let head = try follower?.headOffset() ?? lowest
            return try startOfLast(n, readableBelow: head, in: directory) ?? max(lowest, head >= n ? head - n : 0)
        }
    }

    /// The offset from which `n` readable records lie below `head`: the entries at the end of a
    /// segment whose frames are not in its store (lost at a crashed log's tail, or not flushed yet by a
    /// writer) are not counted, so `tail -n 3` prints the last three records there are. `nil` when the
    /// directory holds fewer (start at its lowest offset then). Reads the positions of those entries and
    /// one frame a segment, not every record (`tail -n 1000000` reads each record once, forwards).
    private func startOfLast(_ n: UInt64, readableBelow head: UInt64, in directory: LogDirectory) throws(LogError) -> UInt64? {
        guard n > 0 else { return head }
        var found: UInt64 = 0
        // Segments at or past `head` are passed over by their base (no object is made for them).
        for index in directory.segments.indices.reversed() where directory.segments.base(at: index) < head {
            let segment = directory.segments[index]
            var count = min(try follower!.entryCount(of: segment), Int(clamping: head - segment.baseOffset))
            // Entries past the store's end, then a last frame cut short.
            while count > 0, let entry = try segment.rawEntry(at: count - 1), entry.position >= segment.storeSize { count -= 1 }
            if count > 0 {
                var valid = false
                _ = try segment.withRecord(slot: count - 1) { record, _ in valid = !record.verdict.isTorn }
                if !valid { count -= 1 }
            }
            if found + UInt64(count) >= n { return segment.baseOffset + UInt64(count) - (n - found) }
            found += UInt64(count)
        }
        return nil
    }

    /// The segments from the reading start on whose index holds an entry that is not valid where its
    /// valid entries end (not a preallocated zero slot): the entries from there on are not read (the
    /// index's logical end, as a writer's recovery finds it). Each with its base, the slot and the entry.
    /// What `tail` without `-f` reports, instead of ending there in silence.
    public func damagedIndexEnds() throws(LogError) -> [(base: UInt64, slot: Int, entry: IndexEntry)] {
        guard let follower else { return [] }
        var found: [(base: UInt64, slot: Int, entry: IndexEntry)] = []
        for segment in follower.directory.segments where segment.baseOffset.saturatingAdd(UInt64(segment.indexSlots)) > startedAt {
            let valid = try follower.entryCount(of: segment)
            // Slots past the last offset a log can number (a base near 2^64) are not damage.
            guard valid < min(segment.indexSlots, SegmentFileName.maxEntries(baseOffset: segment.baseOffset)), let entry = try segment.rawEntry(at: valid),
                entry.relativeOffset != 0 || entry.position != 0
            else { continue }
            found.append((segment.baseOffset, valid, entry))
        }
        return found
    }

    /// The directory as the tailer last listed it (`nil` before the first poll, or while it is missing).
    public var listedDirectory: LogDirectory? { follower?.directory }

    /// Whether some process holds a file of the log for writing now (a `/proc` look, at most once a second).
    public var isHeldByWriter: Bool { follower?.isHeldByWriter ?? false }

    /// The entries at the end of the log the tailer has not delivered because their frames are not in
    /// the store (a writer has not flushed them, or lost them when it stopped), and why the first one
    /// cannot be read; `nil` when it delivered everything the index holds. What `tail` without `-f`
    /// reports when it ends.
    public func undeliveredTail() throws(LogError) -> (offsets: ClosedRange<UInt64>, reason: String)? {
        guard let follower, let head = try follower.headOffset(), head > nextOffset else { return nil }
        let reason = pendingReason ?? "its frame is not in the store"
        return (nextOffset...(head - 1), reason)
    }

    /// Reports segments that disappeared; returns `false` when the listing looks like a deletion in
    /// progress (poll again later, as if nothing was seen).
    private func noticeRemovals(_ directory: LogDirectory, _ events: inout [WatchEvent]) throws(LogError) -> Bool {
        let lowest = directory.segments.first?.baseOffset
        // A log never grows downwards: a lower first segment than before means a new log in the same
        // place (a reset, or the directory recreated with the same inode number).
        if let oldLowest = knownLowest, let lowest, lowest < oldLowest {
            resetState(to: lowest)
            events.append(.reset(reason: "the log starts at offset \(lowest) now, below its earlier start \(oldLowest)", nextOffset: lowest))
            return true
        }
        // A segment removed and created again since is not removed.
        let removed = Array(Set(unsettledRemovals.filter { directory.segment(at: $0) == nil })).sorted()
        guard !removed.isEmpty else {
            unsettledRemovals = []
            return true
        }
        if let current = cursor?.base ?? readingBase, removed.contains(current),
            (directory.segments.last?.baseOffset).map({ $0 <= current }) ?? true
        {
            // The segment being read vanished and nothing follows it. While older segments remain the
            // directory is being deleted (a reset in progress): wait for it to settle.
            if !directory.segments.isEmpty {
                let now = clock()
                let since = settlingSince ?? now
                settlingSince = since
                if now - since < .seconds(2) { return false }
            }
            settlingSince = nil
            unsettledRemovals = []
            resetState(to: lowest ?? 0)
            events.append(.reset(reason: "the segments being read were removed", nextOffset: nextOffset))
            return true
        }
        unsettledRemovals = []
        follower?.forgetValidation(of: removed)
        events.append(.segmentsRemoved(bases: removed, lowestOffset: lowest))
        if let lowest, nextOffset < lowest {
            nextOffset = lowest
            cursor = nil
        }
        return true
    }

    private func resetState(to offset: UInt64) {
        cursor = nil
        lastDelivered = nil
        pendingSince = nil
        caughtUpIn = nil
        follower?.forgetValidation()
        nextOffset = offset
    }

    /// Waits until the directory changes (inotify) or `milliseconds` pass; returns whether a change
    /// was reported. Before the first ``poll()``, or while the directory is missing, it just sleeps.
    @discardableResult
    public func wait(milliseconds: Int) -> Bool {
        guard let follower else {
            if milliseconds > 0 { usleep(useconds_t(milliseconds * 1000)) }
            return true
        }
        return follower.wait(milliseconds: milliseconds)
    }

    // MARK: Delivery

    private func deliver(_ directory: LogDirectory, _ events: inout [WatchEvent], _ body: (LentRecord) -> Void) throws(LogError) {
        var delivered = 0
        // The last record delivered keeps a checksum of its frame (to notice its history change
        // later), read back once the batch ends: no record's bytes are copied for it.
        // Its segment is set only when it changes: retaining a segment for every record costs more
        // than writing the record (the open-file budget's weak references make it the slow kind).
        var lastSegment: InspectedSegment?
        var lastFrame: ReadFrame?
        defer {
            if let segment = lastSegment, let frame = lastFrame {
                // A frame that cannot be read back now (its store shrank or closed since) leaves no
                // checksum: that record is not watched for a later change.
                lastDelivered = (try? checksum(segment, frame.position, frame.size)).map {
                    (segment.baseOffset, frame.offset, frame.position, frame.size, $0, segment.identity)
                }
            }
        }
        while delivered < maxBatch {
            guard let index = directory.segmentIndex(containing: nextOffset) ?? (directory.segments.isEmpty ? nil : 0) else { return }
            let segment = directory.segments[index]
            if nextOffset < segment.baseOffset {
                appendSkipped(.skipped(offsets: nextOffset...(segment.baseOffset - 1), reason: "no segment holds them"), to: &events)
                nextOffset = segment.baseOffset
            }
            if cursor?.base != segment.baseOffset {
                // An offset in a gap before a segment named near 2^64 can be more slots away than `Int` holds.
                let slot = Int(clamping: nextOffset - segment.baseOffset)
                cursor = (segment.baseOffset, slot, nil)
                if slot > 0, let previous = try segment.rawEntry(at: slot - 1) {
                    cursor?.lastPosition = previous.position
                }
            }
            let count = try follower!.entryCount(of: segment)
            var slot = cursor!.slot
            var dropped: UInt64?
            if let pending = pendingSince, pending.offset == segment.baseOffset &+ UInt64(slot), slot >= count {
                // The entry we waited on is gone: a writer's recovery dropped it (its frame never came).
                pendingSince = nil
                dropped = pending.offset
                if !pending.abandoned {
                    events.append(
                        .pendingAbandoned(
                            offset: pending.offset,
                            reason: "its index entry was removed (a writer's recovery dropped it: the frame was never written)"))
                }
            }
            // Not the segment itself: a closure that holds it retains it for every record.
            let base = segment.baseOffset
            // One reader for the segment's records (a new one if its files close meanwhile).
            var reader = try segment.reader()
            var pendingCleared = false
            while slot < count && delivered < maxBatch {
                // One read of the frame, as the record cursor makes: its verdict, and a valid record
                // lent to `body` then and there (its value is not copied out). Kept in plain values,
                // not optionals of tuples, which this once-a-record loop would store through the
                // runtime's generic witnesses.
                var read = ReadFrame(offset: 0, verdict: .valid, position: 0, size: 0)
                if reader.isClosed { reader = try segment.reader() }
                guard
                    try segment.withRecord(
                        slot: slot, reader: reader,
                        { record, payload in
                            read = ReadFrame(offset: record.offset, verdict: record.verdict, position: record.entry.position, size: record.frame.size)
                            guard record.verdict.isValid, let fields = record.frame.fields, let value = record.value(in: payload) else { return }
                            read.delivered = true
                            body(LentRecord(offset: read.offset, segment: base, position: read.position, frameSize: read.size, value: value, fields: fields))
                        })
                else { break }
                guard !read.verdict.isTorn else {
                    pendingReason = read.verdict.describe(store: segment.storeName)
                    notePending(read.offset, directory, &events)
                    cursor?.slot = slot
                    if index + 1 == directory.segments.count { caughtUpIn = segment.baseOffset }
                    return
                }
                // Once a segment's walk: a pending frame that is now whole (not once a record).
                if !pendingCleared {
                    pendingSince = nil
                    pendingCleared = true
                }
                if read.delivered {
                    delivered += 1
                    lastFrame = read  // its checksum once the batch ends
                    if lastSegment !== segment { lastSegment = segment }
                } else {
                    events.append(.damaged(offset: read.offset, segment: segment.baseOffset, reason: read.verdict.describe(store: segment.storeName)))
                }
                slot += 1
                nextOffset = read.offset + 1
            }
            cursor?.slot = slot
            guard slot >= count else { return }
            // This segment is read to its end: move on when the writer has rolled.
            guard index + 1 < directory.segments.count else {
                caughtUpIn = segment.baseOffset
                return
            }
            let next = directory.segments[index + 1]
            if nextOffset < next.baseOffset {
                let lost = (dropped ?? pendingSince?.offset).map { nextOffset <= $0 && $0 < next.baseOffset } ?? false
                appendSkipped(
                    .skipped(
                        offsets: nextOffset...(next.baseOffset - 1),
                        reason: lost
                            ? "their entries are gone from \(segment.indexName) (a writer's recovery dropped them: their frames were never written)"
                            : "no segment holds them (\(segment.indexName) ends before offset \(next.baseOffset))"), to: &events)
                pendingSince = nil
                nextOffset = next.baseOffset
            }
            cursor = nil
            if caughtUpIn == segment.baseOffset { events.append(.segmentRolled(base: next.baseOffset)) }
            caughtUpIn = nil
        }
    }

    /// What one read of a frame found: where it is, its verdict, and whether it was lent as a record.
    private struct ReadFrame {
        var offset: UInt64
        var verdict: FrameVerdict
        var position: UInt64
        var size: UInt64
        var delivered = false
    }

    /// Adds a skipped range, merged into the previous one when they touch (one report per range).
    private func appendSkipped(_ event: WatchEvent, to events: inout [WatchEvent]) {
        if case .skipped(let range, _) = event, case .skipped(let previous, let reason)? = events.last, previous.upperBound &+ 1 == range.lowerBound {
            events[events.count - 1] = .skipped(offsets: previous.lowerBound...range.upperBound, reason: reason)
        } else {
            events.append(event)
        }
    }

    private func notePending(_ offset: UInt64, _ directory: LogDirectory, _ events: inout [WatchEvent]) {
        let now = clock()
        guard let pending = pendingSince, pending.offset == offset else {
            pendingSince = (offset, now, false, false)
            return
        }
        let (s, atto) = (now - pending.at).components
        let seconds = Double(s) + Double(atto) / 1e18
        guard seconds >= pendingTimeout else { return }
        if !pending.reported {
            pendingSince?.reported = true
            events.append(.pendingTooLong(offset: offset, seconds: seconds))
        }
        // Past the timeout, look for a writer (``LogDirectory/holderScanInterval`` keeps it to once a
        // second: it reads /proc): with none left, the frame will never come.
        guard !pending.abandoned else { return }
        if follower?.isHeldByWriter == false {
            pendingSince?.abandoned = true
            events.append(
                .pendingAbandoned(
                    offset: offset,
                    reason: "no writer holds the log any more and its frame is not in the store: it was lost when the writer stopped"))
        }
    }

    // MARK: History

    private func checkHistory(_ directory: LogDirectory, _ events: inout [WatchEvent]) throws(LogError) {
        guard let delivered = lastDelivered else { return }
        guard let segment = directory.segment(at: delivered.base) else { return }
        let (was, now) = (delivered.identity.first ?? 0, segment.identity.first ?? 0)
        if was != 0, now != 0, was != now {
            // A new store file under the same name: a new log (a reset to the same base), not a
            // rewrite of the old one. (A file missing mid-deletion has no inode and is waited out.)
            resetState(to: delivered.base)
            events.append(.reset(reason: "\(segment.storeName) was replaced by a new file", nextOffset: delivered.base))
            return
        }
        if now == 0 { return }
        if segment.storeSize < delivered.position + delivered.size {
            events.append(
                .historyChanged(
                    segment: delivered.base, offset: delivered.offset,
                    detail: "\(segment.storeName) shrank to \(segment.storeSize) bytes, below the delivered record at \(delivered.position)"))
            lastDelivered = nil
            return
        }
        if try checksum(segment, delivered.position, delivered.size) != delivered.checksum {
            events.append(
                .historyChanged(
                    segment: delivered.base, offset: delivered.offset,
                    detail: "the bytes of offset \(delivered.offset) at \(segment.storeName)[\(delivered.position)] changed after delivery"))
            lastDelivered = nil
        }
    }

    /// Reports sealed segments behind the reading position whose stores changed: replaced by another
    /// file, written in place, or cut short (the segment being read is ``checkHistory``'s). An index
    /// rewritten in place changes no delivered record's bytes and is not reported.
    private func noteSealedChanges(_ change: DirectoryDelta, _ directory: LogDirectory, _ events: inout [WatchEvent]) {
        guard let reading = lastDelivered?.base ?? readingBase else { return }
        func report(_ bases: [UInt64], _ detail: (UInt64) -> String) {
            for base in bases where base < reading {
                events.append(.historyChanged(segment: base, offset: base, detail: detail(base)))
            }
        }
        let behind = "behind the position the records are read from: the log's history changed"
        report(change.replaced) { "\($0).store was replaced by another file, \(behind)" }
        report(change.truncated) { base in "\(base).store was cut to \(directory.segment(at: base)?.storeSize ?? 0) bytes, \(behind)" }
        report(change.storesChangedInPlace.filter { !change.replaced.contains($0) && !change.truncated.contains($0) }.sorted()) {
            "\($0).store was written in place, \(behind)"
        }
    }

    /// How many of a frame's first bytes its checksum covers.
    private static let checksumBytes = 1 << 20

    /// FNV-1a of the first ``checksumBytes`` of the frame at `position`, read back from the store.
    private func checksum(_ segment: InspectedSegment, _ position: UInt64, _ size: UInt64) throws(LogError) -> UInt64 {
        Self.fnv1a(try segment.storeBytes(at: position, count: Int(min(size, UInt64(Self.checksumBytes)))))
    }

    /// FNV-1a of `bytes`.
    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
