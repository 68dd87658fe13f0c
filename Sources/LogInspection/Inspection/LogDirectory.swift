/// A log directory opened strictly read-only for inspection: it never creates, truncates, renames, maps
/// or locks anything, so it is safe on a directory a live writer holds open and on damaged ones.
///
/// Opening lists the directory and `stat`s each file; it reads no record. Everything else is lazy:
/// index entries and frames are read with `pread` when asked for.
import LogCore

public final class LogDirectory {
    /// A directory entry that is not part of a segment.
    public struct StrayEntry: Sendable, Equatable {
        /// What kind of stray it is.
        public enum Kind: Sendable, Equatable {
            /// A regular file whose name is not `<u64>.store` / `<u64>.index`.
            case file
            /// A name ending in `.store`/`.index` whose base is not a plain decimal `u64` (leading zeros,
            /// a sign, too large).
            case badSegmentName
            /// A subdirectory, link to one, or other non-regular file.
            case notARegularFile
        }

        /// The entry's name.
        public var name: String
        /// What it is.
        public var kind: Kind
        /// Its size in bytes (0 for non-regular files).
        public var size: UInt64

        /// The entry `name` as its `stat` found it.
        init(name: String, status: FileSystem.Status) {
            self.name = name
            let looksLikeSegment = name.hasSuffix(".store") || name.hasSuffix(".index")
            switch status.kind {
            case .regularFile: (kind, size) = (looksLikeSegment ? .badSegmentName : .file, status.size)
            default: (kind, size) = (.notARegularFile, 0)
            }
        }
    }

    /// The directory's path.
    public let path: String
    /// The segments, ordered by base offset (numerically): a row each, an object only for those read.
    public private(set) var segments: SegmentList
    /// Everything else in the directory.
    public private(set) var strays: [StrayEntry]

    /// Whether this is a store stream read as one segment (see ``init(storeStream:)``), not a directory.
    public let isStoreStream: Bool

    /// How many segments may hold open files (two descriptors and their read-ahead buffers) at once:
    /// reading another one closes the least recently used one's files, which reopen on its next read.
    public var openSegmentLimit: Int { budget.limit }

    /// What the segments share: the directory's path, how its files are reached, the budget.
    private let place: SegmentPlace
    /// The segments' shared budget of open files.
    private let budget: OpenFileBudget<InspectedSegment>

    /// How many segments hold open files now (at most ``openSegmentLimit``, more only while more are
    /// pinned).
    public var openSegmentCount: Int { budget.openCount }
    /// How many bytes the open segments' read-ahead windows hold now.
    package var windowBytes: Int { budget.windowBytes?.current ?? 0 }

    /// Lists `path` read-only.
    ///
    /// - Parameter openSegmentLimit: at most this many segments hold open files at once (by default
    ///   a sixteenth of the process's open-file limit, between 4 and 256).
    /// - Throws: ``LogError/noSuchDirectory(path:)``, ``LogError/notADirectory(path:)`` or an I/O error
    ///   when it cannot be listed.
    public convenience init(path: String, openSegmentLimit: Int? = nil) throws(LogError) {
        try self.init(path: path, openSegmentLimit: openSegmentLimit, access: FileAccessRoutes.access(for: path))
    }

    /// Lists `path` read-only through `access`: every listing, `stat`, open and read of the directory
    /// and its segments goes through it.
    package init(path: String, openSegmentLimit: Int? = nil, windowByteLimit: Int = windowByteLimit, access: any FileAccess) throws(LogError) {
        self.path = path
        self.access = access
        isStoreStream = false
        budget = Self.budget(openSegmentLimit, bytes: windowByteLimit)
        place = SegmentPlace(path: path, access: access, budget: budget)
        let (rows, strays) = try Self.list(place)
        segments = SegmentList(rows: rows, made: MadeSegments(place: place, kept: Self.keptObjects(budget)))
        self.strays = strays
    }

    /// How many segment objects a directory keeps: those its budget keeps open, and as many more.
    private static func keptObjects(_ budget: OpenFileBudget<InspectedSegment>) -> Int {
        2 * budget.limit + 512
    }

