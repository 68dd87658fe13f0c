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

    @Test func useAfterCloseThrows() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.child("s"))
        try store.close()
        #expect(throws: LogError.closed(path: dir.child("s"))) { try store.append(write) }
        #expect(throws: LogError.closed(path: dir.child("s"))) { try store.read(at: 0) }
    }
}
