import Foundation
import LogCore
import TestSupport
import Testing

@testable import InspectorCore
@testable import LogInspection

/// A writer's appends patch the snapshot (the segment that was the newest, and those it rolled to)
/// instead of rebuilding it: after every look the patched snapshot is the one a new session builds
/// from scratch, with the findings (and the rows that point at them) where a rebuild puts them.
@Suite struct TailPatchTests {
    /// The patched snapshot's segments and findings are a fresh session's.
    func expectAsBuiltFromScratch(_ session: ShownSession, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fresh = try InspectorSession(path: path).takeOpeningSnapshot()
        let patched = session.shown
        #expect(patched.findings == fresh.findings, sourceLocation: sourceLocation)
        #expect(patched.segments == fresh.segments, sourceLocation: sourceLocation)
        #expect(patched.anomalyTargets == fresh.anomalyTargets, sourceLocation: sourceLocation)
    }

    func values(_ range: Range<Int>) -> [[UInt8]] {
        range.map { Array("value \($0)".utf8) }
    }

    /// Segments written by hand: a gap after the first (its row on segment 0 moves with the findings
    /// before it), a stray file (a row of the directory's own on segment 0), appends, rolls, a new gap
    /// and a torn frame in the newest segment.
    @Test func appendsRollsGapsAndDamageAtTheTailPatchAsARebuildWould() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(base: 0, values: values(0..<5), in: dir.path)
        SealedSegments.write(base: 10, values: values(10..<13), in: dir.path)
        Files.write([1, 2, 3], to: dir.child("notes.txt"))
        let session = try ShownSession(path: dir.path)
        try expectAsBuiltFromScratch(session, dir.path)
        #expect(session.shown.findings.contains { $0.id == .segmentGap })
        #expect(session.shown.segments.map(\.counts.records) == [5, 3], "records written by hand read back")

        SealedSegments.append(values(13..<15), toSegment: 10, in: dir.path)
        var update = try #require(try session.liveUpdate(at: 1))
        #expect(update.patch?.firstSegment == 1 && update.snapshot == nil, "an append patches")
        try expectAsBuiltFromScratch(session, dir.path)

        SealedSegments.write(base: 15, values: values(15..<17), in: dir.path)
        update = try #require(try session.liveUpdate(at: 2))
        #expect(update.patch?.firstSegment == 1 && update.patch?.summaries.count == 2, "a roll patches")
        try expectAsBuiltFromScratch(session, dir.path)

        SealedSegments.write(base: 20, values: values(20..<21), in: dir.path)
        update = try #require(try session.liveUpdate(at: 3))
        #expect(update.patch != nil)
        try expectAsBuiltFromScratch(session, dir.path)
        #expect(session.shown.findings.filter { $0.id == .segmentGap }.count == 2)

        // A frame cut short at the end of the newest store: damage at the tail, patched too.
        Files.append([0, 0, 0, 0, 0, 0, 0, 40, 1, 2], to: dir.child("20.store"))
        update = try #require(try session.liveUpdate(at: 4))
        #expect(update.patch != nil)
        try expectAsBuiltFromScratch(session, dir.path)

        // A sealed segment written in place is not an append: the snapshot is rebuilt.
        Files.overwrite(dir.child("0.store"), at: 9, with: [0xFF])
        update = try #require(try session.liveUpdate(at: 5, modified: ["0.store"]))
        #expect(update.patch == nil && update.snapshot != nil)
    }

    /// LogCore's writer rolling its small segments while the session looks after every few appends.
    @Test func aWriterRollingItsSegmentsPatchesAsARebuildWould() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 120, durability: .flush))
        try log.append(Array("first".utf8))
        Files.write([7], to: dir.child("stray"))
        let session = try ShownSession(path: dir.path)
        var patches = 0
        for batch in 0..<8 {
            for i in 0..<7 { try log.append(Array("record \(batch)-\(i)".utf8)) }
            if let update = try session.liveUpdate(at: Double(batch)), update.patch != nil { patches += 1 }
            try expectAsBuiltFromScratch(session, dir.path)
        }
        #expect(log.segmentCount > 4)
        #expect(patches == 8, "every look after appends and rolls is a patch")
        try log.close()
    }

    /// After its first check the session keeps no segment's files open but the newest's: nothing is
    /// held for segments it will not read again soon.
    @Test func theFirstCheckLeavesOnlyTheNewestSegmentOpen() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(300, in: dir.path)
        let session = try ShownSession(path: dir.path)
        #expect(session.shown.segments.count == 300)
        #expect(session.directory.openSegmentCount <= 1)
    }

    /// The state keeps what an append does not change: the loaded rows of other segments, the
    /// readable rows of the newest, the selection.
    @Test func theStateKeepsLoadedRowsAcrossAnAppend() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(base: 0, values: values(0..<5), in: dir.path)
        SealedSegments.write(base: 5, values: values(5..<8), in: dir.path)
        let session = try InspectorSession(path: dir.path)
        var state = InspectorState(size: Size(width: 120, height: 30), snapshot: session.takeOpeningSnapshot())
        state.select(segment: 1, row: 1)
        for need in state.dataNeeds { _ = reduce(&state, session.load(need, shown: state.snapshot)) }
        let loaded = state.rows
        #expect(loaded.count == 3 && state.detail?.row == 1)
        SealedSegments.append(values(8..<10), toSegment: 5, in: dir.path)
        let update = try #require(try session.liveUpdate(at: 1, shown: state.snapshot))
        _ = reduce(&state, .liveUpdated(update))
        #expect(state.rows == loaded, "the readable rows stay loaded")
        #expect(state.detail?.row == 1 && state.selectedSegment == 1 && state.selectedRow == 1)
        #expect(state.snapshot.segments[1].rowCount == 5)
    }
}