    /// How the directory's files are reached (this machine's file system unless a test or a remote
    /// reader says otherwise).
    package let access: any FileAccess

    /// A budget of `limit` open segments (the default one when `nil`).
    private static func budget(_ limit: Int?, bytes: Int = windowByteLimit) -> OpenFileBudget<InspectedSegment> {
        OpenFileBudget(limit: limit ?? OpenFileBudget<InspectedSegment>.defaultLimit, byteLimit: bytes, windowBytes: WindowBytes()) {
            $0.closeDescriptors()
        }
    }

    /// How many bytes the read-ahead windows of a directory's open segments hold at most: 8 MiB
    /// (256 open segments of 16 MiB stores would hold 28 MiB; of 1024-byte stores, 512 KiB).
    package static let windowByteLimit = 8 << 20

    /// Reads the file at `path` as a store with no index, one segment: a snapshot's `state.bin`, the
    /// data log's store files concatenated (`Log.Reader()` in the reference). Its frames are walked to
    /// build an index in memory (one entry per frame, the segment's base the first frame's offset),
    /// up to the first frame that is cut off or does not decode, or 4,194,304 (2^22) frames; the
    /// integrity check then reports the rest as for any store.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when the file is missing, a directory, or cannot be read.
    public init(storeStream path: String) throws(LogError) {
        self.path = path
        access = LocalFileAccess()
        isStoreStream = true
        strays = []
        budget = Self.budget(nil)
        place = SegmentPlace(path: path, access: access, budget: nil)
        segments = SegmentList(stream: try StoreStreamIndex.segment(path), place: place)
    }

    /// Lists the directory again, keeping segments whose files are still there (and their caches when
    /// their stamps did not change). Returns whether anything changed (a store stream never does).
    @discardableResult
    public func refresh() throws(LogError) -> Bool {
        try refresh(DirectoryChanges(needsListing: true)).listed
    }

    /// Takes the changes a ``DirectoryWaiter`` saw: only the named files are looked at again (one
    /// `stat` each), unless only a new listing can tell (``DirectoryChanges/needsListing``). A segment
    /// none of whose files is named keeps its stamps and its caches.
    ///
    /// - Returns: what changed, by segment.
    public func refresh(_ changes: DirectoryChanges) throws(LogError) -> DirectoryDelta {
        if isStoreStream { return DirectoryDelta() }
        (stampsMovedAtLastLook, stampsMoved) = (stampsMoved, [])
        if changes.needsListing { return try relist(written: changes.written) }
        var bases: Set<UInt64> = []
        var delta = DirectoryDelta()
        for name in changes.names {
            if let parsed = SegmentFileName(parsing: name) { bases.insert(parsed.baseOffset) }
            if updateStray(name) { delta.straysChanged = true }
        }
        // One `stat` of each file of each named segment; a segment with neither file is gone.
        let found = bases.sorted().map { base in
            (base, file(SegmentFileName(baseOffset: base, kind: .store)), file(SegmentFileName(baseOffset: base, kind: .index)))
        }
        // Segments sealed before this look: a write to one is a change in place, not an append (the
        // newest of the last look may have been appended to before a roll).
        let newest = segments.rows.last?.base ?? 0
        for (base, store, index) in found {
            let at = segmentIndex(containing: base)
            let existing = at.map { segments.rows[$0] }.flatMap { $0.base == base ? $0 : nil }
            // Where the segment is, or where it goes.
            let position = existing != nil ? at! : (at ?? -1) + 1
            guard store != nil || index != nil else {
                if existing != nil {
                    segments.made.forget(base)?.closeFiles()
                    segments.remove(at: position)
                    knownStoreInodes[base] = nil
                    delta.removed.append(base)
                }
                continue
            }
            let listed = SegmentList.Row(DirectoryListing.Segment(base: base, store: store, index: index))
            guard let existing else {
                segments.insert(listed, at: position)
                noteAdded(listed, into: &delta)
                continue
            }
            segments.replace(at: position, with: merge(existing, with: listed, sealed: base < newest, written: changes.written, into: &delta))
        }
        delta.listed = delta.straysChanged || !delta.updated.isEmpty || !delta.removed.isEmpty
        return delta
    }

