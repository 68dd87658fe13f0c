import TestSupport
import Testing

@testable import LogCore

/// The reference's `segment_test.go`, ported.
@Suite struct SegmentTests {
    @Test func appendsUntilTheIndexIsFullThenReportsMaxed() throws {
        let dir = TemporaryDirectory()
        let want = Record("hello world")
        var config = Config(maxStoreBytes: 1024, maxIndexBytes: UInt64(IndexEntry.size * 3))
        var segment = try Segment(directory: dir.path, baseOffset: 16, config: config)
        #expect(segment.nextOffset == 16)
        #expect(!segment.isMaxed)
        for i: UInt64 in 0..<3 {
            let offset = try segment.append(want)
            #expect(offset == 16 + i)
            let got = try segment.read(offset)
            #expect(got.value == want.value)
            #expect(got.offset == offset)
        }
        #expect(throws: LogError.indexFull(path: segment.indexPath, capacity: 3)) { try segment.append(want) }
        #expect(segment.isMaxed)
        try segment.close()

        config.maxStoreBytes = UInt64(want.value.count * 3)
        config.maxIndexBytes = 1024
        segment = try Segment(directory: dir.path, baseOffset: 16, config: config)
        #expect(segment.isMaxed)
        #expect(segment.nextOffset == 19)

        try segment.remove()
        segment = try Segment(directory: dir.path, baseOffset: 16, config: config)
        #expect(!segment.isMaxed)
        try segment.close()
    }

    @Test func fullIndexWritesNoOrphanFrame() throws {
        // Bug K3: the reference writes the store frame, then fails on the index.
        let dir = TemporaryDirectory()
        let segment = try Segment(directory: dir.path, baseOffset: 0, config: Config(maxIndexBytes: 24))
        try segment.append(Record("a"))
        try segment.append(Record("b"))
        let size = segment.storeSize
        #expect(throws: LogError.self) { try segment.append(Record("c")) }
        #expect(segment.storeSize == size)
    }
}
