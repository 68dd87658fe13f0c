import Foundation
import TestSupport
import Testing

@testable import LogInspection

/// One definition of what a segment holds: readable records, index entries, unindexed frames and
/// pending entries, the same for `check`, `stat` and its histogram.
@Suite struct SegmentCountsTests {
    let damaged = TestPaths.packageRoot + "/Fixtures/damaged"

    func counts(_ fixture: String, quick: Bool = false, live: Bool = false) throws -> [SegmentCounts] {
        let directory = try LogDirectory(path: damaged + "/" + fixture)
        return try IntegrityChecker(directory: directory, live: live, quick: quick).run().segments.map {
            SegmentCounts(
                indexEntries: $0.counts.indexEntries, records: $0.counts.records, unindexedFrames: $0.counts.unindexedFrames,
                pendingEntries: $0.counts.pendingEntries)
        }
    }

    @Test func recordsAreEntriesWhoseFrameIsThereAndRight() throws {
        // 34.index cut to 13 entries: the 3 frames after them are unindexed, not records.
        #expect(try counts("store-unindexed-frames")[2] == SegmentCounts(indexEntries: 13, records: 13, unindexedFrames: 3))
        // The last frame of 34.store cut: its entry waits for (or lost) its frame.
        #expect(try counts("store-torn-tail")[2] == SegmentCounts(indexEntries: 16, records: 15, pendingEntries: 1))
        // The reference's crash: 11.index holds 23 entries, 11.store the frames of 3.
        #expect(
            try counts("crashed") == [
                SegmentCounts(indexEntries: 11, records: 11), SegmentCounts(indexEntries: 23, records: 3, pendingEntries: 20),
                SegmentCounts(indexEntries: 3, records: 0, pendingEntries: 3),
            ])
        // A zeroed frame: its entry is neither a record nor pending.
        let zeroed = try counts("store-zero-run")[1]
        #expect(zeroed == SegmentCounts(indexEntries: 23, records: 22))
        #expect(zeroed.damagedEntries == 1)
        #expect(try counts("healthy", quick: true) == counts("healthy"))
    }

    @Test func statsHistogramCountsExactlyTheReadableRecords() throws {
        for fixture in try FileManager.default.contentsOfDirectory(atPath: damaged).sorted() {
            let directory = try LogDirectory(path: damaged + "/" + fixture)
            for quick in [true, false] {
                let report = try IntegrityChecker(directory: directory, quick: quick).run()
                let stats = try LogStatistics(directory: directory, report: report)
                #expect(stats.records == UInt64(report.totals.records), "\(fixture)")
                #expect(stats.histogram.reduce(0) { $0 + $1.count } == stats.records, "\(fixture), quick: \(quick)")
            }
        }
    }

    @Test func statAndCheckPrintTheSameCounts() throws {
        let stat = try Logscope.run(["stat", damaged + "/store-unindexed-frames"])
        #expect(stat.stdout.contains("3 segments, 47 records (offsets 0...49), 3 unindexed frames;"), "\(stat.stdout)")
        #expect(stat.stdout.contains("frame sizes of the 47 readable records"))
        #expect(stat.stdout.contains("34       34...49       13       13          3     0"), "\(stat.stdout)")
        let check = try Logscope.run(["check", damaged + "/store-unindexed-frames"])
        #expect(check.stdout.contains("0 errors, 1 warning: 3 segments, 47 records, 3 unindexed frames,"), "\(check.stdout)")
        let json = try Logscope.run(["stat", "--json", damaged + "/crashed"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 14)
        #expect(object["pending_entries"] as? Int == 23)
    }

    /// `check --live`: the newest segment's torn last frame is a frame being written, as its pending
    /// entries are.
    @Test func aLiveLogsTornLastFrameIsInfo() throws {
        let directory = try LogDirectory(path: damaged + "/store-torn-tail")
        let live = try IntegrityChecker(directory: directory, live: true).run()
        let torn = try #require(live.findings.first { $0.id == .storeTornTail })
        #expect(torn.severity == .info)
        #expect(live.isClean)
        #expect(live.segments[2].regions.last?.kind == .pending)
        let closed = try IntegrityChecker(directory: directory, live: false).run()
        #expect(closed.findings.first { $0.id == .storeTornTail }?.severity == .error)
        let result = try Logscope.run(["check", "--live", damaged + "/store-torn-tail"])
        #expect(result.status == 0, "\(result.stdout)")
        // A flush that ended inside a length prefix leaves its high bytes, zeros: a torn frame, not a zero run.
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        Files.write(Files.bytes(path + "/34.store") + [0, 0, 0], to: path + "/34.store")
        let partial = try IntegrityChecker(directory: try LogDirectory(path: path), live: true).run()
        #expect(partial.findings.map(\.id) == [.storeTornTail], "\(partial.findings.map(\.line))")
        #expect(partial.isClean)
    }

    /// Every segment the Go reference holds may end in entries it has not flushed: while it holds them
    /// they are pending and their offsets no gap; once it is gone (crashed), the same files are lost
    /// records, even though they did not change (and still no gap: the lost entries name them).
    @Test func segmentsAWriterHoldsEndInPendingEntriesUntilItIsGone() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/crashed")
        let held = try IntegrityChecker(directory: directory, liveSegments: [0, 11, 34]).run()
        #expect(held.isClean, "\(held.findings.map(\.line))")
        #expect(!held.findings.contains { $0.id == .segmentGap })
        #expect(held.totals.pendingEntries == 23)
        let gone = try IntegrityChecker(directory: directory, liveSegments: [], quick: true, reusing: held).run()
        #expect(gone.findings.contains { $0.id == .indexPastStoreEnd && $0.file == "11.index" }, "\(gone.findings.map(\.line))")
        // Their offsets are named once, by the entries past the store's end, not again as a gap.
        #expect(!gone.findings.contains { $0.id == .segmentGap }, "\(gone.findings.map(\.line))")
    }

    /// Damage done in place to a sealed segment changes neither its size nor its name: its
    /// modification time says it changed, and the next (quick) check walks it in full.
    @Test func aSealedSegmentRewrittenInPlaceIsCheckedAgain() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        let directory = try LogDirectory(path: path)
        let before = try IntegrityChecker(directory: directory, quick: true).run()
        #expect(before.isClean)
        usleep(20_000)  // past the file system's timestamp granularity
        Files.overwrite(path + "/11.store", at: 300, with: [UInt8](repeating: 0, count: 500))
        try directory.refresh()
        let after = try IntegrityChecker(directory: directory, quick: true, reusing: before).run()
        #expect(after.findings.contains { $0.file == "11.store" && $0.severity == .error }, "\(after.findings.map(\.line))")
        #expect(after.segments[1].walked)
    }

    /// When the modification time says nothing (restored, or within its granularity), an inotify event
    /// naming the file (``IntegrityChecker/changed``) does.
    @Test func aSegmentNamedChangedIsWalkedEvenWithItsOldStamp() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        let directory = try LogDirectory(path: path)
        let before = try IntegrityChecker(directory: directory, quick: true).run()
        var info = stat()
        stat(path + "/11.store", &info)
        Files.overwrite(path + "/11.store", at: 300, with: [UInt8](repeating: 0, count: 500))
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, path + "/11.store", &times, 0)
        try directory.refresh()
        let reused = try IntegrityChecker(directory: directory, quick: true, reusing: before).run()
        #expect(reused.isClean, "same size, inode and modification time: the earlier result stands")
        let rechecked = try IntegrityChecker(directory: directory, quick: true, reusing: before, changed: [11]).run()
        #expect(rechecked.findings.contains { $0.id == .storeZeroRun && $0.file == "11.store" }, "\(rechecked.findings.map(\.line))")
    }

    @Test func theWaiterNamesTheFilesWrittenTo() throws {
        let dir = TemporaryDirectory()
        Files.write([1, 2, 3], to: dir.child("0.store"))
        let waiter = DirectoryWaiter(path: dir.path)
        try #require(waiter.usesInotify)
        _ = waiter.takeChanges()  // a new watch: only a listing tells what came before
        Files.overwrite(dir.child("0.store"), at: 1, with: [9])
        #expect(waiter.wait(milliseconds: 1000))
        let changes = waiter.takeChanges()
        #expect(changes.written == ["0.store"] && changes.names == ["0.store"] && !changes.needsListing)
        #expect(waiter.takeChanges().isEmpty)
    }

    /// A writer that takes no lock (the Go reference) still maps its indexes, shared and writable.
    @Test func aProcessMappingTheNewestIndexHoldsTheDirectory() throws {
        let dir = TemporaryDirectory()
        Files.write([UInt8](repeating: 0, count: 4096), to: dir.child("0.index"))
        Files.write([], to: dir.child("0.store"))
        let directory = try LogDirectory(path: dir.path)
        #expect(!directory.isHeldByWriter)
        // The mapping alone, as the reference's: the descriptor is closed once it is mapped.
        let fd = open(dir.child("0.index"), O_RDWR)
        let mapping = try #require(mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0))
        close(fd)
        #expect(directory.isHeldByWriter)
        #expect(directory.segmentsHeldByWriter == [0])
        munmap(mapping, 4096)
        #expect(!directory.isHeldByWriter)
    }
}
