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
}