    /// Records a segment that appeared (a store under a name seen before is a replacement too).
    private func noteAdded(_ segment: SegmentList.Row, into delta: inout DirectoryDelta) {
        delta.added.append(segment.base)
        delta.updated.insert(segment.base)
        noteStoreInode(of: segment, replacing: nil, into: &delta)
    }

    /// Takes what a listing or a `stat` found for a segment already held: the segment's object (if
    /// one was made) stays, with its caches, when its files are the same ones (its stamps updated);
    /// else it is dropped, and the next read makes one for the files listed. Records in `delta` how
    /// it changed; returns the row to keep.
    private func merge(
        _ existing: SegmentList.Row, with listed: SegmentList.Row, sealed: Bool, written: Set<String>, into delta: inout DirectoryDelta
    ) -> SegmentList.Row {
        let base = existing.base
        let before = existing.files
        let (storeName, indexName) = (SegmentFileName(baseOffset: base, kind: .store).name, SegmentFileName(baseOffset: base, kind: .index).name)
        if before.hasSameFilesPresent(as: listed.files) {
            let changed = segments.made.existing(base)?.update(to: listed.files) ?? (listed.files != before)
            guard changed else {
                // Same stamps; inotify may still have seen a write (damage need not move a stamp),
                // unless the stamps moved at the last look: that look's `stat` already saw the write
                // whose event came after it.
                if sealed, !stampsMovedAtLastLook.contains(base), written.contains(storeName) || written.contains(indexName) {
                    delta.changedInPlace.insert(base)
                    if written.contains(storeName) { delta.storesChangedInPlace.insert(base) }
                }
                return existing
            }
        } else {
            segments.made.forget(base)?.closeFiles()
        }
        delta.updated.insert(base)
        noteStoreInode(of: listed, replacing: before, into: &delta)
        stampsMoved.insert(base)
        if let was = before.store?.size, let now = listed.files.store?.size, now < was { delta.truncated.append(base) }
        if sealed, listed.files.onlyFinishedByItsWriter(since: before) {
            delta.finished.append(base)
        } else if sealed, listed.files.changedInPlace(since: before) || written.contains(storeName) || written.contains(indexName) {
            delta.changedInPlace.insert(base)
            if listed.files.store != before.store || written.contains(storeName) { delta.storesChangedInPlace.insert(base) }
        }
        return listed
    }

    /// The inodes of stores that are missing now (a file missing mid-deletion keeps its last inode:
    /// a new store under its name when it comes back is a replacement).
    private var knownStoreInodes: [UInt64: UInt64] = [:]

    /// Segments whose stamps moved at this look, and at the look before: a write inotify reports
    /// after the `stat` that saw it is not a second change.
    private var stampsMoved: Set<UInt64> = []
    private var stampsMovedAtLastLook: Set<UInt64> = []

    /// Records a segment's store inode, and a replacement when the store is a new file under the same
    /// name (compared with the stamps `before`, or the inode kept while the store was missing).
    private func noteStoreInode(of segment: SegmentList.Row, replacing before: SegmentFiles?, into delta: inout DirectoryDelta) {
        let base = segment.base
        guard let now = segment.files.store?.inode else {
            if let was = before?.store?.inode { knownStoreInodes[base] = was }
            return
        }
        let was = before?.store?.inode ?? knownStoreInodes[base]
        knownStoreInodes[base] = nil
        if let was, was != now { delta.replaced.append(base) }
    }

    /// One `stat` of a segment file: the file when it is a regular file.
    private func file(_ name: SegmentFileName) -> DirectoryListing.File? {
        let path = path + "/" + name.name
        let status = access.status(of: path)
        return status.kind == .regularFile ? DirectoryListing.File(status: status) : nil
    }

