/// A small read-ahead cache over one file: one `pread` of `capacity` bytes serves many small reads
/// that follow each other, so a sequential scan costs one system call per window, not per record.
///
/// It only ever caches bytes below the limit its caller passes, which callers keep at bytes that
/// never change again (a store's flushed prefix, a sealed index), so it needs no invalidation except
/// ``invalidate()`` after a truncation.
package final class ReadWindow {
    let capacity: Int
    /// Allocated on the first read and freed by ``release()``: a directory of thousands of segments
    /// holds a window only for the segments being read. No larger than what the first read may
    /// fill (a 1024-byte store gets 1 KiB, not ``capacity``), grown when a later one needs more.
    private var buffer: UnsafeMutableRawPointer?
    private var allocated = 0
    private var start: UInt64 = 0
    private var length: Int = 0

    /// How many bytes the buffer holds now (0 before the first read and after ``release()``).
    package var bufferBytes: Int { allocated }

    /// Where the buffer's bytes are counted, if anywhere.
    private let counted: WindowBytes?

    /// A window of up to `capacity` bytes whose buffer is counted in `counted`.
    package init(capacity: Int, counted: WindowBytes? = nil) {
        self.capacity = capacity
        self.counted = counted
    }

    deinit {
        buffer?.deallocate()
        counted?.add(-allocated)
    }

    /// Forgets what is cached.
    package func invalidate() {
        start = 0
        length = 0
    }

    /// Forgets what is cached and frees the buffer.
    package func release() {
        invalidate()
        buffer?.deallocate()
        buffer = nil
        counted?.add(-allocated)
        allocated = 0
    }

    /// A pointer to `count` bytes at `position` of `file`, reading a new window when they are not
    /// cached; `nil` when they do not fit in a window or lie past `limit` (the caller then reads them
    /// directly).
    @inline(__always)
    package func bytes(at position: UInt64, count: Int, in file: SystemFile, limit: UInt64) throws(LogError)
        -> UnsafeRawPointer?
    {
        if length > 0, position >= start, position.saturatingAdd(UInt64(count)) <= start + UInt64(length), let buffer {
            return UnsafeRawPointer(buffer + Int(position - start))
        }
        return try load(at: position, count: count, in: file, limit: limit)
    }

    /// The cached bytes from `position` to the end of the window, without reading anything; empty
    /// when the window does not hold `position`. The hot path of a read that finds its whole frame
    /// in the window: one check instead of one for the frame's length prefix and one for its payload.
    @inline(__always)
    package func cached(from position: UInt64) -> UnsafeRawBufferPointer {
        guard length > 0, position >= start, position < start + UInt64(length), let buffer else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: buffer + Int(position - start), count: length - Int(position - start))
    }

    /// The bytes from `position` up to `limit` that one window holds: the cached rest of the window
    /// when it still holds at least half a window's worth (or everything up to `limit`), else a new
    /// window read at `position`. A scan that parses many records at once costs one `pread` per half
    /// window at most, however often it stops and resumes. Empty at or past `limit`.
    package func rest(at position: UInt64, in file: SystemFile, limit: UInt64) throws(LogError) -> UnsafeRawBufferPointer {
        guard position < limit, capacity > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let end = start + UInt64(length)
        if length > 0, position >= start, position < end, let buffer, end - position >= UInt64(capacity / 2) || end >= limit {
            return UnsafeRawBufferPointer(start: buffer + Int(position - start), count: Int(min(end, limit) - position))
        }
        let count = Int(min(UInt64(capacity), limit - position))
        guard let pointer = try load(at: position, count: count, in: file, limit: limit) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    private func load(at position: UInt64, count: Int, in file: SystemFile, limit: UInt64) throws(LogError)
        -> UnsafeRawPointer?
    {
        guard count <= capacity, position.saturatingAdd(UInt64(count)) <= limit else { return nil }
        let wanted = Int(min(UInt64(capacity), limit - position))
        if self.buffer == nil || allocated < wanted {
            // Sized to what this read fills (at least 4 KiB, doubling: a growing file does not make it
            // grow by a few bytes each time), up to the capacity: a few hundred open segments of
            // 1024-byte stores hold kilobytes, not a full window each.
            self.buffer?.deallocate()
            let before = allocated
            allocated = min(capacity, max(wanted, 2 * allocated, 4096))
            counted?.add(allocated - before)
            self.buffer = UnsafeMutableRawPointer.allocate(byteCount: max(allocated, 1), alignment: 16)
            length = 0
        }
        let buffer = self.buffer!
        let got = try file.read(into: buffer, count: wanted, at: position)
        start = position
        length = got
        guard got >= count else {
            invalidate()
            return nil
        }
        return UnsafeRawPointer(buffer)
    }
}
