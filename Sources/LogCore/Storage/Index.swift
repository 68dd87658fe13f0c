import Glibc

/// The index file of a segment: 12-byte entries mapping relative offsets to store positions.
///
/// A writable index follows the seed's design: the file is grown to `maxBytes` and memory-mapped
/// shared for reading and writing; ``close()`` syncs it and truncates it back to its logical size so
/// the directory stays interchangeable with the reference's. A sealed (read-only) index is read with
/// `pread` through a read-ahead window and keeps no mapping, unless the ``Log`` that wrote it opens it:
/// its entries are then mapped read-only (see ``FileMapping``).
///
/// Unlike the reference, the logical size is never taken from the file size of a mapped file: it is
/// passed in by recovery, which validates entries (bug K1).
///
/// Not thread-safe: a ``Log`` serialises access. For the same reason its mutable state opts out of
/// Swift's run-time exclusivity checks (`@exclusivity(unchecked)`), which were two thirds of the
/// instructions of an append.
package final class Index {
    /// The file's path.
    package let path: String
    /// How many entries fit (`maxBytes / 12`); for a sealed index, its entry count.
    package let capacity: Int
    /// How many entries the index holds.
    @exclusivity(unchecked) package private(set) var count: Int
    private let file: SystemFile
    /// A writable index's mapping of the whole file, or a sealed index's read-only mapping of its
    /// entries; `nil` when it reads through ``window``.
    @exclusivity(unchecked) private var mapping: FileMapping?
    /// Whether ``mapping`` takes appends (until the index is trimmed and sealed).
    @exclusivity(unchecked) private var isWritable: Bool
    private let window: ReadWindow?
    @exclusivity(unchecked) private var isClosed = false

    /// Opens a writable index: grows the file to `maxBytes` and maps it.
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
        capacity = Int(maxBytes / UInt64(IndexEntry.size))
        window = nil
        let fileBytes = max(UInt64(logical * IndexEntry.size), maxBytes)
        // Drop any stale entries past the logical end, then grow with zeros.
        try file.truncate(to: UInt64(logical * IndexEntry.size))
        try file.truncate(to: fileBytes)
        mapping = fileBytes > 0 ? try FileMapping(file, length: Int(fileBytes), writable: true) : nil
        isWritable = mapping != nil
    }

    /// Opens a sealed index read-only, holding `count` entries.
    package convenience init(sealedAt path: String, count: Int) throws(LogError) {
        try self.init(sealedAt: path, count: count, mapped: false)
    }

    /// Opens a sealed index read-only, holding `count` entries; `mapped` maps them (the writer's own
    /// files only) instead of reading them through a window.
    init(sealedAt path: String, count: Int, mapped: Bool) throws(LogError) {
        self.path = path
        file = try SystemFile(path: path, mode: .readOnly)
        self.count = count
        capacity = count
        isWritable = false
        guard mapped, count > 0 else {
            window = ReadWindow(capacity: 16 * 1024 - 16 * 1024 % IndexEntry.size)
            return
        }
        window = nil
        let size = try file.size()
        guard size >= UInt64(count * IndexEntry.size) else {
            throw LogError.corrupt(
                path: path, position: size,
                reason: "the file holds \(size / UInt64(IndexEntry.size)) of the segment's \(count) index entries (was it shortened by another process?)")
        }
        mapping = try FileMapping(file, length: count * IndexEntry.size, writable: false)
    }

    deinit {
        mapping?.unmap()
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
        if let mapping {
            return IndexEntry(loadingFrom: mapping.base + k * IndexEntry.size)
        }
        let position = UInt64(k * IndexEntry.size)
        if let pointer = try window!.bytes(at: position, count: IndexEntry.size, in: file, limit: UInt64(count * IndexEntry.size)) {
            return IndexEntry(loadingFrom: pointer)
        }
        throw LogError.corrupt(path: path, position: position, reason: "the index file ended early (was it truncated by another process?)")
    }

    /// The store position of the entry at `slot`, the hot path of every read.
    @inline(__always)
    func position(at slot: Int) throws(LogError) -> UInt64 {
        if let mapping, slot >= 0, slot < count, !isClosed {
            return BigEndian.loadUInt64(mapping.base + slot * IndexEntry.size, at: 4)
        }
        return try entry(at: slot).position
    }

    /// Appends an entry.
    ///
    /// - Throws: ``LogError/indexFull(path:capacity:)`` when it does not fit.
    @inline(__always)
    package func append(_ entry: IndexEntry) throws(LogError) {
        guard !isClosed else { throw LogError.closed(path: path) }
        guard isWritable, let mapping, count < capacity else { throw LogError.indexFull(path: path, capacity: capacity) }
        entry.store(to: mapping.base + count * IndexEntry.size)
        count += 1
    }

    /// Writes the mapped entries to disk. The corresponding C functions are `msync` and `fsync`.
    package func sync() throws(LogError) {
        guard !isClosed else { throw LogError.closed(path: path) }
        guard isWritable, let mapping else { return }
        try mapping.sync(path: path)
        try file.sync()
    }

    /// Unmaps a writable index and truncates it to its logical size, leaving the file as a cleanly
    /// closed reference index; with `durable`, syncs it first.
    func unmapAndTrim(durable: Bool) throws(LogError) {
        guard isWritable, let mapping else { return }
        if durable { try mapping.sync(path: path) }
        mapping.unmap()
        self.mapping = nil
        isWritable = false
        try file.truncate(to: UInt64(count * IndexEntry.size))
        if durable { try file.sync() }
    }

    /// Syncs, truncates the file to `12 × count` and closes it, as the reference's `Close` does.
    /// Safe to call twice.
    package func close() throws(LogError) {
        guard !isClosed else { return }
        defer { isClosed = true }
        try unmapAndTrim(durable: true)
        mapping?.unmap()
        mapping = nil
        try file.close()
    }
}
