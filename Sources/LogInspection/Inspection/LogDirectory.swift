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
    }

    /// The directory's path.
    public let path: String
    /// The segments, ordered by base offset (numerically).
    public private(set) var segments: [InspectedSegment]
    /// Everything else in the directory.
    public private(set) var strays: [StrayEntry]

    /// Whether this is a store stream read as one segment (see ``init(storeStream:)``), not a directory.
    public let isStoreStream: Bool

    /// How many segments may hold open files (two descriptors and their read-ahead buffers) at once:
    /// reading another one closes the least recently used one's files, which reopen on its next read.
    public var openSegmentLimit: Int { budget.limit }

    /// The segments' shared budget of open files.
    private let budget: OpenFileBudget<InspectedSegment>

    /// How many segments hold open files now (at most ``openSegmentLimit``, more only while more are
    /// pinned).
    public var openSegmentCount: Int { budget.openCount }

    /// Lists `path` read-only.
    ///
    /// - Parameter openSegmentLimit: at most this many segments hold open files at once (by default
    ///   a sixteenth of the process's open-file limit, between 4 and 256).
    /// - Throws: ``LogError/noSuchDirectory(path:)``, ``LogError/notADirectory(path:)`` or an I/O error
    ///   when it cannot be listed.
    public init(path: String, openSegmentLimit: Int? = nil) throws(LogError) {
        self.path = path
        isStoreStream = false
        budget = Self.budget(openSegmentLimit)
        (segments, strays) = try Self.list(path, budget: budget)
    }

    /// A budget of `limit` open segments (the default one when `nil`).
    private static func budget(_ limit: Int?) -> OpenFileBudget<InspectedSegment> {
        OpenFileBudget(limit: limit ?? OpenFileBudget<InspectedSegment>.defaultLimit) { $0.closeDescriptors() }
    }

    /// Reads the file at `path` as a store with no index, one segment: a snapshot's `state.bin`, the
    /// data log's store files concatenated (`Log.Reader()` in the reference). Its frames are walked to
    /// build an index in memory (one entry per frame, the segment's base the first frame's offset),
    /// up to the first frame that is cut off or does not decode, or 4,194,304 (2^22) frames; the
    /// integrity check then reports the rest as for any store.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when the file is missing, a directory, or cannot be read.
    public init(storeStream path: String) throws(LogError) {
        self.path = path
        isStoreStream = true
        strays = []
        budget = Self.budget(nil)
        segments = [try StoreStreamIndex.segment(path)]
    }

    /// Lists the directory again, keeping segments whose files are still there (and their caches when
    /// their sizes did not change). Returns whether anything changed (a store stream never does).
    @discardableResult
    public func refresh() throws(LogError) -> Bool {
        if isStoreStream { return false }
        let (listed, strays) = try Self.list(path, budget: budget)
        var changed = strays != self.strays || listed.map(\.baseOffset) != segments.map(\.baseOffset)
        var kept: [InspectedSegment] = []
        // Thousands of segments: look earlier ones up by base, not by a scan per segment.
        let earlier = Dictionary(segments.map { ($0.baseOffset, $0) }, uniquingKeysWith: { first, _ in first })
        for segment in listed {
            if let existing = earlier[segment.baseOffset], existing.storePath == segment.storePath, existing.indexPath == segment.indexPath {
                if existing.update(from: segment) { changed = true }
                kept.append(existing)
            } else {
                changed = true
                kept.append(segment)
            }
        }
        let keptIDs = Set(kept.map(ObjectIdentifier.init))
        for old in segments where !keptIDs.contains(ObjectIdentifier(old)) { old.closeFiles() }
        segments = kept
        self.strays = strays
        return changed
    }

    /// The segment whose base offset is the greatest not above `offset`, by binary search.
    public func segmentIndex(containing offset: UInt64) -> Int? {
        SegmentSearch.lastIndex(notAbove: offset, count: segments.count) { segments[$0].baseOffset }
    }

    /// The processes that hold the directory's files now, this one included, as `/proc` shows them:
    /// open descriptors and their access mode, shared mappings (the Go reference maps its newest
    /// index and takes no lock) and a LogCore writer's `flock`. Reading `/proc` takes no lock.
    ///
    /// A scan younger than ``holderScanInterval`` is reused, unless the newest segment is another one
    /// than then (the writer rolled: it holds other files now).
    public func holders() -> DirectoryHolderScan {
        let now = ContinuousClock.now
        let newest = segments.last?.baseOffset
        if let last = lastHolderScan, now - last.at < holderScanInterval, last.newest == newest { return last.scan }
        let scan = DirectoryHolders.scan(path, includingSelf: true)
        lastHolderScan = (now, newest, scan)
        return scan
    }

    /// Takes `scan`, a look through `/proc` that began at `start` (on another thread, say), as the
    /// current one: ``holders()`` returns it for the next ``holderScanInterval``.
    func adopt(_ scan: DirectoryHolderScan, startedAt start: ContinuousClock.Instant) {
        lastHolderScan = (start, segments.last?.baseOffset, scan)
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
        let files = Set(writers.flatMap { $0.filesOpenForWriting + $0.filesMappedForWriting })
        var held: Set<UInt64> = []
        if let newest = segments.last { held.insert(newest.baseOffset) }
        for segment in segments where files.contains(segment.storeName) || files.contains(segment.indexName) {
            held.insert(segment.baseOffset)
        }
        return held
    }

    private static func list(_ path: String, budget: OpenFileBudget<InspectedSegment>) throws(LogError) -> ([InspectedSegment], [StrayEntry]) {
        switch FileSystem.kind(of: path) {
        case .directory: break
        case .missing: throw LogError.noSuchDirectory(path: path)
        default: throw LogError.notADirectory(path: path)
        }
        // One `stat` per entry: its kind, size and inode serve the listing and the segment.
        let listing = try DirectoryListing(directory: path)
        let strays = listing.strays.map { stray in
            let looksLikeSegment = stray.name.hasSuffix(".store") || stray.name.hasSuffix(".index")
            return switch stray.status.kind {
            case .regularFile: StrayEntry(name: stray.name, kind: looksLikeSegment ? .badSegmentName : .file, size: stray.status.size)
            default: StrayEntry(name: stray.name, kind: .notARegularFile, size: 0)
            }
        }
        let segments = listing.segments.map(InspectedSegment.init(listed:))
        for segment in segments { segment.budget = budget }
        return (segments, strays)
    }
}
