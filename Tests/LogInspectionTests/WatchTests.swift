import Foundation
import Synchronization
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The tailer and the async watch against writers in this process (other-process runs are in
/// TailCommandTests).
@Suite struct WatchTests {
    /// Polls until `count` records arrived (or 10 s); returns all records and the other events.
    func drain(_ tailer: LogTailer, until count: Int, deadline: Double = 10) throws -> (records: [WatchedRecord], events: [WatchEvent]) {
        var records: [WatchedRecord] = []
        var events: [WatchEvent] = []
        let end = ContinuousClock.now + .seconds(deadline)
        while records.count < count && ContinuousClock.now < end {
            for event in try tailer.poll() {
                if case .records(let batch) = event { records += batch } else { events.append(event) }
            }
            usleep(1000)
        }
        return (records, events)
    }

    @Test func deliversEveryRecordOnceInOrderAcrossRolls() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 500, durability: .flush))
        let tailer = LogTailer(path: dir.path)
        for i in 0..<300 { try log.append(Array("r\(i)".utf8)) }
        let (records, events) = try drain(tailer, until: 300)
        #expect(records.map(\.offset) == Array(0..<300))
        #expect(records.map(\.value) == (0..<300).map { Array("r\($0)".utf8) })
        func rolls(_ events: [WatchEvent]) -> [UInt64] {
            events.compactMap {
                if case .segmentRolled(let base) = $0 { return base }
                return nil
            }
        }
        #expect(rolls(events).isEmpty, "segments that were there before the first poll were crossed, not rolled")
        let segments = log.segmentCount
        var appended = 300
        while log.segmentCount == segments {
            try log.append(Array("r\(appended)".utf8))
            appended += 1
        }
        let (more, later) = try drain(tailer, until: appended - 300)
        #expect(more.map(\.offset) == (300..<UInt64(appended)).map { $0 })
        #expect(rolls(later) == [UInt64(appended)], "the writer rolled while the tailer was caught up")
        try log.close()
    }

    /// Lent records are the records `poll()` returns, in the same order, and the other events are the
    /// same, without a `.records` event; the history check still sees the last lent record's bytes.
    @Test(arguments: ["crashed", "store-torn-tail", "segment-gap", "store-unindexed-frames", "healthy"])
    func lentRecordsAreTheRecordsPollReturns(fixture: String) throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/" + fixture)
        let (returned, returnedEvents) = try drain(LogTailer(path: path, pendingTimeout: 1000), until: .max, deadline: 0.05)
        let tailer = LogTailer(path: path, pendingTimeout: 1000)
        var lent: [WatchedRecord] = []
        var events: [WatchEvent] = []
        for _ in 0..<20 { events += try tailer.poll { lent.append(WatchedRecord($0)) } }
        #expect(!returned.isEmpty)
        #expect(lent == returned)
        #expect(events == returnedEvents)
        // The last lent record's bytes changed in place: the next poll says so.
        let last = try #require(lent.last)
        let store = "\(path)/\(last.segment).store"
        let handle = try #require(FileHandle(forUpdatingAtPath: store))
        try handle.seek(toOffset: last.position + last.frameSize - 1)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: last.position + last.frameSize - 1)
        try handle.write(contentsOf: [byte ^ 0xff])
        try handle.close()
        let after = try tailer.poll { _ in }
        #expect(after.contains { if case .historyChanged = $0 { true } else { false } }, "\(after)")
    }

    /// A sealed segment behind the reading position replaced by another file, written in place, or cut
    /// short is reported (it used to pass in silence), once a change.
    @Test func aSealedSegmentChangedBehindTheTailIsReported() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        let tailer = LogTailer(path: path)
        var delivered = 0
        for _ in 0..<5 { _ = try tailer.poll { _ in delivered += 1 } }
        #expect(delivered == 50)
        func details() throws -> [String] {
            try (tailer.poll { _ in } + tailer.poll { _ in }).compactMap {
                if case .historyChanged(_, _, let detail) = $0 { return detail }
                return nil
            }
        }
        // Replaced: a copy moved over it (a new inode under the same name).
        Files.write(Files.bytes(path + "/0.store"), to: path + "/0.store.new")
        #expect(rename(path + "/0.store.new", path + "/0.store") == 0)
        #expect(try details() == ["0.store was replaced by another file, behind the position the records are read from: the log's history changed"])
        // Cut short.
        #expect(truncate(path + "/11.store", 500) == 0)
        #expect(try details() == ["11.store was cut to 500 bytes, behind the position the records are read from: the log's history changed"])
        #expect(try details() == [], "reported once")
    }

    /// The Go reference writes each sealed segment's buffered frames, and trims its index, only when
    /// it closes the log: stores that grow on the same file behind the tail are records landing, not
    /// history changed (it said "written in place" once for every sealed segment at a writer's close).
    @Test func sealedSegmentsTheirWriterFinishesAreNotHistoryChanged() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        let (stores, indexes) = (["0", "11"].map { Files.bytes(path + "/\($0).store") }, ["0", "11"].map { Files.bytes(path + "/\($0).index") })
        // As the reference leaves them while it runs: sealed stores empty, indexes mapped at full size.
        for base in ["0", "11"] {
            #expect(truncate(path + "/\(base).store", 0) == 0)
            #expect(truncate(path + "/\(base).index", 1024) == 0)
        }
        let tailer = LogTailer(path: path, start: .end)
        #expect(try tailer.poll().isEmpty)
        // The close: the buffers land, the indexes are trimmed.
        for (i, base) in ["0", "11"].enumerated() {
            Files.append(stores[i], to: path + "/\(base).store")
            #expect(truncate(path + "/\(base).index", off_t(indexes[i].count)) == 0)
        }
        var events = try tailer.poll() + tailer.poll() + tailer.poll()
        // Its mapped index synced at close: the file is written (the same bytes), no record's byte moves.
        Files.overwrite(path + "/0.index", at: 0, with: Array(indexes[0].prefix(12)))
        events += try tailer.poll() + tailer.poll()
        #expect(!events.contains { if case .historyChanged = $0 { true } else { false } }, "\(events)")
    }

    /// Offsets no segment holds are reported once, as one range, and never delivered.
    @Test func skippedOffsetsAreReportedOnceAsARange() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/segment-gap")
        let tailer = LogTailer(path: path)
        let (records, events) = try drain(tailer, until: 27)
        #expect(records.map(\.offset) == Array(0...10) + Array(34...49))
        #expect(events == [.skipped(offsets: 11...33, reason: "no segment holds them (0.index ends before offset 34)")])
        for _ in 0..<3 { #expect(try tailer.poll().isEmpty) }
    }

    /// The reference's crash left entries whose frames will never come: with no writer left the wait
    /// is abandoned (said once); a writer's recovery then drops the entries, and the offsets it moves
    /// past are one skipped range.
    @Test func aPendingEntryWithNoWriterIsAbandonedAndDroppedOffsetsAreSkipped() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/crashed")
        let clock = TestClock()
        let tailer = LogTailer(path: path, pendingTimeout: 0.05, clock: clock.function)
        #expect(try drain(tailer, until: 14).records.map(\.offset) == Array(0...13))
        clock.advance(by: .milliseconds(80))
        let waited = try tailer.poll() + tailer.poll()
        #expect(waited.contains { if case .pendingTooLong(14, _) = $0 { return true } else { return false } })
        #expect(
            waited.contains(
                .pendingAbandoned(offset: 14, reason: "no writer holds the log any more and its frame is not in the store: it was lost when the writer stopped")
            ))
        clock.advance(by: .milliseconds(1100))
        #expect(try tailer.poll().isEmpty, "abandoned once")
        // What LogCore's recovery does to 11.index: the entries without frames are cut.
        #expect(truncate(path + "/11.index", 36) == 0)
        let skipped = try tailer.poll()
        #expect(skipped.count == 1)
        guard case .skipped(let offsets, let reason)? = skipped.first else {
            Issue.record("expected a skipped range, got \(skipped)")
            return
        }
        #expect(offsets == 14...33)
        #expect(reason.contains("a writer's recovery dropped them"))
    }

    @Test func aBufferedWritersEntriesWaitForTheirFrames() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20))
        let clock = TestClock()
        let tailer = LogTailer(path: dir.path, pendingTimeout: 0.05, clock: clock.function)
        for i in 0..<5 { try log.append(Array("buffered \(i)".utf8)) }
        var events = try tailer.poll()
        #expect(events.isEmpty, "the index shows entries whose frames are still in the writer's buffer")
        clock.advance(by: .milliseconds(40))
        #expect(try tailer.poll().isEmpty, "not pending for longer than the timeout yet")
        clock.advance(by: .milliseconds(40))
        events = try tailer.poll()
        #expect(events == [.pendingTooLong(offset: 0, seconds: 0.08)], "pending for as long as the clock moved on")
        try log.sync()
        #expect(try drain(tailer, until: 5).records.map(\.offset) == Array(0..<5))
        try log.close()
    }

    /// A listing that looks like a deletion in progress (the segments being read gone, older ones still
    /// there) is waited out for two seconds of the tailer's clock before it counts as a reset.
    @Test func aDeletionInProgressIsWaitedOutBeforeItIsAReset() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 60, durability: .flush))
        let clock = TestClock()
        let tailer = LogTailer(path: dir.path, clock: clock.function)
        for i in 0..<20 { try log.append(Array("value \(i)".utf8)) }
        #expect(try drain(tailer, until: 20).records.count == 20)
        try log.close()
        let newer = Files.names(dir.path).filter { name in name.split(separator: ".").first.flatMap { UInt64($0) }.map { $0 >= 10 } ?? false }
        for name in newer { #expect(unlink(dir.child(name)) == 0) }
        #expect(try tailer.poll().isEmpty, "the older segments may be on their way out too")
        clock.advance(by: .milliseconds(1900))
        #expect(try tailer.poll().isEmpty)
        clock.advance(by: .milliseconds(200))
        #expect(try tailer.poll().contains(.reset(reason: "the segments being read were removed", nextOffset: 0)))
    }

    @Test func startsAtTheEndOrTheLastN() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(durability: .flush))
        for i in 0..<20 { try log.append(Array("old \(i)".utf8)) }
        let fromEnd = LogTailer(path: dir.path, start: .end)
        let lastFive = LogTailer(path: dir.path, start: .last(5))
        #expect(try fromEnd.poll().isEmpty)
        #expect(try drain(lastFive, until: 5).records.map(\.offset) == Array(15..<20))
        try log.append(Array("new".utf8))
        #expect(try drain(fromEnd, until: 1).records.map(\.offset) == [20])
        try log.close()
    }

    @Test func truncateResetAndRecreationAreReported() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        let log = try Log(directory: path, config: Config(maxStoreBytes: 60, durability: .flush), createDirectory: true)
        let tailer = LogTailer(path: path)
        for i in 0..<20 { try log.append(Array("value \(i)".utf8)) }
        _ = try drain(tailer, until: 20)
        try log.truncate(lowest: 10)
        let truncated = try tailer.poll()
        #expect(
            truncated.contains {
                if case .segmentsRemoved(_, let lowest) = $0 { return lowest! > 0 }
                return false
            })
        try log.reset()
        for i in 0..<3 { try log.append(Array("after reset \(i)".utf8)) }
        let (records, events) = try drain(tailer, until: 3)
        #expect(
            events.contains {
                if case .reset = $0 { return true }
                return false
            })
        #expect(records.map(\.value) == (0..<3).map { Array("after reset \($0)".utf8) })
        try log.remove()
        #expect(
            try tailer.poll().contains {
                if case .waitingForDirectory = $0 { return true }
                return false
            })
        let again = try Log(directory: path, config: Config(durability: .flush), createDirectory: true)
        try again.append(Array("reborn".utf8))
        let (reborn, _) = try drain(tailer, until: 1)
        #expect(reborn.map(\.value) == [Array("reborn".utf8)])
        try again.close()
    }

    @Test func changedHistoryIsReportedAndIntactHistoryIsNot() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, durability: .flush))
        let tailer = LogTailer(path: dir.path)
        for i in 0..<3 { try log.append(Array("kept \(i)".utf8)) }
        _ = try drain(tailer, until: 3)
        for _ in 0..<5 { #expect(try tailer.poll().isEmpty) }
        try log.close()
        // Change one byte in place (same file, same inode), as a buggy writer or a disk would.
        let handle = try #require(FileHandle(forUpdatingAtPath: dir.child("0.store")))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size - 3)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: size - 3)
        try handle.write(contentsOf: Data([byte[0] ^ 0xff]))
        try handle.close()
        let events = try tailer.poll()
        #expect(
            events.contains {
                if case .historyChanged(0, 2, _) = $0 { return true }
                return false
            })
    }

    @Test func aStoreCutShortBehindTheTailerIsReported() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, durability: .flush))
        let tailer = LogTailer(path: dir.path)
        for i in 0..<6 { try log.append(Array("record \(i)".utf8)) }
        _ = try drain(tailer, until: 6)
        try log.close()
        // Another process cuts the store in the middle of delivered frames.
        #expect(truncate(dir.child("0.store"), 40) == 0)
        let events = try tailer.poll() + tailer.poll()
        #expect(
            events.contains {
                if case .historyChanged = $0 { return true }
                return false
            }, "\(events)")
        #expect(
            !events.contains {
                if case .records = $0 { return true }
                return false
            }, "\(events)")
    }

    @Test func aConsumerTooFarBehindSkipsAhead() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(durability: .flush))
        for i in 0..<1000 { try log.append(Array("\(i)".utf8)) }
        let tailer = LogTailer(path: dir.path, maxLag: 100)
        let events = try tailer.poll()
        #expect(events.first == .dropped(count: 950, resumeAt: 950))
        guard case .records(let records)? = events.dropFirst().first else {
            Issue.record("no records after the dropped event")
            return
        }
        #expect(records.first?.offset == 950)
        try log.close()
    }

    @Test func theAsyncWatchDeliversWhatAnotherThreadAppends() async throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 400, durability: .flush))
        let writer = Thread {
            for i in 0..<500 {
                _ = try? log.append(Array("async \(i)".utf8))
                if i % 50 == 0 { usleep(2000) }
            }
        }
        writer.start()
        var offsets: [UInt64] = []
        for try await event in LogWatch(path: dir.path) {
            if case .records(let records) = event { offsets += records.map(\.offset) }
            if offsets.count >= 500 { break }
        }
        #expect(offsets == Array(0..<500))
        try log.close()
    }

    @Test func aSlowAsyncConsumerGetsADroppedEvent() async throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, durability: .flush))
        let writer = Thread {
            for round in 0..<20 {
                for i in 0..<100 { _ = try? log.append(Array("\(round * 100 + i)".utf8)) }
                usleep(20_000)
            }
        }
        writer.start()
        let path = dir.path
        let result = try await withThrowingTaskGroup(of: (WatchEvent?, [UInt64]).self) { group in
            group.addTask {
                var dropped: WatchEvent?
                var offsets: [UInt64] = []
                var iterator = LogWatch(path: path, bufferLimit: 10, maxBatch: 100).makeAsyncIterator()
                try await Task.sleep(for: .milliseconds(1500))  // the writer is done; the watch kept one batch
                while let event = try await iterator.next() {
                    var reached: UInt64 = 0
                    if case .dropped(_, let resume) = event {
                        dropped = event
                        reached = resume
                    }
                    if case .records(let records) = event {
                        offsets += records.map(\.offset)
                        reached = (records.last?.offset ?? 0) + 1
                    }
                    if reached >= 2000 { break }
                }
                return (dropped, offsets)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(15))
                return (nil, [])
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        let (dropped, offsets) = result
        guard case .dropped(let count, let resume)? = dropped else {
            Issue.record("no dropped event (offsets: \(offsets.count))")
            return
        }
        #expect(count > 0)
        #expect(offsets == offsets.sorted())
        #expect(Set(offsets).count == offsets.count)
        #expect(resume == 2000 || offsets.contains(resume))
        #expect(UInt64(offsets.count) + count == 2000)
        try log.close()
    }

    @Test func aResetToTheSameBaseIsAResetNotChangedHistory() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.child("log"), config: Config(maxStoreBytes: 1 << 20, durability: .flush), createDirectory: true)
        let tailer = LogTailer(path: dir.child("log"))
        for i in 0..<10 { try log.append(Array("before \(i)".utf8)) }
        _ = try drain(tailer, until: 10)
        try log.reset()
        for i in 0..<3 { try log.append(Array("after \(i)".utf8)) }
        let (records, events) = try drain(tailer, until: 3)
        #expect(
            !events.contains {
                if case .historyChanged = $0 { return true }
                return false
            })
        #expect(
            events.contains {
                if case .reset = $0 { return true }
                return false
            })
        #expect(records.map(\.value) == (0..<3).map { Array("after \($0)".utf8) })
        try log.close()
    }
}
