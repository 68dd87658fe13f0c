/// A store and its index: the records from ``baseOffset`` up to ``nextOffset``.
///
/// The newest segment of a log is writable: its store buffers appends and its index is mapped. Older
/// segments are sealed: their files are opened read-only on demand and can be released, so a log of
/// many segments keeps a bounded number of descriptors (bug K11).
///
/// Not thread-safe: a ``Log`` serialises access.
public final class Segment {
    /// The offset of the segment's first record; its files are named after it.
    public let baseOffset: UInt64
    /// The offset the next appended record gets.
    public private(set) var nextOffset: UInt64
    /// The `<base>.store` path.
    public let storePath: String
    /// The `<base>.index` path.
    public let indexPath: String
    /// Whether appends are accepted.
    public private(set) var isWritable: Bool
    /// The store's size, known even while its file is released.
    public private(set) var storeSize: UInt64
    private let config: Config
    private var store: Store?
    private var index: Index?
    private var entryCount: Int
    private var needsSync = false

    /// Opens or creates the writable segment `<base>.store`/`<base>.index` in `directory`, as the
    /// reference's `newSegment` does, but finding the index's logical end by validation.
    public convenience init(directory: String, baseOffset: UInt64, config: Config) throws(LogError) {
        try self.init(directory: directory, baseOffset: baseOffset, config: config, entryCount: nil, writable: true)
    }

    init(directory: String, baseOffset: UInt64, config: Config, entryCount: Int?, writable: Bool) throws(LogError) {
        self.baseOffset = baseOffset
        self.config = config
        storePath = directory + "/\(baseOffset).store"
        indexPath = directory + "/\(baseOffset).index"
        isWritable = writable
        if writable {
            let store = try Store(path: storePath, writable: true, bufferBytes: config.bufferBytes)
            let index = try Index(path: indexPath, maxBytes: config.effectiveMaxIndexBytes, count: entryCount)
            self.store = store
            self.index = index
            self.entryCount = index.count
            storeSize = store.size
        } else {
            self.entryCount = entryCount ?? 0
            storeSize = FileSystem.size(of: storePath) ?? 0
        }
        nextOffset = baseOffset + UInt64(self.entryCount)
    }

    /// How many records the segment holds.
    public var count: Int { entryCount }

    /// Whether the segment is full: its store reached `maxStoreBytes`, or the next index entry would not
    /// fit (checked before writing, unlike the reference: bug K3), or relative offsets would overflow.
    public var isMaxed: Bool {
        !isWritable || storeSize >= config.effectiveMaxStoreBytes
            || (entryCount + 1) * IndexEntry.size > Int(config.effectiveMaxIndexBytes)
            || nextOffset - baseOffset >= UInt64(UInt32.max)
    }

    /// Appends `record`'s value at ``nextOffset`` and returns that offset.
    @discardableResult
    public func append(_ record: Record) throws(LogError) -> UInt64 {
        try record.value.withBytes { (raw) throws(LogError) in try append(value: raw) }
    }

    /// Appends a value at ``nextOffset`` and returns that offset. With a write-through durability the
    /// store frame is written before the index entry, so a reader never sees an entry whose frame is
    /// not in the file yet.
    @inline(__always)
    func append(value: UnsafeRawBufferPointer) throws(LogError) -> UInt64 {
        guard isWritable, let store, let index else { throw LogError.closed(path: storePath) }
        guard entryCount < index.capacity, nextOffset - baseOffset < UInt64(UInt32.max) else {
            throw LogError.indexFull(path: indexPath, capacity: index.capacity)
        }
        // The next offset after this record must be representable: offset 2^64−1 is never given.
        guard nextOffset < UInt64.max else { throw LogError.offsetsExhausted(path: storePath) }
        let offset = nextOffset
        let (_, position) = try store.appendRecord(value: value, offset: offset)
        if config.writesThrough { try store.flush() }
        try index.append(IndexEntry(relativeOffset: UInt32(offset - baseOffset), position: position))
        entryCount += 1
        nextOffset += 1
        storeSize = store.size
        needsSync = true
        return offset
    }

    /// Reads the record at `offset`.
    ///
    /// - Throws: ``LogError/offsetOutOfRange(_:)`` when the segment does not hold it, or
    ///   ``LogError/corrupt(path:position:reason:)`` when the store disagrees with the index.
    public func read(_ offset: UInt64) throws(LogError) -> Record {
        guard offset >= baseOffset, offset < nextOffset else { throw LogError.offsetOutOfRange(offset) }
        try openFilesIfNeeded()
        let position = try index!.position(at: Int(offset - baseOffset))
        let record = try store!.readRecord(at: position)
        guard record.offset == offset else {
            throw LogError.corrupt(
                path: storePath, position: position,
                reason: "the record here names offset \(record.offset) but the index maps offset \(offset) to it")
        }
        return record
    }

    /// The index entry of `offset`.
    public func indexEntry(of offset: UInt64) throws(LogError) -> IndexEntry {
        guard offset >= baseOffset, offset < nextOffset else { throw LogError.offsetOutOfRange(offset) }
        try openFilesIfNeeded()
        return try index!.entry(at: Int(offset - baseOffset))
    }

    /// Writes buffered appends to the file.
    func flush() throws(LogError) {
        try store?.flush()
    }

    /// Flushes and fsyncs the store and syncs the mapped index.
    func sync() throws(LogError) {
        guard let store, isWritable else { return }
        try store.sync()
        try index?.sync()
        needsSync = false
    }

    /// Fsyncs the store's data only (what ``Durability/fsync(_:)`` needs: recovery rebuilds the index).
    func syncData() throws(LogError) {
        try store?.sync()
        needsSync = false
    }

    /// Stops accepting appends: flushes the store, trims the index to its logical size and releases
    /// the files, leaving them exactly as the reference's `Close` would.
    func seal(durable: Bool) throws(LogError) {
        guard isWritable else { return }
        if durable { try store?.sync() } else { try store?.flush() }
        try index?.unmapAndTrim(durable: durable)
        isWritable = false
        try releaseFiles()
    }

    /// Opens a sealed segment's files read-only.
    func openFilesIfNeeded() throws(LogError) {
        guard store == nil else { return }
        let store = try Store(path: storePath, writable: false)
        let index = try Index(sealedAt: indexPath, count: entryCount)
        self.store = store
        self.index = index
    }

    /// Closes a sealed segment's files; they reopen on the next read.
    func releaseFiles() throws(LogError) {
        guard !isWritable else { return }
        let store = self.store
        let index = self.index
        self.store = nil
        self.index = nil
        try store?.close()
        try index?.close()
    }

    /// Flushes and closes both files; a writable index is synced and truncated to its logical size.
    public func close() throws(LogError) {
        if isWritable, needsSync { try store?.sync() }
        try store?.close()
        try index?.close()
        store = nil
        index = nil
        isWritable = false
    }

    /// Closes the segment and deletes its files.
    public func remove() throws(LogError) {
        try close()
        try FileSystem.removeFile(indexPath)
        try FileSystem.removeFile(storePath)
    }
}
