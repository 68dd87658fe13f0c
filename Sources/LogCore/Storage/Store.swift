import Glibc

/// The store file of a segment: a sequence of frames, each a big-endian `u64` length then that many
/// payload bytes.
///
/// Appends go through an in-memory buffer, 4 KiB as the reference's `bufio.Writer`: once the
/// appended bytes reach the next multiple of the buffer size in the file, the bytes up to it are
/// written in one `write(2)` (a frame may be split across two writes, as Go's are), so fewer than a
/// buffer's worth are ever unwritten. Page-aligned whole blocks cost the page cache about half what
/// unaligned writes of the same bytes do. A frame larger than the buffer is written at once with the
/// buffered bytes, its value straight from the caller's memory (`pwritev`). A read of bytes still in
/// the buffer is served from it without flushing. Reads of flushed bytes go through a read-ahead
/// window, so a sequential scan makes one `pread` per window. Nothing is mapped: a file that another
/// process truncates cannot kill the writer with `SIGBUS`.
///
/// A writable store writes at the positions it knows (`pwrite`), and before each write it checks the
/// file still has the size it left it with: another process that truncated or appended to it stops
/// appends with ``LogError/changedByAnotherProcess(path:expectedBytes:foundBytes:)``, rather than
/// writing past a hole. A failed write (a full disk, a file-size limit) stops appends with
/// ``LogError/writeFailed(path:errno:unwrittenBytes:)``: the failed frame's bytes are cut off again,
/// so the file ends with whole frames whenever the bytes before it were written.
///
/// Not thread-safe: a ``Log`` serialises access. For the same reason its mutable state opts out of
/// Swift's run-time exclusivity checks (`@exclusivity(unchecked)`), which were two thirds of the
/// instructions of an append.
package final class Store {
    /// The size of a frame's length prefix.
    package static let lengthPrefixSize = 8

    /// The reference's append buffer, Go's `bufio.NewWriter` default: a writer killed with SIGKILL
    /// loses at most this many bytes of acknowledged appends, and a tailer sees them at least every
    /// 4 KiB.
    package static let referenceBufferBytes = Config.referenceBufferBytes

    /// The file's path.
    package let path: String
    private let file: SystemFile
    /// Bytes in the file plus bytes still in the buffer.
    @exclusivity(unchecked) package private(set) var size: UInt64
    @exclusivity(unchecked) private var flushedSize: UInt64
    /// Room for a buffer's worth plus one frame that fits in a buffer, then ``scratchBytes`` for the
    /// bytes that follow a large frame's value.
    private let buffer: UnsafeMutableRawPointer
    /// The buffer's size: fewer bytes than this stay unwritten when `append` returns.
    private let bufferCapacity: Int
    @exclusivity(unchecked) private var buffered = 0
    /// The first multiple of ``bufferCapacity`` after the file's end: an append whose frame reaches it
    /// writes the buffer out up to it.
    @exclusivity(unchecked) private var blockEnd: UInt64 = 0
    private static let scratchBytes = 32
    private let window = ReadWindow(capacity: 64 * 1024)
    private let writable: Bool
    /// Whether every append is written before it returns (a durability other than `buffered`).
    private let writesThrough: Bool
    @exclusivity(unchecked) private var isClosed = false
    /// Why appends stopped: a write failed or another process changed the file. A failed store
    /// writes nothing more, not even on ``close()``.
    @exclusivity(unchecked) package private(set) var failure: LogError?

    /// The bytes in the file: every frame before it is whole there.
    package var writtenSize: UInt64 { flushedSize }

    /// Opens (creating it when `writable` and missing) the store at `path`.
    ///
    /// - Parameters:
    ///   - path: the `<base>.store` file.
    ///   - writable: `false` opens `O_RDONLY`, for a sealed segment.
    ///   - bufferBytes: the append buffer's size (the reference's 4 KiB unless a larger one is chosen).
    ///   - writesThrough: write every append before it returns, in one write with what is buffered.
    package init(path: String, writable: Bool = true, bufferBytes: Int = Store.referenceBufferBytes, writesThrough: Bool = false) throws(LogError) {
        self.path = path
        self.writable = writable
        self.writesThrough = writesThrough
        file = try SystemFile(path: path, mode: writable ? .readWriteCreate : .readOnly)
        size = try file.size()
        flushedSize = size
        bufferCapacity = writable ? max(bufferBytes, 64) : 0
        buffer = UnsafeMutableRawPointer.allocate(byteCount: 2 * bufferCapacity + Self.scratchBytes, alignment: 16)
        if writable { blockEnd = nextBlockEnd() }
    }

    /// The first multiple of the buffer's size after ``flushedSize``.
    private func nextBlockEnd() -> UInt64 {
        let capacity = UInt64(bufferCapacity)
        return (flushedSize - flushedSize % capacity).saturatingAdd(capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// Appends one frame holding `payload`.
    ///
    /// - Returns: the bytes written (8 + payload) and the position of the frame's length prefix, as the
    ///   reference's `Append` does.
    @discardableResult
    package func append(_ payload: [UInt8]) throws(LogError) -> (written: UInt64, position: UInt64) {
        try payload.withBytes { (raw) throws(LogError) in
            if Self.lengthPrefixSize + raw.count > bufferCapacity {
                return try appendLarge(payloadCount: raw.count, value: raw, head: { _ in 0 }, tail: { _ in 0 })
            }
            return try appendFrame(payloadCount: raw.count) { destination in
                if let source = raw.baseAddress { destination.copyMemory(from: source, byteCount: raw.count) }
            }
        }
    }

    /// Appends the frame of `Record{value, offset}`, encoding it straight into the buffer (or, when
    /// larger than the buffer, writing the value from the caller's memory).
    @inline(__always)
    func appendRecord(value: UnsafeRawBufferPointer, offset: UInt64) throws(LogError) -> (written: UInt64, position: UInt64) {
        let payloadCount = RecordCodec.encodedSize(valueCount: value.count, offset: offset)
        if Self.lengthPrefixSize + payloadCount > bufferCapacity {
            // value.count > 0 here: an empty value's payload is at most 11 bytes.
            return try appendLarge(
                payloadCount: payloadCount, value: value,
                head: { destination in
                    destination.storeBytes(of: 0x0a, as: UInt8.self)
                    return 1 + Varint.write(UInt64(value.count), to: destination + 1)
                },
                tail: { destination in
                    guard offset != 0 else { return 0 }
                    destination.storeBytes(of: 0x10, as: UInt8.self)
                    return 1 + Varint.write(offset, to: destination + 1)
                })
        }
        return try appendFrame(payloadCount: payloadCount) { destination in
            _ = RecordCodec.encode(value: value, offset: offset, into: destination)
        }
    }

    /// Appends a frame that fits in the buffer: encoded after the buffered bytes, then whole blocks
    /// written once a buffer's worth is there. Nothing is appended when the write fails.
    @inline(__always)
    private func appendFrame(payloadCount: Int, fill: (UnsafeMutableRawPointer) -> Void) throws(LogError)
        -> (written: UInt64, position: UInt64)
    {
        guard !isClosed, writable else { throw LogError.closed(path: path) }
        if let failure { throw failure }
        let frameSize = Self.lengthPrefixSize + payloadCount
        let position = size
        let destination = buffer + buffered  // buffered < bufferCapacity and frameSize <= bufferCapacity
        BigEndian.store(UInt64(payloadCount), destination)
        fill(destination + Self.lengthPrefixSize)
        if writesThrough {
            try writeOut(acknowledged: buffered) { (progress) throws(LogError) in
                try file.write(UnsafeRawBufferPointer(start: buffer, count: buffered + frameSize), at: flushedSize, progress: &progress)
            }
            flushedSize += UInt64(buffered + frameSize)
            blockEnd = nextBlockEnd()
            buffered = 0
        } else if size + UInt64(frameSize) >= blockEnd {
            try writeBlocks(of: buffered + frameSize)
        } else {
            buffered += frameSize
        }
        size += UInt64(frameSize)
        return (UInt64(frameSize), position)
    }

    /// Writes the first `count` bytes of the buffer up to the last multiple of the buffer size they
    /// reach in the file, and keeps the rest (fewer than ``bufferCapacity`` bytes) at the buffer's start.
    private func writeBlocks(of count: Int) throws(LogError) {
        let end = flushedSize + UInt64(count)
        let written = Int(end - end % UInt64(bufferCapacity) - flushedSize)  // ≥ 1: end ≥ blockEnd
        try writeOut(acknowledged: buffered) { (progress) throws(LogError) in
            try file.write(UnsafeRawBufferPointer(start: buffer, count: written), at: flushedSize, progress: &progress)
        }
        flushedSize += UInt64(written)
        blockEnd = nextBlockEnd()
        buffered = count - written
        if buffered > 0 { memmove(buffer, buffer + written, buffered) }
    }

    /// Appends a frame larger than the buffer in one `writev`: the buffered bytes, the length prefix
    /// and the payload's bytes before the value (`head`), the value from the caller's memory, and
    /// the payload's bytes after it (`tail`, at most ``scratchBytes``).
    private func appendLarge(
        payloadCount: Int, value: UnsafeRawBufferPointer, head: (UnsafeMutableRawPointer) -> Int, tail: (UnsafeMutableRawPointer) -> Int
    ) throws(LogError) -> (written: UInt64, position: UInt64) {
        guard !isClosed, writable else { throw LogError.closed(path: path) }
        if let failure { throw failure }
        let frameSize = Self.lengthPrefixSize + payloadCount
        let position = size
        let start = buffer + buffered
        BigEndian.store(UInt64(payloadCount), start)
        let headCount = buffered + Self.lengthPrefixSize + head(start + Self.lengthPrefixSize)
        let tailStart = buffer + 2 * bufferCapacity
        let tailCount = tail(tailStart)
        let parts = [UnsafeRawBufferPointer(start: buffer, count: headCount), value, UnsafeRawBufferPointer(start: tailStart, count: tailCount)]
        try writeOut(acknowledged: buffered) { (progress) throws(LogError) in try file.write(parts, at: flushedSize, progress: &progress) }
        flushedSize += UInt64(buffered + frameSize)
        blockEnd = nextBlockEnd()
        buffered = 0
        size += UInt64(frameSize)
        return (UInt64(frameSize), position)
    }

    /// The payload of the frame at `position`, copied.
    package func read(at position: UInt64) throws(LogError) -> [UInt8] {
        try withPayload(at: position) { Array($0) }
    }

    /// Decodes the record in the frame at `position`.
    package func readRecord(at position: UInt64) throws(LogError) -> Record {
        let decoded = try withPayload(at: position) { RecordCodec.decode($0) }
        switch decoded {
        case .success(let record): return record
        case .failure(let failure):
            throw LogError.undecodableRecord(path: path, position: position, reason: failure.description)
        }
    }

    /// Calls `body` with the payload of the frame at `position`, without copying it when it can.
    /// The pointer is valid only inside `body`.
    package func withPayload<T>(at position: UInt64, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        guard !isClosed else { throw LogError.closed(path: path) }
        // The whole frame in the read-ahead window (which holds only flushed bytes, all inside the
        // store): its length needs no other check than that it ends inside the window.
        let cached = window.cached(from: position)
        if cached.count >= Self.lengthPrefixSize {
            let length = BigEndian.loadUInt64(cached.baseAddress!)
            if length <= UInt64(cached.count - Self.lengthPrefixSize) {
                return body(UnsafeRawBufferPointer(start: cached.baseAddress! + Self.lengthPrefixSize, count: Int(length)))
            }
        }
        guard position <= size, size - position >= UInt64(Self.lengthPrefixSize) else {
            throw LogError.corrupt(
                path: path, position: position,
                reason: "no 8-byte length prefix here: the store is \(size) bytes long")
        }
        let length = try withBytes(at: position, count: Self.lengthPrefixSize) { BigEndian.loadUInt64($0.baseAddress!) }
        let available = size - position - UInt64(Self.lengthPrefixSize)
        guard length <= available else {
            throw LogError.corrupt(
                path: path, position: position,
                reason: "length prefix \(length) runs past the end of the store (\(available) bytes follow it)")
        }
        return try withBytes(at: position + UInt64(Self.lengthPrefixSize), count: Int(length), body)
    }

    /// Reads raw bytes at `position` into `destination` (the reference's `ReadAt`); returns how many
    /// were read, fewer only at the end of the store.
    package func readAt(_ destination: UnsafeMutableRawBufferPointer, at position: UInt64) throws(LogError) -> Int {
        guard !isClosed else { throw LogError.closed(path: path) }
        guard position < size else { return 0 }
        let count = Int(min(UInt64(destination.count), size - position))
        try withBytes(at: position, count: count) { source in
            destination.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count)
        }
        return count
    }

    private func withBytes<T>(at position: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        if count == 0 { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if position >= flushedSize {
            let start = buffer + Int(position - flushedSize)
            return body(UnsafeRawBufferPointer(start: start, count: count))
        }
        let end = position.saturatingAdd(UInt64(count))
        if end <= flushedSize {
            if let pointer = try window.bytes(at: position, count: count, in: file, limit: flushedSize) {
                return body(UnsafeRawBufferPointer(start: pointer, count: count))
            }
        }
        // Across the end of the file and the start of the buffer (a frame split between two writes),
        // or wider than the read-ahead window.
        return try readDirect(at: position, count: count, body)
    }

    private func readDirect<T>(at position: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        let temporary = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        defer { temporary.deallocate() }
        var got = 0
        let fromFile = Int(min(UInt64(count), flushedSize > position ? flushedSize - position : 0))
        if fromFile > 0 {
            got = try file.read(into: temporary, count: fromFile, at: position)
            guard got == fromFile else {
                throw LogError.corrupt(path: path, position: position + UInt64(got), reason: "the file ended early (was it truncated by another process?)")
            }
        }
        if got < count {
            (temporary + got).copyMemory(from: buffer, byteCount: count - got)
        }
        return body(UnsafeRawBufferPointer(start: temporary, count: count))
    }

    /// Writes the buffered bytes to the file.
    package func flush() throws(LogError) {
        guard buffered > 0 else { return }
        if let failure { throw failure }
        try writeOut(acknowledged: buffered) { (progress) throws(LogError) in
            try file.write(UnsafeRawBufferPointer(start: buffer, count: buffered), at: flushedSize, progress: &progress)
        }
        flushedSize += UInt64(buffered)
        blockEnd = nextBlockEnd()
        buffered = 0
    }

    /// Writes at the end of the file with `write` (given the place to count the bytes it wrote),
    /// after checking that no other process changed the file's size; one buffer or a few, without an
    /// array per write (a `flush` writer writes every append). `acknowledged` of the first bytes are
    /// appends already returned (the rest is the append in progress). When the write fails, what it
    /// wrote of the append in progress is cut off again and the store stops taking appends.
    private func writeOut(acknowledged: Int, _ write: (inout Int) throws(LogError) -> Void) throws(LogError) {
        let found = try file.endPosition()
        guard found == flushedSize else {
            let error = LogError.changedByAnotherProcess(path: path, expectedBytes: flushedSize, foundBytes: found)
            failure = error
            throw error
        }
        var progress = 0
        do {
            try write(&progress)
        } catch {
            let kept = min(progress, acknowledged)
            try? file.truncate(to: flushedSize + UInt64(kept))
            flushedSize += UInt64(kept)
            let failed = LogError.writeFailed(after: error, path: path, unwrittenBytes: acknowledged - kept)
            failure = failed
            throw failed
        }
    }

    /// Stops taking appends because of `cause` (the other file of the segment failed): nothing more
    /// is written, not even on ``close()``.
    func stop(_ cause: LogError) {
        if failure == nil { failure = cause }
    }

    /// Cuts the file back to `position` (a frame's start) after the append that wrote the frame there
    /// failed on its index, and stops taking appends: the file keeps only acknowledged frames.
    func abandonAppend(at position: UInt64, cause: LogError) {
        failure = cause
        guard writable, !isClosed, position < flushedSize else { return }
        try? file.truncate(to: position)
        flushedSize = position
        window.invalidate()
    }

    /// Flushes, then forces the file's data to disk (`fdatasync`).
    package func sync() throws(LogError) {
        guard !isClosed else { throw LogError.closed(path: path) }
        if let failure { throw failure }
        try flush()
        if writable { try file.dataSync() }
    }

    /// Flushes and closes the file; a store whose appends stopped (``failure``) is closed without
    /// writing. Safe to call twice.
    package func close() throws(LogError) {
        guard !isClosed else { return }
        defer { isClosed = true }
        if writable, failure == nil { try flush() }
        try file.close()
    }
}
