/// A log directory opened strictly read-only for inspection: it never creates, truncates, renames, maps
/// or locks anything, so it is safe on a directory a live writer holds open and on damaged ones.
///
/// Opening lists the directory and `stat`s each file; it reads no record. Everything else is lazy:
/// index entries and frames are read with `pread` when asked for.
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

    /// Lists `path` read-only.
    ///
    /// - Throws: ``LogError/noSuchDirectory(path:)``, ``LogError/notADirectory(path:)`` or an I/O error
    ///   when it cannot be listed.
    public init(path: String) throws(LogError) {
        self.path = path
        (segments, strays) = try Self.list(path)
    }

    /// Lists the directory again, keeping segments whose files are still there (and their caches when
    /// their sizes did not change). Returns whether anything changed.
    @discardableResult
    public func refresh() throws(LogError) -> Bool {
        let (listed, strays) = try Self.list(path)
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

    /// Whether a writer holds the directory open now: a LogCore writer's `flock` shows in
    /// `/proc/locks`, and a writer that takes no lock (the Go reference) maps its indexes, which shows
    /// in `/proc/<pid>/maps` (readable for processes of the same user). Reading either takes no lock.
    public var isHeldByWriter: Bool { !segmentsHeldByWriter.isEmpty }

    /// The base offsets of the segments a writer holds open, whose pending entries and torn last
    /// frame are normal: the newest one when a LogCore writer's `flock` shows (it flushes and closes a
    /// segment when it rolls), and every segment whose index some process maps (the Go reference
    /// maps every segment's index and flushes no store before `Close`).
    public var segmentsHeldByWriter: Set<UInt64> {
        var held: Set<UInt64> = []
        if WriterLockProbe.isLocked(directory: path), let newest = segments.last { held.insert(newest.baseOffset) }
        let mapped = WriterLockProbe.mappedFiles(in: path)
        for segment in segments where mapped.contains(segment.indexName) { held.insert(segment.baseOffset) }
        return held
    }

    private static func list(_ path: String) throws(LogError) -> ([InspectedSegment], [StrayEntry]) {
        switch FileSystem.kind(of: path) {
        case .directory: break
        case .missing: throw LogError.noSuchDirectory(path: path)
        default: throw LogError.notADirectory(path: path)
        }
        // One `stat` per entry: its kind, size and inode serve the listing and the segment.
        var stores: [UInt64: (path: String, status: FileSystem.Status)] = [:]
        var indexes: [UInt64: (path: String, status: FileSystem.Status)] = [:]
        var strays: [StrayEntry] = []
        for name in try FileSystem.entries(of: path) {
            let full = path + "/" + name
            let status = FileSystem.status(of: full)
            if status.kind != .regularFile {
                strays.append(StrayEntry(name: name, kind: .notARegularFile, size: 0))
                continue
            }
            guard let parsed = SegmentFileName(parsing: name) else {
                let looksLikeSegment = name.hasSuffix(".store") || name.hasSuffix(".index")
                strays.append(StrayEntry(name: name, kind: looksLikeSegment ? .badSegmentName : .file, size: status.size))
                continue
            }
            if parsed.kind == .store { stores[parsed.baseOffset] = (full, status) } else { indexes[parsed.baseOffset] = (full, status) }
        }
        let bases = Set(stores.keys).union(indexes.keys).sorted()
        let segments = bases.map { InspectedSegment(baseOffset: $0, store: stores[$0], index: indexes[$0]) }
        return (segments, strays.sorted { $0.name < $1.name })
    }
}
