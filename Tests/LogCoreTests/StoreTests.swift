import TestSupport
import Testing

@testable import LogCore

/// The reference's `store_test.go`, ported, plus what the buffer adds.
@Suite struct StoreTests {
    let write = Array("hello world".utf8)
    var width: UInt64 { UInt64(write.count + 8) }

    @Test func appendsAndReadsAcrossReopen() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("store_append_read_test")
        let store = try Store(path: path)
        for i in 1...3 {
            let (n, position) = try store.append(write)
            #expect(position + n == width * UInt64(i))
        }
        var position: UInt64 = 0
        for _ in 1...3 {
            #expect(try store.read(at: position) == write)
            position += width
        }
        // readAt: the 8-byte prefix, then the payload.
        position = 0
        for _ in 1...3 {
            var prefix = [UInt8](repeating: 0, count: 8)
            let n = try prefix.withMutableBytes { (raw) throws(LogError) in try store.readAt(raw, at: position) }
            #expect(n == 8)
            #expect(prefix == [0, 0, 0, 0, 0, 0, 0, 11])
            var payload = [UInt8](repeating: 0, count: 11)
            _ = try payload.withMutableBytes { (raw) throws(LogError) in try store.readAt(raw, at: position + 8) }
            #expect(payload == write)
            position += width
        }
        try store.close()
        let reopened = try Store(path: path)
        #expect(reopened.size == 57)
        #expect(try reopened.read(at: 19) == write)
    }

    @Test func fileGrowsOnClose() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("store_close_test")
        let store = try Store(path: path)
        try store.append(write)
        #expect(Files.size(path) == 0)
        try store.close()
        #expect(Files.size(path) == 19)
    }

    @Test func readsBufferedBytesWithoutFlushing() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.child("s"))
        let (_, position) = try store.append(write)
        #expect(try store.read(at: position) == write)
        #expect(Files.size(dir.child("s")) == 0)
    }

    /// The reference writes through a 4 KiB `bufio.Writer`: a killed writer loses at most 4 KiB, and
    /// another process sees appends every 4 KiB. A larger buffer is an explicit choice.
    @Test func appendsReachTheFileEvery4KiBUnlessALargerBufferIsChosen() throws {
        let dir = TemporaryDirectory()
        let value = [UInt8](repeating: 7, count: 92)  // 100-byte frames
        let store = try Store(path: dir.child("s"))
        let large = try Store(path: dir.child("large"), bufferBytes: 256 << 10)
        for _ in 0..<40 {
            try store.append(value)
            try large.append(value)
        }
        #expect(Files.size(dir.child("s")) == 0)
        try store.append(value)
        try large.append(value)
        // As Go's bufio.Writer: a whole 4 KiB block, the 41st frame split across it and the buffer.
        #expect(Files.size(dir.child("s")) == 4096)
        #expect(Files.size(dir.child("large")) == 0)
        #expect(try store.read(at: 4000) == value, "a frame split between the file and the buffer reads whole")
        try store.close()
        #expect(Files.size(dir.child("s")) == 4100)
        #expect(Config().bufferBytes == 4096)
        #expect(throws: LogError.invalidConfig("bufferBytes 63 must be between 64 and 1073741824 bytes")) {
            try Log(directory: dir.child("log"), config: Config(bufferBytes: 63))
        }
    }

    /// Blocks end at multiples of the buffer size in the file, also after reopening a store whose size
    /// is not one: page-aligned writes cost the page cache half what unaligned ones do.
    @Test func blocksAreWrittenUpToMultiplesOfTheBufferSize() throws {
        let dir = TemporaryDirectory()
        Files.write([UInt8](repeating: 1, count: 1037), to: dir.child("s"))
        let store = try Store(path: dir.child("s"))
        let value = [UInt8](repeating: 7, count: 92)
        var frames = 0
        while Files.size(dir.child("s")) == 1037 {
            try store.append(value)
            frames += 1
        }
        #expect(frames == 31, "1037 + 31 × 100 bytes pass 4096")
        #expect(Files.size(dir.child("s")) == 4096)
        for _ in 0..<41 { try store.append(value) }
        #expect(Files.size(dir.child("s")) == 8192)
        #expect(try store.read(at: 1037 + 30 * 100) == value)
    }

    /// A record larger than the buffer goes out in one `writev` with the bytes buffered before it,
    /// its value taken from the caller: the bytes are those Go writes.
    @Test func recordsLargerThanTheBufferAreWrittenWithWhatWasBuffered() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20))
        let big = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let values = [big, Array("small".utf8), big, big, Array("tail".utf8)]
        for value in values { try log.append(value) }
        #expect(try log.read(at: 2).value == big)
        try log.close()
        var expected: [UInt8] = []
        for (offset, value) in values.enumerated() {
            let payload = RecordCodec.encode(Record(value: value, offset: UInt64(offset)))
            expected += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (56 - 8 * UInt64($0))) } + payload
        }
        #expect(Files.bytes(dir.child("0.store")) == expected)
    }

    @Test func frameLargerThanTheBufferIsWrittenWhole() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.child("s"), bufferBytes: 64)
        let big = [UInt8](repeating: 0x5a, count: 1000)
        try store.append(write)
        let (_, position) = try store.append(big)
        try store.append(write)
        #expect(try store.read(at: position) == big)
        #expect(try store.read(at: 0) == write)
        #expect(try store.read(at: position + 1008) == write)
    }

    @Test func lengthPrefixPastTheEndIsAClearError() throws {
        let dir = TemporaryDirectory()
        Files.write([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2], to: dir.child("s"))
        let store = try Store(path: dir.child("s"), writable: false)
        #expect(
            throws: LogError.corrupt(
                path: dir.child("s"), position: 0,
                reason: "length prefix 18446744073709551615 runs past the end of the store (2 bytes follow it)")
        ) {
            try store.read(at: 0)
        }
        #expect(throws: LogError.self) { try store.read(at: 5) }
    }

    /// A read served from the read-ahead window (the frame before it filled the window with the whole
    /// file) checks the length prefix as a read from the file does: a frame that ends at the end of
    /// the window reads whole, one that claims more is the same clear error.
    @Test func aFrameInTheReadAheadWindowIsCheckedAsOneReadFromTheFile() throws {
        let dir = TemporaryDirectory()
        let whole: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 2, 7, 8, 0, 0, 0, 0, 0, 0, 0, 1, 9]
        Files.write(whole + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2], to: dir.child("s"))
        let store = try Store(path: dir.child("s"), writable: false)
        #expect(try store.read(at: 0) == [7, 8])
        #expect(try store.read(at: 10) == [9])
        #expect(
            throws: LogError.corrupt(
                path: dir.child("s"), position: 19,
                reason: "length prefix 18446744073709551615 runs past the end of the store (2 bytes follow it)")
        ) {
            try store.read(at: 19)
        }
        Files.write(whole, to: dir.child("t"))
        let exact = try Store(path: dir.child("t"), writable: false)
        #expect(try exact.read(at: 0) == [7, 8])
        #expect(try exact.read(at: 10) == [9])
    }

    @Test func useAfterCloseThrows() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.child("s"))
        try store.close()
        #expect(throws: LogError.closed(path: dir.child("s"))) { try store.append(write) }
        #expect(throws: LogError.closed(path: dir.child("s"))) { try store.read(at: 0) }
    }

    /// A writable store reads what it has written as it grows (through its read-ahead window, whose
    /// cached bytes stay valid as the file grows); frames split between the file and the buffer still
    /// read whole.
    @Test func aWritableStoreReadsEveryFrameAsItGrows() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.child("s"), writable: true, bufferBytes: 4096)
        var positions: [UInt64] = []
        for i in 0..<2000 {
            let value = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 1 + i % 150)
            positions.append(try store.append(value).position)
            for j in [i, i / 2, i / 3, i - i % 41] {
                #expect(try store.read(at: positions[j]) == [UInt8](repeating: UInt8(truncatingIfNeeded: j), count: 1 + j % 150))
            }
        }
        #expect(Files.size(dir.child("s")) > 16 * 4096)
        try store.close()
        #expect(throws: LogError.closed(path: dir.child("s"))) { try store.read(at: 0) }
        let sealed = try Store(path: dir.child("s"), writable: false, bufferBytes: 0)
        #expect(try sealed.read(at: positions[1999]) == [UInt8](repeating: UInt8(truncatingIfNeeded: 1999), count: 1 + 1999 % 150))
        #expect(throws: LogError.self) { try sealed.read(at: sealed.size - 3) }
    }
}