/// A writer that maps its indexes and keeps every segment open, as the Go reference does: index
/// entries arrive through the mapping (no inotify event, no change of size), and a segment rolled
/// away from keeps its unflushed frames pending.
@Suite struct MappedWriterPatchTests {
    /// One segment written as the reference writes it: a preallocated index mapped shared and
    /// writable, entries stored through the mapping, frames appended to the store.
    final class MappedSegment {
        let base: UInt64
        let store: String
        let mapping: UnsafeMutableRawPointer
        let slots = 85
        var entries = 0
        var position: UInt64 = 0

        init(base: UInt64, in directory: String) {
            self.base = base
            store = directory + "/\(base).store"
            Files.write([], to: store)
            Files.write([UInt8](repeating: 0, count: 1024), to: directory + "/\(base).index")
            let fd = open(directory + "/\(base).index", O_RDWR)
            mapping = mmap(nil, 1024, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)!
            close(fd)
        }

        deinit { munmap(mapping, 1024) }

        /// Indexes the next record; its frame reaches the store only when `flushed`.
        func append(_ value: [UInt8], flushed: Bool) {
            let payload = RecordCodec.encode(Record(value: value, offset: base + UInt64(entries)))
            let entry =
                (0..<4).map { UInt8(truncatingIfNeeded: UInt32(entries) >> (24 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: position >> (56 - 8 * UInt64($0))) }
            (mapping + entries * 12).copyMemory(from: entry, byteCount: 12)
            if flushed {
                Files.append((0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (56 - 8 * UInt64($0))) } + payload, to: store)
            }
            position += 8 + UInt64(payload.count)
            entries += 1
        }
    }

    @Test func entriesWrittenThroughAMappingBeforeARollAreReadAgain() throws {
        let dir = TemporaryDirectory()
        let first = MappedSegment(base: 0, in: dir.path)
        for i in 0..<3 { first.append(Array("value \(i)".utf8), flushed: true) }
        let session = try ShownSession(path: dir.path)
        #expect(session.shown.segments.map(\.rowCount) == [3])
        // Two more entries through the mapping, their frames still in the writer's buffer; then a roll.
        for i in 3..<5 { first.append(Array("value \(i)".utf8), flushed: false) }
        let second = MappedSegment(base: 5, in: dir.path)
        second.append(Array("value 5".utf8), flushed: true)
        let update = try #require(try session.liveUpdate(at: 1))
        #expect(update.patch != nil)
        let fresh = try InspectorSession(path: dir.path).takeOpeningSnapshot()
        #expect(session.shown.segments.map(\.rowCount) == [5, 1])
        #expect(!session.shown.findings.contains { $0.id == .segmentGap }, "\(session.shown.findings.map(\.line))")
        #expect(session.shown.segments == fresh.segments)
        #expect(session.shown.findings == fresh.findings)
        withExtendedLifetime((first, second)) {}
    }
}

/// The first frame of a large directory waits for the segments it shows, not for thousands more.
@Suite struct WindowedFirstCheckTests {
    @Test func theFirstFrameChecksTheEndsAndTheBackgroundCheckTheRest() throws {
        let dir = TemporaryDirectory()
        let count = InspectorSession.windowedCheckThreshold + 400
        SealedSegments.write(count, in: dir.path)
        // A gap in the middle, among the segments the first check leaves for later.
        let middle = count / 2
        for kind in ["store", "index"] { try FileManager.default.removeItem(atPath: dir.child("\(middle).\(kind)")) }
        let terminal = InMemoryTerminal(size: Size(width: 120, height: 30))
        let runtime = try InspectorRuntime(path: dir.path, terminal: terminal)
        let first = runtime.state.snapshot
        // More than the segments pane holds on a terminal of 30 rows, at each end.
        let window = InspectorRuntime.firstCheckSegments(height: 30)
        #expect(window > 30 && window < 128)
        #expect(first.segments.count == count - 1)
        #expect(first.segments.prefix(window).allSatisfy { $0.mark == .ok })
        #expect(first.segments.suffix(window).allSatisfy { $0.mark == .ok })
        #expect(first.segments.dropFirst(window).dropLast(window).allSatisfy { $0.mark == .unchecked && $0.rowCount == 1 })
        #expect(!first.findings.contains { $0.id == .segmentGap }, "nothing is judged across segments not looked at")
        #expect(!first.fullCheck)
        // Checked or not yet, a segment with nothing to show but its records is kept in a few numbers
        // (24 bytes: its counts and sizes take 32 bits).
        #expect(first.segments.compactCount == first.segments.count)
        #expect(MemoryLayout<CompactColumn<SegmentSummary>.Slot>.stride <= 24)
        // Jumping into the part not checked yet reads its records all the same.
        runtime.handle(.key(.character(":")))
        for character in "\(middle + 7)" { runtime.handle(.key(.character(character))) }
        runtime.handle(.key(.enter))
        let screen = runtime.frame().lines.joined(separator: "\n")
        #expect(screen.contains("checking…"), "\(screen)")
        #expect(screen.contains("1 index entry, checking…"), "the records pane says what is known: \(screen)")
        #expect(screen.contains("record \(middle + 7)"), "\(screen)")
        runtime.finishBackgroundWork()
        let full = runtime.state.snapshot
        #expect(full.segments.allSatisfy { $0.mark != .unchecked })
        #expect(full.findings.filter { $0.id == .segmentGap }.map(\.offsets) == [UInt64(middle)...UInt64(middle)])
        // The segment before the gap shows it as a row of its own: only it is kept whole.
        #expect(full.segments.compactCount == full.segments.count - 1)
        let fresh = try InspectorSession(path: dir.path).takeOpeningSnapshot()
        #expect(full.segments.map(\.rowCount) == fresh.segments.map(\.rowCount))
        #expect(full.findings.map(\.id) == fresh.findings.map(\.id))
        runtime.stopBackgroundWork()
    }