    /// Looks at entry `name` again for the stray list: added, updated or removed. Returns whether the
    /// list changed.
    private func updateStray(_ name: String) -> Bool {
        let status = access.status(of: path + "/" + name)
        let existing = strays.firstIndex { $0.name == name }
        let isSegmentFile = status.kind == .regularFile && SegmentFileName(parsing: name) != nil
        guard status.kind != .missing, !isSegmentFile else {
            guard let existing else { return false }
            strays.remove(at: existing)
            return true
        }
        let entry = StrayEntry(name: name, status: status)
        if let existing {
            guard strays[existing] != entry else { return false }
            strays[existing] = entry
        } else {
            strays.insert(entry, at: strays.firstIndex { $0.name > name } ?? strays.count)
        }
        return true
    }

    /// Lists the directory anew and says what changed against the segments held until now (the
    /// fallback where inotify is missing or overflowed: a `stat` per entry).
    private func relist(written: Set<String>) throws(LogError) -> DirectoryDelta {
        let (listed, strays) = try Self.list(place)
        var delta = DirectoryDelta()
        delta.straysChanged = strays != self.strays
        var kept: [SegmentList.Row] = []
        kept.reserveCapacity(listed.count)
        // Both in base order: earlier rows are found by walking them alongside, not by a search each.
        let earlier = segments.rows
        let newest = earlier.last?.base ?? 0
        var e = 0
        for segment in listed {
            let base = segment.base
            while e < earlier.count, earlier[e].base < base {
                removed(earlier[e].base, into: &delta)
                e += 1
            }
            guard e < earlier.count, earlier[e].base == base else {
                noteAdded(segment, into: &delta)
                kept.append(segment)
                continue
            }
            kept.append(merge(earlier[e], with: segment, sealed: base < newest, written: written, into: &delta))
            e += 1
        }
        for old in earlier[e...] { removed(old.base, into: &delta) }
        segments.replaceAll(with: kept)
        self.strays = strays
        delta.listed = delta.straysChanged || !delta.updated.isEmpty || !delta.removed.isEmpty
        return delta
    }

    /// Records that the segment at `base` is gone, closing its files.
    private func removed(_ base: UInt64, into delta: inout DirectoryDelta) {
        delta.removed.append(base)
        knownStoreInodes[base] = nil
        segments.made.forget(base)?.closeFiles()
    }

    /// Closes the files of every segment but the newest (``InspectedSegment/releaseFiles()``): after a
    /// pass over thousands of segments, a view that follows the log keeps no descriptors and no
    /// read-ahead windows open for segments it will not read again soon (and a look through `/proc`
    /// for writers does not read its own hundreds of descriptors).
    public func releaseIdleFiles() {
        let newest = segments.rows.last?.base
        for segment in segments.made.all where segment.baseOffset != newest { segment.releaseFiles() }
    }

    /// Throws what opening `path` would throw when it is missing, not a directory or cannot be
    /// listed, without listing it (a directory of thousands of segments is listed once, by whoever
    /// reads it).
    public static func checkOpenable(_ path: String) throws(LogError) {
        let access = FileAccessRoutes.access(for: path)
        try requireDirectory(access.kind(of: path), path)
        try access.checkListable(path)
    }

    /// Throws the error a log directory of `kind` at `path` gets when it is not a directory.
    private static func requireDirectory(_ kind: FileSystem.Kind, _ path: String) throws(LogError) {
        switch kind {
        case .directory: return
        case .missing: throw LogError.noSuchDirectory(path: path)
        default: throw LogError.notADirectory(path: path)
        }
    }

    /// The segment whose base offset is `base`, by binary search.
    public func segment(at base: UInt64) -> InspectedSegment? {
        guard let index = segmentIndex(containing: base), segments.base(at: index) == base else { return nil }
        return segments[index]
    }

    /// The segment whose base offset is the greatest not above `offset`, by binary search.
    public func segmentIndex(containing offset: UInt64) -> Int? {
        SegmentSearch.lastIndex(notAbove: offset, count: segments.count) { segments.base(at: $0) }
    }

