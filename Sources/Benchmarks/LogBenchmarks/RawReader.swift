import Glibc

/// The floor `Log.read(at:)` is measured against: every record of the segments a ``RawWriter``
/// wrote, in offset order, each value copied into a new `[UInt8]`, with nothing but the work itself.
///
/// ``readAll()`` maps each segment's store and index read-only (the floor: no copy out of
/// the page cache at all); ``readAllThroughWindow()`` reads them as the store does, with `pread` into
/// a 64 KiB window (the same bytes through the same buffer size). A record's position comes from its
/// index entry, its value from the payload's first field (`0x0a`, varint length, bytes). No lock, no
/// checks: the offset inside the payload is not read and nothing is validated.
struct RawReader {
    /// The store's read-ahead window (`Store`'s own size).
    static let windowBytes = 64 * 1024

    let directory: String
    let segments: [RawWriter.Segment]

    /// Reads every record and returns the sum of the values' lengths and first bytes (so that no
    /// copy can be optimised away).
    func readAll() -> Int {
        var total = 0
        for segment in segments where segment.count > 0 {
            let store = Mapping(path: directory + "/\(segment.base).store")
            let index = Mapping(path: directory + "/\(segment.base).index")
            for slot in 0..<segment.count {
                let position = Int(UInt64(bigEndian: index.base.loadUnaligned(fromByteOffset: slot * 12 + 4, as: UInt64.self)))
                var at = position + 9  // the length prefix and the 0x0a tag
                var length = 0
                var shift = 0
                while true {
                    let byte = store.base.load(fromByteOffset: at, as: UInt8.self)
                    at += 1
                    length |= Int(byte & 0x7f) << shift
                    if byte < 0x80 { break }
                    shift += 7
                }
                let value = [UInt8](UnsafeRawBufferPointer(start: store.base + at, count: length))
                total &+= value.count &+ Int(value.first ?? 0)
            }
            store.close()
            index.close()
        }
        return total
    }

    /// ``readAll()`` through `pread`: each segment's index entries in one read, its store through a
    /// 64 KiB window read again at a frame's position whenever the frame does not lie whole in it.
    func readAllThroughWindow() -> Int {
        var total = 0
        let window = UnsafeMutableRawPointer.allocate(byteCount: Self.windowBytes, alignment: 16)
        defer { window.deallocate() }
        for segment in segments where segment.count > 0 {
            let store = open(directory + "/\(segment.base).store", O_RDONLY)
            let indexFile = open(directory + "/\(segment.base).index", O_RDONLY)
            precondition(store >= 0 && indexFile >= 0, "cannot open segment \(segment.base): errno \(errno)")
            let entries = [UInt8](unsafeUninitializedCapacity: segment.count * 12) { buffer, count in
                count = pread(indexFile, buffer.baseAddress, segment.count * 12, 0)
            }
            precondition(entries.count == segment.count * 12, "short read of \(segment.base).index")
            var windowStart = 0
            var windowLength = 0
            for slot in 0..<segment.count {
                let position = entries.withUnsafeBytes {
                    Int(UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: slot * 12 + 4, as: UInt64.self)))
                }
                // The length prefix, then the whole frame, in the window.
                if position < windowStart || position + 8 > windowStart + windowLength {
                    windowStart = position
                    windowLength = pread(store, window, Self.windowBytes, off_t(position))
                }
                let length = Int(UInt64(bigEndian: (window + (position - windowStart)).loadUnaligned(as: UInt64.self)))
                if position + 8 + length > windowStart + windowLength {
                    windowStart = position
                    windowLength = pread(store, window, Self.windowBytes, off_t(position))
                    precondition(8 + length <= windowLength, "the frame at \(position) is larger than the window or cut off")
                }
                var at = position - windowStart + 9  // the length prefix and the 0x0a tag
                var valueLength = 0
                var shift = 0
                while true {
                    let byte = window.load(fromByteOffset: at, as: UInt8.self)
                    at += 1
                    valueLength |= Int(byte & 0x7f) << shift
                    if byte < 0x80 { break }
                    shift += 7
                }
                let value = [UInt8](UnsafeRawBufferPointer(start: window + at, count: valueLength))
                total &+= value.count &+ Int(value.first ?? 0)
            }
            close(store)
            close(indexFile)
        }
        return total
    }

    /// A whole file mapped read-only.
    private struct Mapping {
        let base: UnsafeRawPointer
        let size: Int

        init(path: String) {
            let fd = open(path, O_RDONLY)
            precondition(fd >= 0, "cannot open \(path): errno \(errno)")
            defer { Glibc.close(fd) }
            var info = stat()
            precondition(fstat(fd, &info) == 0)
            size = Int(info.st_size)
            let pointer = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0)
            precondition(pointer != MAP_FAILED, "cannot map \(path): errno \(errno)")
            base = UnsafeRawPointer(pointer!)
        }

        func close() { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }
}
