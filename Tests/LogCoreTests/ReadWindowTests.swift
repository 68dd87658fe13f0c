import Foundation
import TestSupport
import Testing

@testable import LogCore

/// The read-ahead window's `rest`: a scan that stops and resumes inside the window reads no new one.
@Suite struct ReadWindowTests {
    @Test func theRestOfAWindowIsReusedUntilLessThanHalfIsLeft() throws {
        let directory = TemporaryDirectory("read-window")
        let path = directory.child("file")
        let original = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(original)))
        let file = try SystemFile(path: path, mode: .readOnly)
        let window = ReadWindow(capacity: 256)
        #expect(Array(try window.rest(at: 0, in: file, limit: 1000)) == Array(original[0..<256]))
        // Changed on disk behind the window: a rest inside it still shows the bytes read then.
        let changed = (0..<1000).map { UInt8(truncatingIfNeeded: 255 - $0) }
        let writer = open(path, O_WRONLY)
        #expect(changed.withUnsafeBytes { pwrite(writer, $0.baseAddress, 1000, 0) } == 1000)
        close(writer)
        let cached = try window.rest(at: 10, in: file, limit: 1000)
        #expect(Array(cached) == Array(original[10..<256]))
        // 56 bytes left of the window: under half, so a new window is read from there.
        #expect(Array(try window.rest(at: 200, in: file, limit: 1000)) == Array(changed[200..<456]))
        #expect(Array(try window.rest(at: 900, in: file, limit: 1000)) == Array(changed[900..<1000]))
        #expect(try window.rest(at: 1000, in: file, limit: 1000).isEmpty)
    }

    /// A window is no larger than what its reads fill: a 1 KiB file gets 4 KiB, not the capacity, and
    /// the buffer grows (keeping every byte right) when the file does.
    @Test func aWindowIsSizedToTheFileItReads() throws {
        let directory = TemporaryDirectory("read-window")
        let path = directory.child("file")
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let file = try SystemFile(path: path, mode: .readOnly)
        let window = ReadWindow(capacity: 64 * 1024)
        #expect(window.bufferBytes == 0)
        #expect(Array(try window.rest(at: 0, in: file, limit: 1000)) == Array(bytes[0..<1000]))
        #expect(window.bufferBytes == 4096)
        #expect(Array(try window.rest(at: 500, in: file, limit: 10_000)) == Array(bytes[500..<10_000]))
        #expect(window.bufferBytes == 9500)
        #expect(Array(try window.rest(at: 0, in: file, limit: 100_000)) == Array(bytes[0..<65_536]))
        #expect(window.bufferBytes == 64 * 1024)
        window.release()
        #expect(window.bufferBytes == 0)
    }

    @Test func theAllocatorCanHandFreePagesBack() {
        #expect(FreePages.isAvailable, "glibc's malloc_trim was not found: the inspector keeps a large check's pages")
        FreePages.returnToSystem()
    }
}
