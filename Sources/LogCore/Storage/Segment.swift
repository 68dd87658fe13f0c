/// A store and its index: the records from ``baseOffset`` up to ``nextOffset``.
///
/// The newest segment of a log is writable: its store buffers appends, and its index writes the
/// entries of the frames the store has written each time the store writes. Older segments are
/// sealed: their files are opened read-only on demand and can be released, so a log of many segments
/// keeps a bounded number of descriptors (bug K11). Nothing is mapped, so another process truncating
/// a file cannot kill the writer (`SIGBUS`); a write that fails, or a file another process changed,
/// stops appends with a typed error (``failure``), and the files are then left as they are.
///
/// Appends and reads reach the files without reference counting (see ``Unretained``).
///
/// Not thread-safe: a ``Log`` serialises access. For the same reason its mutable state opts out of
/// Swift's run-time exclusivity checks (`@exclusivity(unchecked)`), which were two thirds of the
/// instructions of an append.
package final class Segment {
    /// The offset of the segment's first record; its files are named after it.
    package let baseOffset: UInt64
    /// The offset the next appended record gets.
    @exclusivity(unchecked) package private(set) var nextOffset: UInt64
    /// The `<base>.store` path.
    package let storePath: String
    /// The `<base>.index` path.
    package let indexPath: String
    /// Whether appends are accepted.
    @exclusivity(unchecked) package private(set) var isWritable: Bool
    /// The store's size, known even while its file is released.
    @exclusivity(unchecked) package private(set) var storeSize: UInt64
    /// The config's limits, worked out once: the store size and the entry count that make it maxed.
    private let storeLimit: UInt64
    private let entryLimit: Int
    @exclusivity(unchecked) private var store: Store?
    @exclusivity(unchecked) private var index: Index?
    /// ``store`` and ``index`` for the hot paths, set and cleared with them (which keep them alive).
    @exclusivity(unchecked) private var files: (store: Unretained<Store>, index: Unretained<Index>)?
    @exclusivity(unchecked) private var entryCount: Int
    @exclusivity(unchecked) private var needsSync = false

    /// Opens or creates the writable segment `<base>.store`/`<base>.index` in `directory`, as the
    /// reference's `newSegment` does, but finding the index's logical end by validation.
    package convenience init(directory: String, baseOffset: UInt64, config: Config) throws(LogError) {
        try self.init(directory: directory, baseOffset: baseOffset, config: config, entryCount: nil, writable: true)
    }

    init(directory: String, baseOffset: UInt64, config: Config, entryCount: Int?, writable: Bool) throws(LogError) {
        self.baseOffset = baseOffset
        storePath = directory + "/\(baseOffset).store"
        indexPath = directory + "/\(baseOffset).index"
        isWritable = writable
        storeLimit = config.effectiveMaxStoreBytes
        // Relative offsets are u32: the last one a segment may give is UInt32.max − 1.
        entryLimit = min(config.indexCapacity, Int(UInt32.max))
        if writable {
            let store = try Store(path: storePath, writable: true, bufferBytes: config.bufferBytes, writesThrough: config.writesThrough)
            let index = try Index(path: indexPath, maxBytes: config.effectiveMaxIndexBytes, count: entryCount)
            self.store = store
            self.index = index
            files = (Unretained(store), Unretained(index))
            self.entryCount = index.count
            storeSize = store.size
        } else {
            self.entryCount = entryCount ?? 0
            storeSize = FileSystem.size(of: storePath) ?? 0
        }
        nextOffset = baseOffset + UInt64(self.entryCount)
    }

    /// How many records the segment holds.
    package var count: Int { entryCount }

    /// Why appends stopped (a write failed, or another process changed a file), or `nil`.
    package var failure: LogError? { store?.failure ?? index?.failure }

    /// Whether the segment is full: its store reached `maxStoreBytes`, or the next index entry would not
    /// fit (checked before writing, unlike the reference: bug K3), or relative offsets would overflow.
    @inline(__always)
    package var isMaxed: Bool {
        !isWritable || storeSize >= storeLimit || entryCount >= entryLimit
    }

    private func setFiles(store: Store?, index: Index?) {
        self.store = store
        self.index = index
        if let store, let index { files = (Unretained(store), Unretained(index)) } else { files = nil }
    }

    /// Appends `record`'s value at ``nextOffset`` and returns that offset.
    @discardableResult
    package func append(_ record: Record) throws(LogError) -> UInt64 {
        try record.value.withBytes { (raw) throws(LogError) in try append(value: raw) }
    }

    /// Appends a value at ``nextOffset`` and returns that offset. With a write-through durability the
    /// store frame is written before the index entry, so a reader never sees an entry whose frame is
    /// not in the file yet.
    @inline(__always)
    func append(value: UnsafeRawBufferPointer) throws(LogError) -> UInt64 {
        guard isWritable, let files else { throw LogError.closed(path: storePath) }
        guard entryCount < entryLimit else {
            throw LogError.indexFull(path: indexPath, capacity: files.index.with { $0.capacity })
        }
        // The next offset after this record must be representable: offset 2^64−1 is never given.
        guard nextOffset < UInt64.max else { throw LogError.offsetsExhausted(path: storePath) }
        let offset = nextOffset
        let (position, size, written) = try files.store.with { (store) throws(LogError) in
            let (_, position) = try store.appendRecord(value: value, offset: offset)
            return (position, store.size, store.writtenSize)
        }
        let entry = IndexEntry(relativeOffset: UInt32(offset - baseOffset), position: position)
        try files.index.with { (index) throws(LogError) in
            try index.append(entry)
            // The store wrote: the entries of its whole frames follow them into the file.
            guard written > position else { return }
            do throws(LogError) {
                try index.writeEntries(count: written == size ? index.count : index.count - 1)
            } catch {
                files.store.with { $0.abandonAppend(at: position, cause: error) }
                throw error
            }
        }
        entryCount += 1
        nextOffset += 1
        storeSize = size
        needsSync = true
        return offset
    }

    /// Reads the record at `offset`.
    ///
    /// - Throws: ``LogError/offsetOutOfRange(_:)`` when the segment does not hold it, or
    ///   ``LogError/corrupt(path:position:reason:)`` when the store disagrees with the index.
    package func read(_ offset: UInt64) throws(LogError) -> Record {
        guard offset >= baseOffset, offset < nextOffset else { throw LogError.offsetOutOfRange(offset) }
        if files == nil { try openFilesIfNeeded() }
        guard let files else { throw LogError.closed(path: storePath) }
        let slot = Int(offset - baseOffset)
        let position = try files.index.with { (index) throws(LogError) in try index.position(at: slot) }
        let record = try files.store.with { (store) throws(LogError) in try store.readRecord(at: position) }
        guard record.offset == offset else {
            throw LogError.corrupt(
                path: storePath, position: position,
                reason: "the record here names offset \(record.offset) but the index maps offset \(offset) to it")
        }
        return record
    }

    /// The index entry of `offset`.
    package func indexEntry(of offset: UInt64) throws(LogError) -> IndexEntry {
        guard offset >= baseOffset, offset < nextOffset else { throw LogError.offsetOutOfRange(offset) }
        try openFilesIfNeeded()
        return try index!.entry(at: Int(offset - baseOffset))
    }

    /// Writes buffered appends to the file, and their index entries after them.
    func flush() throws(LogError) {
        try store?.flush()
        if isWritable, let index { try index.writeEntries(count: index.count) }
    }

    /// Flushes and fsyncs the store, then writes and fsyncs the index.
    func sync() throws(LogError) {
        guard let store, isWritable else { return }
        try store.sync()
        try index?.sync()
        needsSync = false
    }

    /// Fsyncs the store's data only (what ``Durability/fsync(_:)`` needs: recovery rebuilds the index);
    /// the entries of the flushed frames are written, not synced.
    func syncData() throws(LogError) {
        try store?.sync()
        if let index { try index.writeEntries(count: index.count) }
        needsSync = false
    }

    /// Stops accepting appends: flushes the store, trims the index to its logical size and releases
    /// the files, leaving them exactly as the reference's `Close` would.
    func seal(durable: Bool) throws(LogError) {
        guard isWritable else { return }
        if let failure { throw failure }
        if durable { try store?.sync() } else { try store?.flush() }
        try index?.trim(durable: durable)
        isWritable = false
        try releaseFiles()
    }

    /// Opens a sealed segment's files read-only.
    func openFilesIfNeeded() throws(LogError) {
        guard store == nil else { return }
        let store = try Store(path: storePath, writable: false, bufferBytes: 0)
        let index = try Index(sealedAt: indexPath, count: entryCount)
        setFiles(store: store, index: index)
    }

    /// Closes a sealed segment's files; they reopen on the next read.
    func releaseFiles() throws(LogError) {
        guard !isWritable else { return }
        let store = self.store
        let index = self.index
        setFiles(store: nil, index: nil)
        try store?.close()
        try index?.close()
    }

    /// Flushes and closes both files; a writable index is synced and truncated to its logical size.
    /// After a ``failure`` both are closed without writing.
    package func close() throws(LogError) {
        if let failure {
            store?.stop(failure)
            index?.stop(failure)
        } else if isWritable, needsSync {
            try store?.sync()
        }
        try store?.close()
        try index?.close()
        setFiles(store: nil, index: nil)
        isWritable = false
    }

    /// Closes the segment and deletes its files.
    package func remove() throws(LogError) {
        try close()
        try FileSystem.removeFile(indexPath)
        try FileSystem.removeFile(storePath)
    }
}