    /// The processes that hold the directory's files now, this one included, as `/proc` shows them:
    /// open descriptors and their access mode, shared mappings (the Go reference maps its newest
    /// index and takes no lock) and a LogCore writer's `flock`. Reading `/proc` takes no lock.
    ///
    /// A scan younger than ``holderScanInterval`` is reused; when the newest segment is another one
    /// than then (a writer rolled: it holds other files now), the writers it found are looked at
    /// again, and only they (a writer rolling hundreds of times a second would otherwise cost a look
    /// at every process each time): a new writer shows at the next full look.
    public func holders() -> DirectoryHolderScan {
        let now = ContinuousClock.now
        let newest = segments.rows.last?.base
        if let last = lastHolderScan, now - last.at < holderScanInterval {
            if last.newest == newest { return last.scan }
            var scan = access.holders(of: path, onlyProcesses: last.scan.writers.map(\.pid))
            (scan.uninspectedProcesses, scan.procFailure) = (last.scan.uninspectedProcesses, last.scan.procFailure)
            // Readers found by the full look stay listed.
            scan.holders += last.scan.holders.filter { !$0.isWriter }
            scan.holders.sort { $0.pid < $1.pid }
            lastHolderScan = (last.at, newest, scan)
            return scan
        }
        let scan = access.holders(of: path, onlyProcesses: nil)
        lastHolderScan = (now, newest, scan)
        return scan
    }

    /// Takes `scan`, a look through `/proc` that began at `start` (on another thread, say), as the
    /// current one: ``holders()`` returns it for the next ``holderScanInterval``.
    func adopt(_ scan: DirectoryHolderScan, startedAt start: ContinuousClock.Instant) {
        lastHolderScan = (start, segments.rows.last?.base, scan)
    }

    /// How long a look through `/proc` for the directory's holders stays current (zero: every call
    /// looks). A UI that refreshes many times a second sets a second or so: the look reads every
    /// process's descriptors and mappings.
    public var holderScanInterval: Duration = .zero
    private var lastHolderScan: (at: ContinuousClock.Instant, newest: UInt64?, scan: DirectoryHolderScan)?

    /// Whether some process (a LogCore writer or one that takes no lock, like the Go reference) has a
    /// file of the directory open or mapped for writing now. See ``holders()`` for who, and for what
    /// the look could not see.
    public var isHeldByWriter: Bool {
        !holders().writers.isEmpty
    }

    /// The base offsets of the segments a writer holds now (from ``holders()``), whose pending entries
    /// and torn last frame are normal: when some process has a file of the directory open or mapped
    /// for writing, the newest segment (a LogCore writer flushes and closes a segment when it rolls),
    /// and every segment whose store or index a writer has open or mapped for writing (the Go reference
    /// keeps every segment open, maps every index and flushes no store before `Close`). Empty when no
    /// writer is seen.
    public var segmentsHeldByWriter: Set<UInt64> {
        segmentsHeld(by: holders())
    }

    /// The segments the writers in `scan` hold (see ``segmentsHeldByWriter``).
    public func segmentsHeld(by scan: DirectoryHolderScan) -> Set<UInt64> {
        let writers = scan.writers
        guard !writers.isEmpty else { return [] }
        var held: Set<UInt64> = []
        if let newest = segments.rows.last { held.insert(newest.base) }
        // From the files held to the segments (a writer holds a few files; the directory may hold
        // thousands of segments).
        for writer in writers {
            for name in writer.filesOpenForWriting + writer.filesMappedForWriting {
                guard let base = SegmentFileName(parsing: name)?.baseOffset, let segment = segment(at: base) else { continue }
                if segment.storeName == name || segment.indexName == name { held.insert(base) }
            }
        }
        return held
    }

    private static func list(_ place: SegmentPlace) throws(LogError) -> ([SegmentList.Row], [StrayEntry]) {
        try requireDirectory(place.access.status(of: place.path).kind, place.path)
        // One `stat` per entry: its kind, size and inode serve the listing and the segment.
        let listing = try DirectoryListing(directory: place.path, access: place.access)
        let strays = listing.strays.map { StrayEntry(name: $0.name, status: $0.status) }
        return (listing.segments.map(SegmentList.Row.init), strays)
    }
}
