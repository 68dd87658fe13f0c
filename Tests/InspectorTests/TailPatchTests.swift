import Foundation
import LogCore
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// A writer's appends patch the snapshot (the segment that was the newest, and those it rolled to)
/// instead of rebuilding it: after every look the patched snapshot is the one a new session builds
/// from scratch, with the findings (and the rows that point at them) where a rebuild puts them.
@Suite struct TailPatchTests {
    /// The patched snapshot's segments and findings are a fresh session's.
    func expectAsBuiltFromScratch(_ session: InspectorSession, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fresh = try InspectorSession(path: path).currentSnapshot
        let patched = session.currentSnapshot
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
        let session = try InspectorSession(path: dir.path)
        try expectAsBuiltFromScratch(session, dir.path)
        #expect(session.currentSnapshot.findings.contains { $0.id == .segmentGap })
        #expect(session.currentSnapshot.segments.map(\.counts.records) == [5, 3], "records written by hand read back")

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
        #expect(session.currentSnapshot.findings.filter { $0.id == .segmentGap }.count == 2)

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
        let session = try InspectorSession(path: dir.path)
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

    /// The state keeps what an append does not change: the loaded rows of other segments, the
    /// readable rows of the newest, the selection.
    @Test func theStateKeepsLoadedRowsAcrossAnAppend() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(base: 0, values: values(0..<5), in: dir.path)
        SealedSegments.write(base: 5, values: values(5..<8), in: dir.path)
        let session = try InspectorSession(path: dir.path)
        var state = InspectorState(size: Size(width: 120, height: 30), snapshot: session.currentSnapshot)
        state.select(segment: 1, row: 1)
        for need in state.dataNeeds { _ = reduce(&state, session.load(need)) }
        let loaded = state.rows
        #expect(loaded.count == 3 && state.detail?.row == 1)
        SealedSegments.append(values(8..<10), toSegment: 5, in: dir.path)
        let update = try #require(try session.liveUpdate(at: 1))
        _ = reduce(&state, .liveUpdated(update))
        #expect(state.rows == loaded, "the readable rows stay loaded")
        #expect(state.detail?.row == 1 && state.selectedSegment == 1 && state.selectedRow == 1)
        #expect(state.snapshot.segments[1].rowCount == 5)
    }
}
