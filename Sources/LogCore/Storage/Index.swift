import Glibc

/// The index file of a segment: 12-byte entries mapping relative offsets to store positions.
///
/// A writable index grows the file to `maxBytes` with zeros, as the reference does, but maps nothing:
/// appended entries wait in memory until the store has written their frames, and ``writeEntries(count:)``
/// then writes them with one `pwrite` (the store's flush calls it), so a reader never finds an entry
/// whose frame is not in the store yet. Before each write it checks the file still has the size it
/// left it with: another process that truncated it stops appends with
/// ``LogError/changedByAnotherProcess(path:expectedBytes:foundBytes:)`` (a mapped file cut short
/// would have killed the writer with `SIGBUS`). ``close()`` syncs and truncates the file back to its
/// logical size, so the directory stays interchangeable with the reference's. Written entries and a
/// sealed index's entries are read with `pread` through a read-ahead window.
///
/// Unlike the reference, the logical size is never taken from the file size: it is passed in by
/// recovery, which validates entries (bug K1).
///
/// Not thread-safe: a ``Log`` serialises access. For the same reason its mutable state opts out of
/// Swift's run-time exclusivity checks (`@exclusivity(unchecked)`), which were two thirds of the
/// instructions of an append.
package final class Index {
    /// The file's path.
    package let path: String
    /// How many entries fit (`maxBytes / 12`); for a sealed index, its entry count.
    package let capacity: Int
    /// How many entries the index holds, written or waiting for their frames.
    @exclusivity(unchecked) package private(set) var count: Int
    /// How many entries are in the file; those from here up to ``count`` wait in ``pending``.
    @exclusivity(unchecked) package private(set) var writtenCount: Int
    private let file: SystemFile
    /// The size a writable index keeps while open (its preallocated `maxBytes`, or more when
    /// recovery left more entries): any other size means another process changed it.
    private let openSize: UInt64
    /// The encoded entries not written yet, ``pendingCapacity`` entries' room.
    @exclusivity(unchecked) private var pending: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var pendingCapacity: Int
    /// Whether it takes appends (until it is trimmed and sealed).
    @exclusivity(unchecked) private var isWritable: Bool
    private let window = ReadWindow(capacity: 16 * 1024 - 16 * 1024 % IndexEntry.size)
    @exclusivity(unchecked) private var isClosed = false
    /// Why appends stopped: a write failed or another process changed the file. A failed index
    /// writes nothing more, not even on ``close()``.
    @exclusivity(unchecked) package private(set) var failure: LogError?

    /// Opens a writable index: grows the file to `maxBytes` with zeros.
    ///
    /// - Parameters:
    ///   - path: the `<base>.index` file (created when missing).
    ///   - maxBytes: the size the file is grown to while open.
    ///   - count: the number of valid entries; `nil` finds it by validating entries, as
    ///     ``IndexValidator`` does (never by file size alone).
    package init(path: String, maxBytes: UInt64, count: Int? = nil) throws(LogError) {
        self.path = path
        file = try SystemFile(path: path, mode: .readWriteCreate)
        let logical: Int
        if let count { logical = count } else { logical = try IndexValidator.validEntryCount(of: file) }
        self.count = logical
        writtenCount = logical
        capacity = Int(maxBytes / UInt64(IndexEntry.size))
        openSize = max(UInt64(logical * IndexEntry.size), maxBytes)
        // Drop any stale entries past the logical end, then grow with zeros.
        try file.truncate(to: UInt64(logical * IndexEntry.size))
        try file.truncate(to: openSize)
        pendingCapacity = 64
        pending = UnsafeMutableRawPointer.allocate(byteCount: pendingCapacity * IndexEntry.size, alignment: 16)
        isWritable = true
    }

    /// Opens a sealed index read-only, holding `count` entries.
    ///
    /// - Throws: ``LogError/corrupt(path:position:reason:)`` when the file is shorter than its entries.
    package init(sealedAt path: String, count: Int) throws(LogError) {
        self.path = path
        file = try SystemFile(path: path, mode: .readOnly)
        self.count = count
        writtenCount = count
        capacity = count
        openSize = UInt64(count * IndexEntry.size)
        pendingCapacity = 0
        pending = UnsafeMutableRawPointer.allocate(byteCount: 0, alignment: 16)
        isWritable = false
        let size = try file.size()
        guard size >= openSize else {
            throw LogError.corrupt(
                path: path, position: size,
                reason: "the file holds \(size / UInt64(IndexEntry.size)) of the segment's \(count) index entries (was it shortened by another process?)")
        }
    }

    deinit {
        pending.deallocate()
    }

    /// Whether another entry fits.
    package var isFull: Bool { !isWritable || count >= capacity }

    /// The entry at slot `slot`; `-1` means the last one (the reference's `Read(-1)`).
    ///
    /// - Throws: ``LogError/endOfIndex(path:entry:)`` when the slot holds no entry.
    package func entry(at slot: Int) throws(LogError) -> IndexEntry {
        guard !isClosed else { throw LogError.closed(path: path) }
        let k = slot == -1 ? count - 1 : slot
        guard count > 0, k >= 0, k < count else { throw LogError.endOfIndex(path: path, entry: Int64(slot)) }
        return IndexEntry(loadingFrom: try bytes(at: k))
    }

    /// The store position of the entry at `slot`, the hot path of every read.
    @inline(__always)
    func position(at slot: Int) throws(LogError) -> UInt64 {
        guard slot >= 0, slot < count, !isClosed else { return try entry(at: slot).position }
        return BigEndian.loadUInt64(try bytes(at: slot), at: 4)
    }

    /// The 12 bytes of the entry at `slot` (`0 ≤ slot < count`): waiting in memory, or read from the file.
    @inline(__always)
    private func bytes(at slot: Int) throws(LogError) -> UnsafeRawPointer {
        if slot >= writtenCount { return UnsafeRawPointer(pending + (slot - writtenCount) * IndexEntry.size) }
        let position = UInt64(slot * IndexEntry.size)
        let limit = UInt64(writtenCount * IndexEntry.size)
        if let pointer = try window.bytes(at: position, count: IndexEntry.size, in: file, limit: limit) { return pointer }
        throw LogError.corrupt(path: path, position: position, reason: "the index file ended early (was it truncated by another process?)")
    }

    /// Appends an entry; it reaches the file with ``writeEntries(count:)``.
    ///
    /// - Throws: ``LogError/indexFull(path:capacity:)`` when it does not fit.
    @inline(__always)
    package func append(_ entry: IndexEntry) throws(LogError) {
        guard !isClosed else { throw LogError.closed(path: path) }
        guard isWritable, count < capacity else { throw LogError.indexFull(path: path, capacity: capacity) }
        if let failure { throw failure }
        let waiting = count - writtenCount
        if waiting == pendingCapacity { growPending() }
        entry.store(to: pending + waiting * IndexEntry.size)
        count += 1
    }

    private func growPending() {
        let grown = UnsafeMutableRawPointer.allocate(byteCount: 2 * pendingCapacity * IndexEntry.size, alignment: 16)
        grown.copyMemory(from: pending, byteCount: pendingCapacity * IndexEntry.size)
        pending.deallocate()
        pending = grown
        pendingCapacity *= 2
    }

    /// Writes the waiting entries up to `count` (those whose frames the store has written) to the
    /// file in one `pwrite`, after checking that no other process changed the file's size.
    ///
    /// - Throws: ``LogError/changedByAnotherProcess(path:expectedBytes:foundBytes:)`` or
    ///   ``LogError/writeFailed(path:errno:unwrittenBytes:)``; the index then takes no more appends.
    package func writeEntries(count target: Int) throws(LogError) {
        guard isWritable, target > writtenCount, target <= count else { return }
        if let failure { throw failure }
        let found = try file.endPosition()
        guard found == openSize else {
            let error = LogError.changedByAnotherProcess(path: path, expectedBytes: openSize, foundBytes: found)
            failure = error
            throw error
        }
        let writing = target - writtenCount
        do {
            try file.write(UnsafeRawBufferPointer(start: pending, count: writing * IndexEntry.size), at: UInt64(writtenCount * IndexEntry.size))
        } catch {
            let failed = LogError.writeFailed(after: error, path: path, unwrittenBytes: 0)
            failure = failed
            throw failed
        }
        let left = count - target
        if left > 0 { memmove(pending, pending + writing * IndexEntry.size, left * IndexEntry.size) }
        writtenCount = target
    }

    /// Stops taking appends because of `cause` (the other file of the segment failed): nothing more
    /// is written, not even on ``close()``.
    func stop(_ cause: LogError) {
        if failure == nil { failure = cause }
    }

    /// Writes every entry, then forces the file to disk. The corresponding C function is `fsync`.
    package func sync() throws(LogError) {
        guard !isClosed else { throw LogError.closed(path: path) }
        guard isWritable else { return }
        try writeEntries(count: count)
        try file.sync()
    }

    /// Writes every entry and truncates the file to its logical size, leaving it as a cleanly closed
    /// reference index; with `durable`, syncs it too. It takes no more appends.
    func trim(durable: Bool) throws(LogError) {
        guard isWritable else { return }
        try writeEntries(count: count)
        isWritable = false
        window.invalidate()
        try file.truncate(to: UInt64(count * IndexEntry.size))
        if durable { try file.sync() }
    }

    /// Writes and syncs every entry, truncates the file to `12 × count` and closes it, as the
    /// reference's `Close` does; an index whose appends stopped (``failure``) is closed without
    /// writing. Safe to call twice.
    package func close() throws(LogError) {
        guard !isClosed else { return }
        defer { isClosed = true }
        if failure == nil { try trim(durable: true) }
        try file.close()
    }
}
