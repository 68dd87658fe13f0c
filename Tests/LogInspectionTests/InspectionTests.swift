import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The read-only inspection API: listing, random access, refresh, and the reference replay.
@Suite struct InspectionTests {
    @Test func listingReadsNoRecordAndSortsSegmentsNumerically() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/large")
        #expect(directory.segments.map(\.baseOffset) == [0, 9281, 18542, 27741, 36940, 46139, 55338, 64537, 73736, 82935, 92134])
        #expect(directory.segments[1].storeSize == 1_048_651)
        #expect(directory.segments[1].indexSlots == 9261)
        #expect(directory.strays.isEmpty)
    }

    @Test func recordsAreReadThroughTheIndexInO1() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/large")
        let record = try #require(try directory.record(at: 50_000))
        #expect(record.segmentBase == 46139)
        #expect(record.slot == 50_000 - 46139)
        #expect(record.value == GoldenManifest.largeValue(50_000))
        #expect(record.problem == nil)
        #expect(try directory.record(at: 100_000) == nil)
        #expect(try directory.firstIndexedOffset(atOrAfter: 99_999) == 99_999)
        #expect(try directory.firstIndexedOffset(atOrAfter: 100_000) == nil)
        let cut = try #require(try directory.record(at: 7, maxValueBytes: 10))
        #expect(cut.value?.count == 10)
        #expect(cut.valueLength == 100)
    }

    /// A quick check trusts cleanly closed segments and walks the others; the inspector's first screen
    /// counts as a full check only when every segment was walked.
    @Test func aQuickCheckSaysWhichSegmentsItWalked() throws {
        let healthy = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        #expect(try IntegrityChecker(directory: healthy, live: false, quick: true).run().segments.map(\.walked) == [false, false, false])
        #expect(try IntegrityChecker(directory: healthy, live: false).run().segments.map(\.walked) == [true, true, true])
        // Frame 5 of 11.store zeroed: the last entry and frame still prove a clean close.
        let middle = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/store-zero-run")
        #expect(try IntegrityChecker(directory: middle, live: false, quick: true).run().segments.map(\.walked) == [false, false, false])
        let torn = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/store-torn-tail")
        #expect(try IntegrityChecker(directory: torn, live: false, quick: true).run().segments.map(\.walked) == [false, false, true])
    }

    /// A check behind the inspector is abandoned when `r` starts a new one: it asks before each
    /// segment and returns no report once told to stop.
    @Test func aCheckStopsBeforeTheNextSegmentWhenAsked() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/large")
        let asked = Locked(0)
        let stopped = try IntegrityChecker(directory: directory, threads: 1).run(stoppingWhen: {
            asked.withLock { count in
                count += 1
                return count > 3
            }
        })
        #expect(stopped == nil)
        #expect(asked.withLock { $0 } == 4, "asked once per segment, and not again after stopping")
        let whole = try #require(try IntegrityChecker(directory: directory, threads: 1).run(stoppingWhen: { false }))
        #expect(whole.segments.count == 11)
        #expect(whole.findings == (try IntegrityChecker(directory: directory).run()).findings)
    }

    /// Segment 0's files renamed to base 5: its first frame (offset 0, empty value) is eight zero
    /// bytes. It was reported as a 662-byte zero run; every frame is an offset mismatch.
    @Test func aSegmentRenamedFromBaseZeroIsOffsetMismatchesNotZeros() throws {
        let dir = TemporaryDirectory()
        Files.write(Files.bytes(TestPaths.golden + "/small/0.store"), to: dir.child("5.store"))
        Files.write(Files.bytes(TestPaths.golden + "/small/0.index"), to: dir.child("5.index"))
        let report = try IntegrityChecker(directory: try LogDirectory(path: dir.path), live: false).run()
        #expect(report.findings.map(\.id) == Array(repeating: .storeOffsetMismatch, count: 11))
        #expect(report.findings.first?.bytes == 0..<8)
        #expect(report.findings.first?.line.contains("expected offset 5 (from index slot 0), found 0") == true)
    }

    @Test func straysAreClassified() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        Files.write([1], to: path + "/notes")
        Files.write([], to: path + "/01.store")
        try FileManager.default.createDirectory(atPath: path + "/sub", withIntermediateDirectories: false)
        let directory = try LogDirectory(path: path)
        #expect(directory.strays.map(\.name) == ["01.store", "notes", "sub"])
        #expect(directory.strays.map(\.kind) == [.badSegmentName, .file, .notARegularFile])
    }

    @Test func refreshSeesAppendsAndNewSegments() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 100, durability: .flush))
        try log.append(Array("first".utf8))
        let directory = try LogDirectory(path: dir.path)
        #expect(try directory.segments[0].validEntryCount() == 1)
        #expect(directory.isHeldByWriter)
        for i in 0..<10 { try log.append(Array("more \(i)".utf8)) }
        #expect(try directory.refresh())
        #expect(directory.segments.count > 1)
        #expect(try directory.record(at: 10)?.value == Array("more 9".utf8))
        try log.close()
        #expect(!directory.isHeldByWriter)
    }

    /// A live refresh's quick check takes over what a full check found in segments whose files kept
    /// their sizes (the quick check alone trusts them), in the full report's order.
    @Test func aQuickCheckReusesAnEarlierFullCheckOfUnchangedSegments() throws {
        for fixture in ["index-position-order", "store-zero-run", "index-not-on-frame"] {
            let directory = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/" + fixture)
            let full = try IntegrityChecker(directory: directory, live: false).run()
            let quick = try IntegrityChecker(directory: directory, live: false, quick: true).run()
            #expect(quick.findings.count < full.findings.count, "\(fixture): the quick check alone trusts segment 11")
            let reused = try IntegrityChecker(directory: directory, live: false, quick: true, reusing: full).run()
            #expect(reused.findings.map(\.line) == full.findings.map(\.line), "\(fixture)")
            // The newest segment is checked again each time (a writer appends there).
            #expect(Array(reused.segments.dropLast()) == Array(full.segments.dropLast()), "\(fixture)")
            #expect(reused.segments.last?.walked == false)
        }
    }

    @Test func aLiveWritersPendingEntriesAreInfoNotErrors() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1200))
        let values = (0..<5).map { Array("buffered \($0)".utf8) }
        for value in values { try log.append(value) }
        ReferenceEntriesAhead.write(values, base: 0, index: dir.child("0.index"))  // as the Go reference has by now
        let report = try IntegrityChecker(directory: try LogDirectory(path: dir.path)).run()
        #expect(report.live)
        #expect(report.isClean)
        #expect(Set(report.findings.map(\.id)) == [.indexZeroTail, .indexPending])
        #expect(report.findings.allSatisfy { $0.severity == .info })
        try log.close()
    }

    /// A buffered writer writes whole 4 KiB blocks, so the last frame of a live log is often cut:
    /// within its payload, or within its length prefix among zeros. That is info, not damage.
    @Test func aLiveWritersPartlyWrittenLastFrameIsInfo() throws {
        // 102- and 104-byte frames: the 40th is cut in its payload, the 41st not written at all. Frames
        // of 1021 and 1023 bytes: the 5th is cut after 6 bytes of its length prefix, all zeros.
        let cases: [(Int, Int, [FindingID])] = [
            (41, 92, [.indexZeroTail, .storeTornTail, .indexPending]), (5, 1010, [.indexZeroTail, .storeTornTail]),
        ]
        for (count, size, ids) in cases {
            let dir = TemporaryDirectory()
            let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1200))
            let values = [[UInt8]](repeating: [UInt8](repeating: 7, count: size), count: count)
            for value in values { try log.append(value) }
            ReferenceEntriesAhead.write(values, base: 0, index: dir.child("0.index"))
            #expect(Files.size(dir.child("0.store")) == 4096)
            let report = try IntegrityChecker(directory: try LogDirectory(path: dir.path)).run()
            #expect(report.live)
            #expect(report.isClean, "\(report.findings.map(\.line))")
            #expect(report.findings.map(\.id) == ids, "\(report.findings.map(\.line))")
            #expect(report.findings[1].summary == "the last frame is still being written (the rest is in the writer's buffer)")
            try log.close()
            #expect(try IntegrityChecker(directory: try LogDirectory(path: dir.path)).run().findings.isEmpty)
        }
    }

    @Test func goBaseOffsetParsesAsTheReferenceDoes() {
        #expect(ReferenceReplay.goBaseOffset(of: "11.store") == 11)
        #expect(ReferenceReplay.goBaseOffset(of: "007.store") == 7)
        #expect(ReferenceReplay.goBaseOffset(of: "README") == 0)
        #expect(ReferenceReplay.goBaseOffset(of: "notes.txt") == 0)
        #expect(ReferenceReplay.goBaseOffset(of: "99999999999999999999.index") == UInt64.max)
    }

    @Test(arguments: ["small", "initial-offset", "truncated", "large", "empty", "crashed"])
    func theReplayMatchesWhatTheReferenceDidOnReopen(name: String) throws {
        let manifest = try GoldenManifest(name)
        let behaviour = try #require(manifest.json["reference_reopen_behaviour"] as? [String: Any])
        let directory = try LogDirectory(path: manifest.directory)
        let report = try IntegrityChecker(directory: directory, live: false).run()
        let prediction = try ReferenceReplay(directory: directory, maxIndexBytes: manifest.maxIndexBytes).run(report: report)
        #expect("\(prediction.highestOffset) err=<nil>" == behaviour["highest_offset"] as? String)
        #expect("\(prediction.lowestOffset) err=<nil>" == behaviour["lowest_offset"] as? String)
        let appendText = try #require(behaviour["append_after_reopen"] as? String)
        switch prediction.append {
        case .offset(let offset)?: #expect(appendText == "offset=\(offset) err=<nil>")
        case .endOfFile?: #expect(appendText.hasSuffix("err=EOF"))
        case nil: Issue.record("no append prediction")
        }
        let intact = Set(prediction.intactOffsets.flatMap { Array($0) })
        let readable = Set(prediction.readableIntact.flatMap { Array($0) })
        for read in try #require(behaviour["reads"] as? [[String: Any]]) {
            let offset = (read["offset"] as! NSNumber).uint64Value
            guard intact.contains(offset) else { continue }
            #expect(readable.contains(offset) == (read["ok"] as? Bool == true), "offset \(offset)")
        }
    }

    /// The reference's `Read(off)` takes the first opened segment with `base ≤ off < next`; the
    /// replay finds it by binary search over the furthest `next` so far (thousands of segments).
    @Test func theReplayFindsTheFirstOpenedSegmentHoldingAnOffset() {
        typealias Opened = ReferenceReplay.OpenedSegment
        let segments = ReferenceReplay.OpenedSegments([
            Opened(base: 0, indexSizeAtOpen: 0, next: 1),  // K1: a zero-tailed index reads as one entry
            Opened(base: 0, indexSizeAtOpen: 0, next: 11),  // the same base opened again (a stray file)
            Opened(base: 11, indexSizeAtOpen: 0, next: 50),  // runs over the next segment
            Opened(base: 34, indexSizeAtOpen: 0, next: 60),
            Opened(base: 70, indexSizeAtOpen: 0, next: 70),  // empty
            Opened(base: 80, indexSizeAtOpen: 0, next: 90),
        ])
        let expected: [(UInt64, (UInt64, UInt64)?)] = [
            (0, (0, 1)), (1, (0, 11)), (10, (0, 11)), (11, (11, 50)), (40, (11, 50)), (50, (34, 60)), (59, (34, 60)),
            (60, nil), (70, nil), (79, nil), (80, (80, 90)), (89, (80, 90)), (90, nil), (UInt64.max, nil),
        ]
        for (offset, holder) in expected {
            let found = segments.first(containing: offset).map { ($0.base, $0.next) }
            #expect(found?.0 == holder?.0 && found?.1 == holder?.1, "offset \(offset): \(String(describing: found))")
        }
        #expect(segments.openCount(of: 0) == 2 && segments.openCount(of: 34) == 1 && segments.openCount(of: 5) == 0)
    }

    @Test func theReplayPredictsTheStrayFileBug() throws {
        let directory = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/stray-files")
        let report = try IntegrityChecker(directory: directory, live: false).run()
        let prediction = try ReferenceReplay(directory: directory).run(report: report)
        // README and notes.txt parse as base 0: segment 0 opens three times, the second and third time
        // with its index already grown to 1024 bytes.
        #expect(prediction.segments.map(\.base) == [0, 0, 11, 34])
        #expect(prediction.readableCount == 50)
        #expect(prediction.paragraph.contains("segments 0 (opened twice), 11, 34"))
    }

    /// Offset 16's index entry still points at its damaged frame: what the reference's `Read(16)`
    /// would do with the bytes there (`store.Read` allocates whatever the length prefix says).
    @Test(arguments: [
        (
            "store-length-max",
            "Reading offset 16 would crash it: the length prefix there says 18446744073709551615 bytes, and allocating that panics with \"makeslice: len out of range\"."
        ),
        ("store-implausible-length", "Reading offset 16 would allocate 4.0 GiB for a garbage length prefix, then fail with EOF."),
        ("store-zero-run", "Reading offset 16 would return a record that names another offset."),
        ("store-offset-mismatch", "Reading offset 16 would return a record that names another offset."),
    ])
    func theReplayPredictsReadsOfDamagedRecords(fixture: String, sentence: String) throws {
        let directory = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/" + fixture)
        let report = try IntegrityChecker(directory: directory, live: false).run()
        let prediction = try ReferenceReplay(directory: directory).run(report: report)
        #expect(prediction.paragraph.contains("It would read all 49 intact records. " + sentence), "\(prediction.paragraph)")
        let healthy = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        let clean = try ReferenceReplay(directory: healthy).run(report: try IntegrityChecker(directory: healthy, live: false).run())
        #expect(clean.crashingReads.isEmpty && clean.largeAllocations.isEmpty && clean.wrongRecords.isEmpty)
    }

    /// Segment 0's store is garbage while its index still lists offsets 0–10: its torn "frame" names
    /// offset 0, and the gap the rest, saying why the offsets run out there instead of only "segment
    /// 11 should start at 1". With its index's entries too, a segment with no readable record says so.
    @Test func aGapAfterASegmentWithNoReadableRecordSaysSo() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        Files.write([UInt8](repeating: 0xAA, count: Files.size(path + "/0.store")), to: path + "/0.store")
        let report = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(report.findings.first { $0.id == .storeTornTail }?.offsets == 0...0)
        let gap = try #require(report.findings.first { $0.id == .segmentGap })
        #expect(gap.offsets == 1...10)
        #expect(gap.expected == "segment 11 to start at offset 1, after segment 0's own findings (through offset 0)")
        // Its store empty instead: nothing names 0–10 but the gap.
        Files.write([], to: path + "/0.store")
        Files.write([], to: path + "/0.index")
        let empty = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        let emptyGap = try #require(empty.findings.first { $0.id == .segmentGap })
        #expect(emptyGap.offsets == 0...10)
        #expect(emptyGap.expected == "segment 11 to start at offset 0, as segment 0 holds no readable record")
    }

    /// A prefix between 1 TiB and Go's allocation limit: the allocation itself kills the reference.
    @Test func aPrefixOfTerabytesIsOutOfMemory() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        var bytes = Files.bytes(path + "/11.store")
        let length = UInt64(1) << 44  // frame 5 (offset 16) starts at byte 194
        bytes.replaceSubrange(194..<202, with: (0..<8).map { UInt8(truncatingIfNeeded: length >> (56 - 8 * $0)) })
        Files.write(bytes, to: path + "/11.store")
        let directory = try LogDirectory(path: path)
        let prediction = try ReferenceReplay(directory: directory).run(report: try IntegrityChecker(directory: directory, live: false).run())
        #expect(prediction.crashingReads.map(\.offset) == [16])
        #expect(prediction.paragraph.contains("allocating 16.0 TiB kills it with \"out of memory\""), "\(prediction.paragraph)")
    }
}
