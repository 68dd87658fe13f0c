import TestSupport
import Testing

@testable import LogCore

/// The reference's `index_test.go`, ported, plus the K1 fix at the index level.
@Suite struct IndexTests {
    @Test func writesReadsAndReopens() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("index_test")
        let index = try Index(path: path, maxBytes: 1024)
        #expect(throws: LogError.endOfIndex(path: path, entry: -1)) { try index.entry(at: -1) }
        let entries = [IndexEntry(relativeOffset: 0, position: 0), IndexEntry(relativeOffset: 1, position: 10)]
        for entry in entries {
            try index.append(entry)
            #expect(try index.entry(at: Int(entry.relativeOffset)) == entry)
        }
        #expect(throws: LogError.endOfIndex(path: path, entry: 2)) { try index.entry(at: 2) }
        #expect(Files.size(path) == 1024)
        try index.close()
        #expect(Files.size(path) == 24)
        let reopened = try Index(path: path, maxBytes: 1024)
        #expect(try reopened.entry(at: -1) == IndexEntry(relativeOffset: 1, position: 10))
        #expect(reopened.count == 2)
    }

    @Test func zeroTailIsNotTakenForEntries() throws {
        // What a crash leaves: 1024 bytes, two real entries, then zeros (bug K1).
        let dir = TemporaryDirectory()
        let path = dir.child("i")
        var bytes = IndexEntry(relativeOffset: 0, position: 0).bytes + IndexEntry(relativeOffset: 1, position: 19).bytes
        bytes += [UInt8](repeating: 0, count: 1000)
        Files.write(bytes, to: path)
        let index = try Index(path: path, maxBytes: 1024)
        #expect(index.count == 2)
        #expect(try index.entry(at: -1) == IndexEntry(relativeOffset: 1, position: 19))
    }

    /// A sealed index reads its entries through its window; a file shorter than its entries is an
    /// error when it is opened.
    @Test func aSealedIndexReadsItsEntriesAndRefusesAShortFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("i")
        let entries = (0..<100).map { IndexEntry(relativeOffset: UInt32($0), position: UInt64($0) * 19) }
        Files.write(entries.flatMap(\.bytes), to: path)
        let index = try Index(sealedAt: path, count: 100)
        for entry in entries.reversed() {
            #expect(try index.entry(at: Int(entry.relativeOffset)) == entry)
            #expect(try index.position(at: Int(entry.relativeOffset)) == entry.position)
        }
        #expect(try index.entry(at: -1) == entries[99])
        #expect(throws: LogError.endOfIndex(path: path, entry: 100)) { try index.position(at: 100) }
        #expect(index.isFull)
        #expect(throws: LogError.indexFull(path: path, capacity: 100)) { try index.append(entries[0]) }
        try index.close()
        #expect(throws: LogError.closed(path: path)) { try index.entry(at: 0) }
        #expect(Files.size(path) == 1200, "closing a sealed index leaves it as it was")
        #expect(
            throws: LogError.corrupt(
                path: path, position: 1200,
                reason: "the file holds 100 of the segment's 101 index entries (was it shortened by another process?)")
        ) { try Index(sealedAt: path, count: 101) }
    }

    @Test func appendFailsWhenFull() throws {
        let dir = TemporaryDirectory()
        let index = try Index(path: dir.child("i"), maxBytes: 30)
        try index.append(IndexEntry(relativeOffset: 0, position: 0))
        try index.append(IndexEntry(relativeOffset: 1, position: 9))
        #expect(index.isFull)
        #expect(throws: LogError.indexFull(path: dir.child("i"), capacity: 2)) {
            try index.append(IndexEntry(relativeOffset: 2, position: 18))
        }
    }

    @Test func validatorExplainsTheFirstBadSlot() {
        #expect(IndexValidator.problem(with: IndexEntry(relativeOffset: 0, position: 0), at: 0, previousPosition: nil) == nil)
        #expect(
            IndexValidator.problem(with: IndexEntry(relativeOffset: 0, position: 0), at: 3, previousPosition: 40)
                == "relative offset 0 where 3 was expected")
        #expect(
            IndexValidator.problem(with: IndexEntry(relativeOffset: 3, position: 40), at: 3, previousPosition: 40)
                == "position 40 is not after the previous entry's 40")
        #expect(
            IndexValidator.problem(with: IndexEntry(relativeOffset: 0, position: 8), at: 0, previousPosition: nil)
                == "the first entry's position is 8, not 0")
    }
}
