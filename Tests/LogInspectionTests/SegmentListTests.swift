import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// A directory keeps a row of stamps a segment and an object only for the segments read: a bounded
/// number of them, whatever the directory's size, each kept up to date while it is kept.
@Suite struct SegmentListTests {
    @Test func aListingMakesNoObjectAndReadingAllKeepsABoundedNumber() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(1_500, in: dir.path)
        let directory = try LogDirectory(path: dir.path, openSegmentLimit: 4)
        #expect(directory.segments.count == 1_500)
        #expect(directory.segments.made.all.isEmpty, "a listing makes no segment object")
        var cursor = directory.records()
        var offsets: [UInt64] = []
        while case .record(let record)? = try cursor.next() {
            #expect(record.problem == nil && record.value == Array("record \(record.offset)".utf8))
            offsets.append(record.offset)
        }
        #expect(offsets == Array(0..<1_500).map(UInt64.init))
        let kept = directory.segments.made.kept
        #expect(kept < 1_500)
        #expect(directory.segments.made.all.count <= 2 * kept)
        #expect(directory.openSegmentCount <= 4)
    }

    @Test func aDroppedObjectStillReadsAndTheNextAskMakesAnother() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(1_500, in: dir.path)
        let directory = try LogDirectory(path: dir.path, openSegmentLimit: 4)
        let first = directory.segments[0]
        #expect(directory.segments[0] === first, "asked for again, the same object")
        for i in 1..<directory.segments.count { _ = try directory.segments[i].validEntryCount() }
        #expect(directory.segments.made.existing(0) == nil, "asked for least recently, it went")
        #expect(try first.record(slot: 0, maxValueBytes: 100)?.value == Array("record 0".utf8))
        let again = directory.segments[0]
        #expect(again !== first && again.files == first.files)
        #expect(try again.record(slot: 0, maxValueBytes: 100)?.value == Array("record 0".utf8))
    }

    @Test func aKeptObjectTakesTheNewStampsAndKeepsItsCaches() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(10, in: dir.path)
        let directory = try LogDirectory(path: dir.path)
        let segment = directory.segments[9]
        #expect(try segment.validEntryCount() == 1)
        SealedSegments.append([Array("record 10".utf8)], toSegment: 9, in: dir.path)
        let delta = try directory.refresh(DirectoryChanges(needsListing: true))
        #expect(delta.updated == [9] && delta.removed.isEmpty && delta.added.isEmpty)
        #expect(directory.segments[9] === segment, "the same object, its stamps updated")
        #expect(segment.files.store?.size == UInt64(Files.size(dir.child("9.store"))))
        #expect(try segment.validEntryCount() == 2)
        // A segment never read takes its stamps from the new listing when it is first read.
        SealedSegments.append([Array("record 4b".utf8)], toSegment: 3, in: dir.path)
        try directory.refresh()
        #expect(directory.segments.made.existing(3) == nil)
        #expect(try directory.segments[3].validEntryCount() == 2)
    }

    @Test func aStoreStreamKeepsItsOneSegment() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(1, in: dir.path)
        let stream = try LogDirectory(storeStream: dir.child("0.store"))
        let segment = stream.segments[0]
        #expect(segment.isStoreStream && stream.segments[0] === segment)
        #expect(try segment.validEntryCount() == 1)
    }
}
