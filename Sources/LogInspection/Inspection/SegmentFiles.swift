/// What a listing's `stat` said about a segment's two files: enough to tell that they changed even when
/// their sizes did not (a sealed store rewritten in place), or that they were replaced.
import LogCore

public struct SegmentFiles: Sendable, Equatable {
    /// One file's size, inode and modification time.
    public struct Stamp: Sendable, Equatable {
        /// The size in bytes.
        public var size: UInt64
        /// The inode number (a new one means the file was replaced under its name).
        public var inode: UInt64
        /// The modification time in nanoseconds since the epoch.
        public var modified: Int64

        /// Stands for no file: no file has this size.
        static let absent = Stamp(size: .max, inode: .max, modified: .min)
    }

    /// The store's stamp, `nil` when the directory has no store for the segment.
    public var store: Stamp? {
        get { storeStamp == .absent ? nil : storeStamp }
        set { storeStamp = newValue ?? .absent }
    }
    /// The index's stamp, `nil` when the directory has no index for the segment.
    public var index: Stamp? {
        get { indexStamp == .absent ? nil : indexStamp }
        set { indexStamp = newValue ?? .absent }
    }
    /// The stamps as kept: a missing file's is ``Stamp/absent`` (an optional stamp takes 8 bytes
    /// more, twice for each of 100,000 segments).
    private var storeStamp = Stamp.absent
    private var indexStamp = Stamp.absent

    /// No files.
    public init() {}

    init(store: FileSystem.Status?, index: FileSystem.Status?) {
        self.store = store.map { Stamp(size: $0.size, inode: $0.inode, modified: $0.modified) }
        self.index = index.map { Stamp(size: $0.size, inode: $0.inode, modified: $0.modified) }
    }

    /// The files' inode numbers (0 for a missing file): files replaced under the same names (a
    /// reset, a restore) have another.
    public var identity: [UInt64] { [store?.inode ?? 0, index?.inode ?? 0] }

    /// Whether `other` has the same files present (a store, an index, or both).
    func hasSameFilesPresent(as other: SegmentFiles) -> Bool {
        (store == nil) == (other.store == nil) && (index == nil) == (other.index == nil)
    }

    /// Whether the files changed only as their writer finishing the segment changes them: the same
    /// files, the store longer (frames a buffering writer held landed: the Go reference writes a sealed
    /// segment's last buffer only when it closes the log) or unchanged, and the index unchanged or
    /// trimmed to whole entries (a writer closing it). No byte that was there before moved.
    public func onlyFinishedByItsWriter(since earlier: SegmentFiles) -> Bool {
        guard let store, let index, let storeBefore = earlier.store, let indexBefore = earlier.index,
            store.inode == storeBefore.inode, index.inode == indexBefore.inode, self != earlier
        else { return false }
        let storeAppended = store == storeBefore || store.size > storeBefore.size
        let indexTrimmed =
            index == indexBefore
            || (index.size < indexBefore.size && index.size > 0 && index.size % UInt64(IndexEntry.size) == 0)
        return storeAppended && indexTrimmed
    }

    /// Whether the files are the same ones with the same sizes, but one was written since (its
    /// modification time moved): the contents changed in place.
    public func changedInPlace(since earlier: SegmentFiles) -> Bool {
        guard store?.size == earlier.store?.size, index?.size == earlier.index?.size,
            store?.inode == earlier.store?.inode, index?.inode == earlier.index?.inode
        else { return false }
        return self != earlier
    }
}
