import Glibc
import LogCore

/// The floor `Log.append` is measured against: the same frames written to the same files as a
/// ``Log`` with the benchmark's config writes them, with nothing but the work itself.
///
/// Each frame (big-endian length, then the record as ``RecordCodec`` encodes it) is encoded into a
/// buffer of the log's buffer size (4 KiB by default), and whole buffers go out in one `write(2)`
/// each, as the store does; each 12-byte entry is stored into the index file, mapped shared. A
/// segment rolls when its store reaches `maxStoreBytes` or its index is full, as the log's does. No
/// lock, no checks, no error handling beyond stopping on a failed system call.
struct RawWriter {
    /// A segment written: its base offset and how many records it holds.
    struct Segment {
        var base: UInt64
        var count: Int
    }

    let directory: String
    let maxStoreBytes: UInt64
    let indexCapacity: Int
    let bufferBytes: Int
    private(set) var segments: [Segment] = []
    private let buffer: UnsafeMutableRawPointer
    private var buffered = 0
    private var storeSize: UInt64 = 0
    private var store: Int32 = -1
    private var indexFile: Int32 = -1
    private var index: UnsafeMutableRawPointer?
    private var base: UInt64 = 0
    private var count = 0

    /// Creates the first segment's files in `directory` (which must exist and be empty).
    init(directory: String, config: Config) {
        self.directory = directory
        maxStoreBytes = config.effectiveMaxStoreBytes
        indexCapacity = config.indexCapacity
        bufferBytes = config.bufferBytes
        buffer = UnsafeMutableRawPointer.allocate(byteCount: 2 * config.bufferBytes, alignment: 16)
        open(base: config.initialOffset)
    }

    /// Appends `records` records, `values[i & 255]` the value of the `i`th (as the log's run).
    mutating func append(records: Int, cycling values: [[UInt8]]) {
        precondition(values.count == 256)
        for i in 0..<records { values[i & 255].withUnsafeBytes { append($0) } }
    }

    /// Appends one record; the frame must fit in the buffer.
    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) {
        let offset = base + UInt64(count)
        let destination = buffer + buffered
        let payload = RecordCodec.encode(value: value, offset: offset, into: destination + 8)
        destination.storeBytes(of: UInt64(payload).bigEndian, as: UInt64.self)
        let entry = index! + count * 12
        entry.storeBytes(of: UInt32(count).bigEndian, as: UInt32.self)
        entry.storeBytes(of: storeSize.bigEndian, toByteOffset: 4, as: UInt64.self)
        buffered += 8 + payload
        storeSize += UInt64(8 + payload)
        count += 1
        if buffered >= bufferBytes {
            let whole = buffered - buffered % bufferBytes
            precondition(Glibc.write(store, buffer, whole) == whole, "write failed: errno \(errno)")
            buffered -= whole
            buffer.copyMemory(from: buffer + whole, byteCount: buffered)
        }
        if storeSize >= maxStoreBytes || count == indexCapacity {
            closeSegment()
            open(base: offset + 1)
        }
    }

    /// Writes what is buffered, trims the index to its entries and closes the files, as the log's
    /// `close` leaves them (without its fsync).
    mutating func close() {
        closeSegment()
        buffer.deallocate()
    }

    private mutating func open(base: UInt64) {
        self.base = base
        count = 0
        storeSize = 0
        store = Glibc.open(directory + "/\(base).store", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        indexFile = Glibc.open(directory + "/\(base).index", O_RDWR | O_CREAT | O_TRUNC, 0o644)
        precondition(store >= 0 && indexFile >= 0, "open failed in \(directory): errno \(errno)")
        precondition(ftruncate(indexFile, off_t(indexCapacity * 12)) == 0)
        let mapping = mmap(nil, indexCapacity * 12, PROT_READ | PROT_WRITE, MAP_SHARED, indexFile, 0)
        precondition(mapping != MAP_FAILED, "mmap failed: errno \(errno)")
        index = mapping
        segments.append(Segment(base: base, count: 0))
    }

    private mutating func closeSegment() {
        if buffered > 0 { precondition(Glibc.write(store, buffer, buffered) == buffered) }
        buffered = 0
        munmap(index, indexCapacity * 12)
        index = nil
        precondition(ftruncate(indexFile, off_t(count * 12)) == 0)
        Glibc.close(store)
        Glibc.close(indexFile)
        segments[segments.count - 1].count = count
    }
}
