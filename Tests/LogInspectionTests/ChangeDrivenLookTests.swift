import Foundation
import Glibc
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// What a look at a followed directory costs, counted through the file-system seam: it follows what
/// changed, not the directory's size.
@Suite struct ChangeDrivenLookTests {
    /// A look at an unchanged directory lists nothing, `stat`s nothing and reads one file: the newest
    /// index, which writers change through a mapping (no inotify event). The first look needs no
    /// listing beyond the one that opened the directory.
    @Test(arguments: [1, 10_000]) func aLookAtAnUnchangedDirectoryReadsOnlyTheNewestIndex(segments: Int) throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(segments, in: dir.path)
        let access = CountingFileAccess()
        let follower = try LogFollower(path: dir.path, access: access)
        #expect(access.counts.listings == 1)
        #expect(access.counts.statCount == 2 * segments + 1, "one stat per file, and the directory's")
        #expect(try follower.headOffset() == UInt64(segments))
        access.reset()
        for _ in 0..<5 {
            let change = try follower.refresh()
            #expect(!change.listed && change.updated.isEmpty)
            #expect(try follower.headOffset() == UInt64(segments))
        }
        let counts = access.counts
        #expect(counts.listings == 0)
        #expect(counts.statCount == 0, "\(counts.stats)")
        #expect(counts.filesRead.isSubset(of: ["\(segments - 1).index"]), "\(counts.reads)")
        #expect(counts.opens.keys.allSatisfy { $0 == "\(segments - 1).index" }, "\(counts.opens)")
    }

    /// A tailer caught up with an unchanged directory of 10,000 segments: each poll costs a `stat`
    /// of the directory (was it replaced?) and a read of the newest index, nothing per segment.
    @Test func aCaughtUpTailerPollsWithoutListing() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(10_000, in: dir.path)
        let access = CountingFileAccess()
        let tailer = LogTailer(path: dir.path, start: .end)
        tailer.access = access
        #expect(try tailer.poll().isEmpty)
        access.reset()
        for _ in 0..<5 { #expect(try tailer.poll().isEmpty) }
        let counts = access.counts
        #expect(counts.listings == 0)
        #expect(counts.stats.keys.allSatisfy { $0 == dir.path.split(separator: "/").last.map(String.init) }, "\(counts.stats)")
        #expect(counts.filesRead.isSubset(of: ["9999.index"]), "\(counts.reads)")
    }

    /// A sealed segment written in place is looked at alone: its two files are `stat`ed again (inotify
    /// named one), it is reported changed in place, and no other segment is touched.
    @Test func aSealedSegmentWrittenInPlaceIsLookedAtAlone() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(2_000, in: dir.path)
        let access = CountingFileAccess()
        let follower = try LogFollower(path: dir.path, access: access)
        try #require(follower.usesInotify)
        access.reset()
        Files.overwrite(dir.child("700.store"), at: 9, with: [0])
        #expect(follower.wait(milliseconds: 1000))
        let change = try follower.refresh()
        #expect(change.changedInPlace == [700])
        #expect(change.added.isEmpty && change.removed.isEmpty && change.replaced.isEmpty)
        let counts = access.counts
        #expect(counts.listings == 0)
        #expect(Set(counts.stats.keys) == ["700.store", "700.index"], "\(counts.stats)")
    }

    /// New, removed and replaced segments are seen from inotify's names alone, in order.
    @Test func segmentsAddedRemovedAndReplacedAreSeenWithoutAListing() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(50, in: dir.path)
        let access = CountingFileAccess()
        let follower = try LogFollower(path: dir.path, access: access)
        try #require(follower.usesInotify)
        let newer = TemporaryDirectory()
        SealedSegments.write(52, in: newer.path)
        for name in ["50.store", "50.index", "51.store", "51.index"] {
            try FileManager.default.copyItem(atPath: newer.child(name), toPath: dir.child(name))
        }
        for name in ["0.store", "0.index", "1.store", "1.index"] { try FileManager.default.removeItem(atPath: dir.child(name)) }
        Files.write(Array(try #require(FileManager.default.contents(atPath: dir.child("20.store")))), to: dir.child("20.new"))
        #expect(rename(dir.child("20.new"), dir.child("20.store")) == 0)
        access.reset()
        follower.wait(milliseconds: 100)
        let change = try follower.refresh()
        #expect(change.added == [50, 51])
        #expect(change.removed == [0, 1])
        #expect(change.replaced == [20])
        #expect(access.counts.listings == 0)
        #expect(follower.directory.segments.map(\.baseOffset) == Array(2...51).map(UInt64.init))
        #expect(follower.directory.strays.isEmpty, "20.new came and went")
    }

    /// Thousands of files changed at once (a restore, a deletion): past ``DirectoryChanges/nameLimit``
    /// names the next look lists the directory once instead of `stat`ing each name.
    @Test func thousandsOfChangesAtOnceAreOneListing() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(10, in: dir.path)
        let access = CountingFileAccess()
        let follower = try LogFollower(path: dir.path, access: access)
        try #require(follower.usesInotify)
        let more = TemporaryDirectory()
        SealedSegments.write(2_600, in: more.path)
        for base in 10..<2_600 {
            for kind in ["store", "index"] { _ = rename(more.child("\(base).\(kind)"), dir.child("\(base).\(kind)")) }
        }
        access.reset()
        follower.wait(milliseconds: 100)
        let change = try follower.refresh()
        #expect(access.counts.listings == 1)
        #expect(change.added.count == 2_590 && change.added.first == 10 && change.added.last == 2_599)
        #expect(follower.directory.segments.count == 2_600)
    }

    /// Where inotify cannot tell (its queue overflowed, or it is missing), one listing does.
    @Test func aLookThatNeedsAListingListsOnce() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(10, in: dir.path)
        let access = CountingFileAccess()
        let directory = try LogDirectory(path: dir.path, access: access)
        Files.write([1], to: dir.child("notes.txt"))
        try FileManager.default.removeItem(atPath: dir.child("9.index"))
        access.reset()
        let delta = try directory.refresh(DirectoryChanges(needsListing: true))
        #expect(access.counts.listings == 1)
        #expect(delta.straysChanged && delta.updated == [9])
        #expect(directory.strays.map(\.name) == ["notes.txt"])
    }
}

/// Where inotify is missing: the newest segment's files are looked at on each look, the directory is
/// listed once a second.
@Suite struct NoInotifyLookTests {
    @Test func withoutInotifyALookStatsTheNewestSegmentAndListsOnceASecond() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(2_000, in: dir.path)
        let access = CountingFileAccess()
        let follower = LogFollower(withoutInotify: try LogDirectory(path: dir.path, access: access))
        #expect(!follower.usesInotify)
        try follower.refresh()  // the first look lists: nothing is known of what came before
        access.reset()
        SealedSegments.append([Array("more".utf8)], toSegment: 1_999, in: dir.path)
        SealedSegments.write(base: 2_001, values: [Array("a new segment".utf8)], in: dir.path)
        let change = try follower.refresh()
        #expect(change.updated == [1_999], "the newest segment grew; the new one waits for the next listing")
        #expect(try follower.headOffset() == 2_001)
        #expect(access.counts.listings == 0)
        #expect(Set(access.counts.stats.keys) == ["1999.store", "1999.index"])
        usleep(1_100_000)
        #expect(try follower.refresh().added == [2_001])
        #expect(access.counts.listings == 1)
    }
}
