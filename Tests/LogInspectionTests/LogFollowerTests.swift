import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The follow engine behind `tail` and the inspector's live refresh, on directories changed under it.
@Suite struct LogFollowerTests {
    func follower(copying fixture: String, in dir: TemporaryDirectory) throws -> (LogFollower, String) {
        let path = try dir.copy(TestPaths.golden + "/" + fixture)
        return (LogFollower(directory: try LogDirectory(path: path)), path)
    }

    @Test func theHeadFollowsAppendsAndARollIsANewSegment() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 200, durability: .flush))
        let follower = LogFollower(directory: try LogDirectory(path: dir.path))
        // A preallocated index's zeroed slot 0 is a valid entry (offset 0 at position 0): pending until
        // its frame comes, as for any reader of the format.
        #expect(try follower.headOffset() == 1)
        for i in 0..<3 { try log.append(Array("record \(i)".utf8)) }
        var change = try follower.refresh()
        #expect(try follower.headOffset() == 3)
        #expect(try follower.activeEnd() >= 2 * 8)
        let segments = log.segmentCount
        var appended: UInt64 = 3
        while log.segmentCount == segments {
            try log.append(Array("record \(appended)".utf8))
            appended += 1
        }
        change = try follower.refresh()
        #expect(change.added == [appended])
        #expect(change.removed.isEmpty && change.replaced.isEmpty && change.changedInPlace.isEmpty)
        #expect(try follower.headOffset() == appended + 1, "the new segment's zeroed slot 0")
        try log.append(Array("one more".utf8))
        try follower.refresh()
        #expect(try follower.headOffset() == appended + 1)
        try log.close()
    }

    /// A writer rolling small segments leaves no validation behind for each segment it sealed: the
    /// follower keeps those of the newest few (it kept one for every segment it ever saw newest).
    @Test func aRollingWriterLeavesNoValidationBehindForEachSegment() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 64, durability: .flush))
        let follower = LogFollower(directory: try LogDirectory(path: dir.path))
        for i in 0..<200 {
            try log.append(Array("record \(i)".utf8))
            try follower.refresh()
            #expect((try follower.headOffset() ?? 0) >= UInt64(i) + 1)
        }
        #expect(log.segmentCount > 40)
        #expect(follower.validatedSegments <= LogFollower.validatedKept)
        try log.close()
    }

    /// A writer's recovery cuts the index and grows it again with zeros, in place: the entries
    /// validated before are validated again, not trusted.
    @Test func anIndexCutAndRegrownInPlaceIsValidatedAgain() throws {
        let dir = TemporaryDirectory()
        let (follower, path) = try follower(copying: "small", in: dir)
        #expect(try follower.headOffset() == 50)
        let index = path + "/34.index"
        let inode = FileSystem.status(of: index).inode
        #expect(truncate(index, 10 * 12) == 0)
        #expect(truncate(index, 16 * 12) == 0)
        #expect(FileSystem.status(of: index).inode == inode)
        try follower.refresh()
        #expect(try follower.headOffset() == 44)
    }

    @Test func removedAndReplacedSegmentsAreReported() throws {
        let dir = TemporaryDirectory()
        let (follower, path) = try follower(copying: "small", in: dir)
        #expect(try follower.headOffset() == 50)
        for name in ["0.store", "0.index"] { try FileManager.default.removeItem(atPath: path + "/" + name) }
        // A new store under the newest segment's name: a reset to the same base, with one record.
        let store = try #require(FileManager.default.contents(atPath: path + "/34.store"))
        try store.prefix(30).write(to: URL(fileURLWithPath: path + "/34.store.new"))
        #expect(rename(path + "/34.store.new", path + "/34.store") == 0)
        let change = try follower.refresh()
        #expect(change.removed == [0])
        #expect(change.replaced == [34])
        #expect(change.added.isEmpty)
        #expect(change.listed)
    }

    /// Damage done in place keeps a file's size and inode; its modification time (or inotify's word)
    /// says a sealed segment must be walked again. The newest segment is followed, not re-walked.
    @Test func aSealedSegmentWrittenInPlaceIsChangedInPlace() throws {
        let dir = TemporaryDirectory()
        let (follower, path) = try follower(copying: "small", in: dir)
        #expect(try follower.refresh().changedInPlace.isEmpty)
        for name in ["0.store", "34.store"] {
            let handle = try #require(FileHandle(forWritingAtPath: path + "/" + name))
            try handle.seek(toOffset: 20)
            try handle.write(contentsOf: [0xFF])
            try handle.close()
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: path + "/" + name)
        }
        #expect(try follower.refresh(modified: ["11.index"]).changedInPlace == [0, 11])
        #expect(try follower.refresh().changedInPlace.isEmpty, "said once")
    }

    /// A sealed store that grew on the same file and an index trimmed to whole entries are a writer
    /// finishing the segment, not a change in place; a write inotify names after the look whose `stat`
    /// saw it is not a second change, but a write named when the stamps did not move is one.
    @Test func aSealedSegmentItsWriterFinishesIsFinishedNotChangedInPlace() throws {
        let dir = TemporaryDirectory()
        let (follower, path) = try follower(copying: "small", in: dir)
        let (store, index) = (Files.bytes(path + "/0.store"), Files.bytes(path + "/0.index"))
        #expect(truncate(path + "/0.store", 100) == 0)
        #expect(truncate(path + "/0.index", 1024) == 0)
        var change = try follower.refresh()
        #expect(change.truncated == [0] && change.finished.isEmpty)
        Files.append(Array(store[100...]), to: path + "/0.store")
        #expect(truncate(path + "/0.index", off_t(index.count)) == 0)
        change = try follower.refresh(modified: ["0.store", "0.index"])
        #expect(change.finished == [0])
        #expect(change.changedInPlace.isEmpty && change.truncated.isEmpty && change.replaced.isEmpty)
        #expect(try follower.refresh(modified: ["0.store"]).changedInPlace.isEmpty, "the event came after the stat that saw the write")
        #expect(try follower.refresh(modified: ["0.store"]).storesChangedInPlace == [0], "named with no stamp moving: damage need not move one")
        // An index whose modification time alone moved (a mapped index synced) is changed in place,
        // but no record's bytes are.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: path + "/0.index")
        change = try follower.refresh(modified: ["0.index"])
        #expect(change.changedInPlace == [0] && change.storesChangedInPlace.isEmpty)
        // Grown, but an index cut to a part of an entry is not what a writer leaves.
        #expect(truncate(path + "/0.index", off_t(index.count - 5)) == 0)
        change = try follower.refresh()
        #expect(change.finished.isEmpty && change.updated == [0])
    }

    /// The reference's crash left entries whose frames never come: past the timeout on the tailer's
    /// clock, with no writer left, the wait is abandoned (no sleeping through it).
    @Test func aPendingEntryIsAbandonedWhenTheClockPassesTheTimeout() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/crashed")
        let clock = TestClock()
        let tailer = LogTailer(path: path, pendingTimeout: 2, clock: clock.function)
        var records: [UInt64] = []
        for _ in 0..<3 {
            for case .records(let batch) in try tailer.poll() { records += batch.map(\.offset) }
        }
        #expect(records == Array(0...13))
        clock.advance(by: .milliseconds(1000))
        #expect(try tailer.poll().isEmpty, "pending, within the timeout")
        clock.advance(by: .milliseconds(1500))
        let events = try tailer.poll()
        #expect(events.contains { if case .pendingTooLong(14, let seconds) = $0 { seconds >= 2.5 } else { false } })
        #expect(
            events.contains(
                .pendingAbandoned(offset: 14, reason: "no writer holds the log any more and its frame is not in the store: it was lost when the writer stopped")
            ))
        clock.advance(by: .milliseconds(10000))
        #expect(try tailer.poll().isEmpty, "abandoned once")
    }
}
