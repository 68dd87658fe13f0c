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

    /// What a check keeps of these stamps (``Fingerprint``).
    public var fingerprint: Fingerprint { Fingerprint(self) }

    /// What a check keeps of a segment's files: their sizes, and one number standing for all of both
    /// stamps (inode, size, modification time), enough to tell that they changed since and whether
    /// their sizes did. A report of 100,000 segments keeps these, not the stamps the listing has.
    public struct Fingerprint: Sendable, Equatable {
        /// The store's and the index's sizes, `nil` for a missing file.
        public let storeSize: UInt64?
        public let indexSize: UInt64?
        /// Both stamps mixed into 64 bits (two different stamps mix to the same number about once in
        /// 2^64 changes).
        let stamps: UInt64

        /// The fingerprint of `files`.
        public init(_ files: SegmentFiles) {
            storeSize = files.store?.size
            indexSize = files.index?.size
            let (store, index) = (files.storeStamp, files.indexStamp)
            var mixed = Self.mix(0x243f_6a88_85a3_08d3 ^ store.size)
            mixed = Self.mix(mixed ^ store.inode)
            mixed = Self.mix(mixed ^ UInt64(bitPattern: store.modified))
            mixed = Self.mix(mixed ^ index.size)
            mixed = Self.mix(mixed ^ index.inode)
            stamps = Self.mix(mixed ^ UInt64(bitPattern: index.modified))
        }

        init(storeSize: UInt64?, indexSize: UInt64?, stamps: UInt64) {
            (self.storeSize, self.indexSize, self.stamps) = (storeSize, indexSize, stamps)
        }

        /// No files.
        public init() { self.init(SegmentFiles()) }

        /// Whether files with this fingerprint have the sizes of `earlier`'s but not its stamps: written
        /// in place, or replaced by files of the same sizes (either way, their bytes must be read again).
        public func changedInPlace(since earlier: Fingerprint) -> Bool {
            storeSize == earlier.storeSize && indexSize == earlier.indexSize && stamps != earlier.stamps
        }

        /// SplitMix64's finalizer: every input bit moves about half the output bits.
        private static func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9e37_79b9_7f4a_7c15
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
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
