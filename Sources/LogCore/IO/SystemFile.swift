import Glibc

/// A thin owner of one POSIX file descriptor, with `EINTR`-retrying wrappers that throw ``LogError``.
///
/// Not thread-safe on its own: the types that hold one serialise access.
package final class SystemFile {
    /// How a file is opened.
    package enum Mode {
        /// `O_RDONLY`: never changes the file. With `O_NONBLOCK`, which changes nothing for a regular file
        /// or a directory, so that opening a FIFO or a device put where a log file should be returns at
        /// once instead of waiting for a writer.
        case readOnly
        /// `O_RDWR`, creating the file (mode 0644) when it is missing.
        case readWriteCreate
        /// `O_RDWR` on an existing file.
        case readWrite
    }

    package let path: String
    private(set) var descriptor: Int32
    /// The bytes of a file held in memory (see ``init(path:contents:)``); `nil` for a real file.
    private let memory: [UInt8]?
    /// Where the bytes come from when no local descriptor backs the file (see ``init(path:source:)``).
    private let source: (any FileBytesSource)?

    /// Opens `path`. The corresponding C function is `open`.
    package init(path: String, mode: Mode) throws(LogError) {
        self.path = path
        let flags: Int32
        switch mode {
        case .readOnly: flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        case .readWriteCreate: flags = O_RDWR | O_CREAT | O_CLOEXEC
        case .readWrite: flags = O_RDWR | O_CLOEXEC
        }
        var fd: Int32
        repeat { fd = open(path, flags, 0o644) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw LogError.io(operation: "open", path: path, errno: errno) }
        descriptor = fd
        memory = nil
        source = nil
    }

    /// A read-only file whose bytes come from `source` (a file reached through a ``FileAccess`` other
    /// than the local one), named `path` in messages. Everything but reading, its size and closing
    /// fails as on a closed descriptor.
    package init(path: String, source: any FileBytesSource) {
        self.path = path
        descriptor = -1
        memory = nil
        self.source = source
    }

    /// A read-only file whose bytes are held in memory, named `path` in messages: the index that
    /// inspection builds for a store that has none (a snapshot's `state.bin`). Reads copy from
    /// `contents`; everything else fails as on a closed descriptor.
    package init(path: String, contents: [UInt8]) {
        self.path = path
        descriptor = -1
        memory = contents
        source = nil
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    var isOpen: Bool { descriptor >= 0 }

    /// The file's current size in bytes. The corresponding C function is `fstat`.
    package func size() throws(LogError) -> UInt64 {
        if let memory { return UInt64(memory.count) }
        if let source { return try source.size() }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LogError.io(operation: "fstat", path: path, errno: errno)
        }
        return UInt64(info.st_size)
    }

    /// The file's current size in bytes, the cheapest way the kernel tells it: what a writer checks
    /// before each write to notice another process truncating or writing its file. Moves the file
    /// position (which positional reads and writes ignore). The corresponding C function is `lseek`.
    func endPosition() throws(LogError) -> UInt64 {
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else { throw LogError.io(operation: "lseek", path: path, errno: errno) }
        return UInt64(end)
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read (fewer only at
    /// the end of the file). The corresponding C function is `pread`.
    package func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int {
        if let memory {
            guard offset < UInt64(memory.count) else { return 0 }
            let n = min(count, memory.count - Int(offset))
            memory.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + Int(offset), byteCount: n) }
            return n
        }
        if let source {
            return try source.read(into: buffer, count: count, at: offset)
        }
        var done = 0
        while done < count {
            let n = pread(descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(operation: "pread", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all of `buffer` at the current file position. The corresponding C function is `write`.
    func write(_ buffer: UnsafeRawBufferPointer) throws(LogError) {
        guard var base = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let n = Glibc.write(descriptor, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(operation: "write", path: path, errno: errno)
            }
            base += n
            left -= n
        }
    }

    /// Writes all of `parts`, one after the other, at `offset`, in as few system calls as the kernel
    /// allows; `progress` counts the bytes written so far, so a caller whose write fails part way
    /// knows how many reached the file. The corresponding C function is `pwritev`.
    func write(_ parts: [UnsafeRawBufferPointer], at offset: UInt64, progress: inout Int) throws(LogError) {
        let total = parts.reduce(0) { $0 + $1.count }
        progress = 0
        while progress < total {
            let skipped = progress
            let n = withUnsafeTemporaryAllocation(of: iovec.self, capacity: parts.count) { vectors -> Int in
                var count = 0
                var skip = skipped  // parts (or their starts) already written are left out
                for part in parts {
                    if skip >= part.count {
                        skip -= part.count
                        continue
                    }
                    vectors[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress! + skip), iov_len: part.count - skip)
                    count += 1
                    skip = 0
                }
                return Glibc.pwritev(descriptor, vectors.baseAddress, Int32(count), off_t(offset) + off_t(skipped))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(operation: "pwritev", path: path, errno: errno)
            }
            progress += n
        }
    }

    /// Writes all of `buffer` at `offset`. The corresponding C function is `pwrite`.
    func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws(LogError) {
        var done = 0
        try write(buffer, at: offset, progress: &done)
    }

    /// Writes all of `buffer` at `offset`; `progress` counts the bytes written so far (see
    /// ``write(_:at:progress:)-([UnsafeRawBufferPointer],_,_)``). The corresponding C function is `pwrite`.
    func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64, progress done: inout Int) throws(LogError) {
        guard let base = buffer.baseAddress else { return }
        done = 0
        while done < buffer.count {
            let n = pwrite(descriptor, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(operation: "pwrite", path: path, errno: errno)
            }
            done += n
        }
    }

    /// Sets the file's size. The corresponding C function is `ftruncate`.
    func truncate(to size: UInt64) throws(LogError) {
        var rc: Int32
        repeat { rc = ftruncate(descriptor, off_t(size)) } while rc != 0 && errno == EINTR
        guard rc == 0 else { throw LogError.io(operation: "ftruncate", path: path, errno: errno) }
    }

    /// Forces the file's data to stable storage. The corresponding C function is `fsync`.
    func sync() throws(LogError) {
        var rc: Int32
        repeat { rc = fsync(descriptor) } while rc != 0 && errno == EINTR
        guard rc == 0 else { throw LogError.io(operation: "fsync", path: path, errno: errno) }
    }

    /// Forces the file's data, but not all its metadata, to stable storage. The corresponding C
    /// function is `fdatasync`.
    func dataSync() throws(LogError) {
        var rc: Int32
        repeat { rc = fdatasync(descriptor) } while rc != 0 && errno == EINTR
        guard rc == 0 else { throw LogError.io(operation: "fdatasync", path: path, errno: errno) }
    }

    /// Closes the descriptor. The corresponding C function is `close`. Safe to call twice.
    package func close() throws(LogError) {
        if let source { try source.close() }
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        if Glibc.close(fd) != 0 && errno != EINTR {
            throw LogError.io(operation: "close", path: path, errno: errno)
        }
    }
}
