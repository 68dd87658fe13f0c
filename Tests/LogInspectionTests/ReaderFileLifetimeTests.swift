import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The read-only reader owns its files' lifetime: a directory's budget of open segments bounds the
/// descriptors any pass holds, closing the least recently used segment's files (pinned ones stay
/// open), and ``RecordCursor`` reads a directory's records in offset order with no release of its own.
@Suite struct ReaderFileLifetimeTests {
    static let damaged = TestPaths.packageRoot + "/Fixtures/damaged/"

    /// The names of this process's open files below `directory` (other tests run in parallel).
    static func openFiles(under directory: String) -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd),
                target.hasPrefix(directory + "/")
            else { return nil }
            return String(target.dropFirst(directory.count + 1))
        }.sorted()
    }

    /// A log of `count` segments of one record each.
    static func manySegments(_ count: Int, in dir: TemporaryDirectory) throws -> String {
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1))
        for i in 0..<count { try log.append(Array("value \(i)".utf8)) }
        try log.close()
        return dir.path
    }

    /// Everything the cursor yields from `from` through `through`.
    static func walk(_ directory: LogDirectory, from: UInt64 = 0, through: UInt64 = .max) throws -> [RecordCursor.Item] {
        var cursor = directory.records(from: from, through: through)
        var items: [RecordCursor.Item] = []
        while let item = try cursor.next() { items.append(item) }
        return items
    }

    static func offsets(_ items: [RecordCursor.Item]) -> [UInt64] {
        items.compactMap { if case .record(let record) = $0 { record.offset } else { nil } }
    }

    /// The budget weighs open segments by their read-ahead windows too: reading records across 40
    /// segments of 64 KiB stores keeps at most the byte limit in windows (and one segment's more: the
    /// one being read), closing the least recently used segments past it, however many the count
    /// limit allows.
    @Test func openSegmentsHoldNoMoreWindowBytesThanTheLimit() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 64 * 1024))
        let value = [UInt8](repeating: 7, count: 2000)
        while log.segmentCount < 41 { try log.append(value) }
        try log.close()
        let limit = 300 * 1024
        let directory = try LogDirectory(path: dir.path, openSegmentLimit: 256, windowByteLimit: limit, access: LocalFileAccess())
        var most = 0
        for segment in directory.segments.dropLast() {
            // The first record of each segment: its store window takes in the whole store.
            #expect(try directory.record(at: segment.baseOffset)?.value == value)
            most = max(most, directory.windowBytes)
        }
        let oneSegment = 64 * 1024 + 4096
        #expect(most > limit / 2, "the windows were used: \(most)")
        #expect(most <= limit + oneSegment, "\(most) bytes in windows")
        #expect(directory.openSegmentCount < 10, "closed for their bytes, not their count: \(directory.openSegmentCount)")
    }

    @Test func aWalkOverAThousandSegmentsHoldsNoMoreThanTheBudgetsFilesOpen() throws {
        let dir = TemporaryDirectory()
        let path = try Self.manySegments(1000, in: dir)
        let directory = try LogDirectory(path: path, openSegmentLimit: 8)
        #expect(directory.segments.count >= 1000)
        var cursor = directory.records()
        var most = 0
        var count: UInt64 = 0
        while let item = try cursor.next() {
            guard case .record(let record) = item else {
                Issue.record("unexpected \(item)")
                break
            }
            #expect(record.offset == count && record.value == Array("value \(count)".utf8))
            count += 1
            if count % 25 == 0 { most = max(most, Self.openFiles(under: path).count) }
            #expect(directory.openSegmentCount <= 8)
        }
        #expect(count == 1000)
        #expect(most > 0 && most <= 16, "at most 8 segments of 2 files each were open: \(most)")

        // The integrity check's two workers keep within it too (both pin a segment at a time).
        let report = try IntegrityChecker(directory: directory, live: false, threads: 2).run()
        #expect(report.findings.filter { $0.severity != .info }.isEmpty, "\(report.findings.map(\.id))")
        #expect(Self.openFiles(under: path).count <= 16)
    }

    @Test func theLeastRecentlyUsedSegmentIsClosedAndReopensOnItsNextRead() throws {
        // A copy of its own: tests running meanwhile open the shared fixture's files too.
        let scratch = TemporaryDirectory()
        let path = try scratch.copy(TestPaths.golden + "/small")  // segments 0, 11 and 34
        let directory = try LogDirectory(path: path, openSegmentLimit: 2)
        let segments = directory.segments
        _ = try directory.record(at: 0)
        _ = try directory.record(at: 11)
        _ = try directory.record(at: 1)  // segment 0 is now the most recently used
        _ = try directory.record(at: 34)
        #expect(Self.openFiles(under: path) == ["0.index", "0.store", "34.index", "34.store"])
        #expect(try directory.record(at: 12)?.value == segments[1].withValue(at: try segments[1].rawEntry(at: 1)!.position) { Array($0) })
        #expect(Self.openFiles(under: path) == ["11.index", "11.store", "34.index", "34.store"])
    }

    @Test func aPinnedSegmentStaysOpenWhileOthersComeAndGo() throws {
        let scratch = TemporaryDirectory()
        let path = try scratch.copy(TestPaths.golden + "/small")
        let directory = try LogDirectory(path: path, openSegmentLimit: 1)
        let segments = directory.segments
        try segments[0].pinned { () throws(LogError) in
            _ = try directory.record(at: 0)
            _ = try directory.record(at: 11)
            _ = try directory.record(at: 34)
            #expect(Self.openFiles(under: path) == ["0.index", "0.store", "34.index", "34.store"])
        }
        _ = try directory.record(at: 11)
        #expect(Self.openFiles(under: path) == ["11.index", "11.store"], "unpinned, segment 0 was the least recently used")
    }

    @Test func theTwoThreadCheckerFindsTheSameWithABudgetOfOneSegment() throws {
        // Large segments: each worker is still walking one when the other opens the next.
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 256 * 1024))
        for i in 0..<40_000 { try log.append(Array("a value of some length, number \(i)".utf8)) }
        try log.close()
        let paths = [dir.path] + ["healthy", "segment-gap", "store-zero-run", "store-torn-tail", "segment-overlap"].map { Self.damaged + $0 }
        for path in paths {
            let unbounded = try IntegrityChecker(directory: try LogDirectory(path: path), live: false, threads: 2).run()
            for _ in 0..<3 {
                let tight = try IntegrityChecker(directory: try LogDirectory(path: path, openSegmentLimit: 1), live: false, threads: 2).run()
                #expect(tight.findings == unbounded.findings, "\(path)")
                #expect(tight.segments.map(\.intactOffsets) == unbounded.segments.map(\.intactOffsets), "\(path)")
            }
        }
    }

    @Test func theCursorCrossesSegmentBoundariesFromAndThroughAnyOffset() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/small", openSegmentLimit: 1)
        #expect(Self.offsets(try Self.walk(directory)) == Array(0...49))
        #expect(Self.offsets(try Self.walk(directory, from: 9, through: 12)) == [9, 10, 11, 12])
        #expect(Self.offsets(try Self.walk(directory, from: 33, through: 34)) == [33, 34])
        #expect(Self.offsets(try Self.walk(directory, from: 49)) == [49])
        #expect(Self.offsets(try Self.walk(directory, from: 50)) == [])
        #expect(Self.offsets(try Self.walk(directory, from: 12, through: 11)) == [])
    }

    @Test func theCursorYieldsWhatALookupByOffsetReadsIncludingDamagedFrames() throws {
        for fixture in ["segment-gap", "store-zero-run", "store-torn-tail", "store-undecodable", "store-offset-mismatch", "crashed", "segment-overlap"] {
            let directory = try LogDirectory(path: Self.damaged + fixture)
            let items = try Self.walk(directory)
            var lookedUp: [RecordCursor.Item] = []
            var offset = try directory.firstIndexedOffset(atOrAfter: 0)
            while let at = offset {
                if let record = try directory.record(at: at) { lookedUp.append(.record(record)) }
                offset = at == .max ? nil : try directory.firstIndexedOffset(atOrAfter: at + 1)
            }
            #expect(items == lookedUp, "\(fixture)")
        }
        let gap = Self.offsets(try Self.walk(try LogDirectory(path: Self.damaged + "segment-gap")))
        #expect(gap.first == 0 && gap.contains(34) && !gap.contains(20), "\(gap)")
        let torn = try Self.walk(try LogDirectory(path: Self.damaged + "crashed"))
        let unreadable = torn.filter { if case .record(let record) = $0 { record.value == nil } else { false } }
        #expect(!unreadable.isEmpty, "entries past the store end come with their problem")
    }

    @Test func aWalkWhoseSegmentTheBudgetClosedReopensItAndGoesOn() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/small", openSegmentLimit: 1)
        var walk = PayloadWalk(directory: directory, from: 5)
        var offsets: [UInt64] = []
        while try walk.advance(), let offset = walk.offset {
            #expect(walk.fields?.offset == offset, "\(offset)")
            offsets.append(offset)
            _ = try directory.record(at: 40)  // another segment: the walk's one is closed meanwhile
        }
        #expect(offsets == Array(5...49))
    }

    @Test func anEmptyDirectoryYieldsNothing() throws {
        let dir = TemporaryDirectory()
        #expect(try Self.walk(try LogDirectory(path: dir.path)).isEmpty)
    }

    @Test(.enabled(if: UnopenableFile.isAvailable, "no write-only sysfs file to stand for an unreadable one"))
    func anUnreadableIndexIsOneUnlistedSegmentAndAnUnreadableStoreComesAsErrors() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        for file in ["11.index", "34.store"] {
            try FileManager.default.removeItem(atPath: path + "/" + file)
            try FileManager.default.createSymbolicLink(atPath: path + "/" + file, withDestinationPath: UnopenableFile.path)
        }
        var cursor = try LogDirectory(path: path).records(from: 5)
        var items: [RecordCursor.Item] = []
        while let item = try cursor.next() { items.append(item) }
        #expect(Self.offsets(items) == Array(5...10) + Array(34...49))
        guard case .unlistedSegment(let base, let from, let failure) = items[6] else {
            Issue.record("expected segment 11 unlisted, got \(items[6])")
            return
        }
        #expect(base == 11 && from == 11 && failure.name == "11.index")
        let store = items.compactMap { if case .record(let record) = $0, record.segmentBase == 34 { record } else { nil } }
        #expect(store.allSatisfy { $0.value == nil && $0.problem?.description.hasPrefix("34.store cannot be read") == true })
        #expect(store.allSatisfy { if case .storeUnreadable(let file) = $0.problem { file.name == "34.store" } else { false } })
        #expect(cursor.unreadableFiles.map(\.name) == ["11.index", "34.store"])
    }
}