    /// While the full check runs, the segments it found clean fill in the rows shown unchecked (in
    /// place: the selection, the loaded rows and the findings stay); a segment with findings waits
    /// for the report.
    @Test func segmentsTheCheckFoundCleanFillInWhileItRuns() throws {
        let dir = TemporaryDirectory()
        let count = InspectorSession.windowedCheckThreshold + 200
        SealedSegments.write(count, in: dir.path)
        let damaged = count / 2
        Files.append([0, 0, 0], to: dir.child("\(damaged).store"))  // a torn tail
        let runtime = try InspectorRuntime(path: dir.path, terminal: InMemoryTerminal(size: Size(width: 120, height: 30)))
        runtime.handle(.key(.character("j")))
        let selected = runtime.state.selectedSegment
        #expect(runtime.state.snapshot.segments[damaged].mark == .unchecked)
        // What the background check hands over as it goes, from a listing of its own.
        let progress = CheckProgress(keepingCleanSegments: true)
        var checker = IntegrityChecker(directory: try LogDirectory(path: dir.path), threads: 1)
        checker.progress = progress
        _ = try checker.run()
        let checked = runtime.session.checkedSegments(progress.takeCleanSegments(), shown: runtime.state.snapshot)
        let window = InspectorRuntime.firstCheckSegments(height: 30)
        // Only rows shown unchecked, and not the damaged one.
        #expect(checked.indices.sorted() == Array(window..<(count - window)).filter { $0 != damaged })
        let findings = runtime.state.snapshot.findings
        runtime.handle(.segmentsChecked(checked))
        let snapshot = runtime.state.snapshot
        #expect(snapshot.segments.indices.filter { snapshot.segments[$0].mark == .unchecked } == [damaged])
        let middle = snapshot.segments[damaged - 1]
        #expect(middle.mark == .ok && middle.counts.records == 1 && middle.lastOffset == UInt64(damaged - 1))
        #expect(snapshot.findings == findings && runtime.state.selectedSegment == selected)
        #expect(snapshot.segments.compactCount == snapshot.segments.count)
        // Handed over twice (a late poll), nothing changes; the report then judges the damaged one.
        runtime.handle(.segmentsChecked(checked))
        #expect(runtime.state.snapshot == snapshot)
        runtime.finishBackgroundWork()
        #expect(runtime.state.snapshot.segments[damaged].mark == .error)
        #expect(runtime.state.snapshot.segments.allSatisfy { $0.mark != .unchecked })
        runtime.stopBackgroundWork()
    }
}

/// Taking in the background check's report reads no sealed segment again: the check's healths say
/// how many entries each index holds (a directory of 25,000 segments froze the screen for 0.27 s while
/// every index was read again).
@Suite struct AdoptedReportTests {
    @Test func aSnapshotFromAReportReadsOnlyTheNewestIndex() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(40, in: dir.path)
        let access = CountingFileAccess()
        let directory = try LogDirectory(path: dir.path, access: access)
        // The background check walks a directory of its own.
        let report = try IntegrityChecker(directory: try LogDirectory(path: dir.path), live: false).run()
        #expect(report.segments.allSatisfy { $0.validEntries == 1 })
        access.reset()
        let snapshot = try SnapshotBuilder.build(directory: directory, report: report, fullCheck: true, referenceReopen: nil)
        #expect(snapshot.segments.map(\.rowCount) == Array(repeating: 1, count: 40))
        #expect(access.counts.filesRead.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.sorted() == ["39.index"], "\(access.counts)")
        let fresh = try InspectorSession(path: dir.path).takeOpeningSnapshot()
        #expect(snapshot.segments == fresh.segments)
    }
}
