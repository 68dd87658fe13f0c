import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The reference's most common broken state (bug K3): an index full before its segment was sealed, and
/// after its last entry one orphan frame per failed append, all naming the next offset. `check` names
/// it, recovery opens it (keeping the first orphan, listing every repeat it drops), and neither repair
/// nor recovery grows an index past the MaxIndexBytes the log was written with.
@Suite struct StuckIndexTests {
    /// 85 records in segment 0 (MaxIndexBytes 1024), then 5 orphan frames for offset 85, each 22 bytes:
    /// 1868..<1890 (the first, "record 085"), 1890..<1912, 1912..<1934, 1934..<1956, 1956..<1978.
    static let fixture = TestPaths.packageRoot + "/Fixtures/damaged/store-stuck-index-orphans"

    /// A store frame as the reference writes it.
    static func frame(_ value: String, offset: UInt64) -> [UInt8] {
        let payload = RecordCodec.encode(Record(value, offset: offset))
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (56 - 8 * $0)) } + payload
    }

    /// Writes segment `base` with `records` indexed records, then `orphans` frames naming the next offset.
    static func writeSegment(_ path: String, base: UInt64, records: Int, orphans: Int) {
        var store: [UInt8] = []
        var index: [UInt8] = []
        for i in 0..<records {
            index += IndexEntry(relativeOffset: UInt32(i), position: UInt64(store.count)).bytes
            store += frame("record \(base + UInt64(i))", offset: base + UInt64(i))
        }
        for i in 0..<orphans { store += frame("orphan \(i)", offset: base + UInt64(records)) }
        Files.write(store, to: path + "/\(base).store")
        Files.write(index, to: path + "/\(base).index")
    }

    @Test func checkNamesTheSignatureInsteadOfOffsetOrderErrors() throws {
        let report = try IntegrityChecker(directory: try LogDirectory(path: Self.fixture), live: false).run()
        #expect(report.findings.map(\.id) == [.storeStuckIndexOrphans])
        let finding = try #require(report.findings.first)
        #expect(finding.bytes == 1868..<1978 && finding.offsets == 85...85)
        #expect(finding.summary.contains("0.index stopped at 85 entries: 5 appends wrote a frame for offset 85"), "\(finding.summary)")
        #expect(report.segments.first?.stuckIndexEntries == 85)
    }

    /// Not the signature: a single frame after the last entry (it may be an entry the index lost), and
    /// repeats followed by more indexed records (the writer went on after a restart).
    @Test func otherUnindexedFramesAreNotTakenForOrphans() throws {
        let dir = TemporaryDirectory()
        Self.writeSegment(dir.path, base: 0, records: 85, orphans: 1)
        let single = try IntegrityChecker(directory: try LogDirectory(path: dir.path), live: false).run()
        #expect(single.findings.map(\.id) == [.storeUnindexedFrames])

        let path = try dir.copy(Self.fixture, as: "restarted")
        let more = Self.frame("record 085", offset: 85)
        Files.write(Files.bytes(path + "/0.store") + more, to: path + "/0.store")
        Files.write(Files.bytes(path + "/0.index") + IndexEntry(relativeOffset: 85, position: 1978).bytes, to: path + "/0.index")
        let restarted = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(!restarted.findings.contains { $0.id == .storeStuckIndexOrphans })
        #expect(restarted.findings.filter { $0.id == .storeOffsetOrder }.map(\.bytes) == [1890..<1912, 1912..<1934, 1934..<1956, 1956..<1978, 1978..<2000])
        #expect(restarted.findings.contains { $0.id == .storeUnindexedFrames && $0.bytes == 1868..<1978 })
    }

    /// `logscope append` opens the stuck log: every orphan frame is dropped (no append of them was
    /// acknowledged and the reference reads none, so none is a record), each listed on stderr with its
    /// bytes, and the appended value gets offset 85 in a new segment (the index holds at most 85
    /// entries of MaxIndexBytes 1024).
    @Test func appendOpensAStuckLogAndListsEveryDroppedFrame() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(Self.fixture)
        let result = try Logscope.run(["append", path, "hello"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "85\n")
        var lines = result.stderr.split(separator: "\n").map(String.init)
        // The sizes the files show: the stuck index proves MaxIndexBytes 1021...1031, so no index grows past 1024.
        #expect(
            lines.removeFirst().hasPrefix(
                "logscope: \(path) was written before: using --max-index-bytes 1024 (MaxIndexBytes 1021...1031: assuming 1024, inferred from 0.index: it stopped at 85 entries"
            ), "\(result.stderr)")
        #expect(
            lines == [
                "recovery: 0.index: stuck at 85 entries (MaxIndexBytes 1021...1031; the Go reference's bug K3): the store holds 5 frames for offset 85 after them, one per failed append, none acknowledged and none a record (the reference reads none of them): all dropped, the next append gets offset 85",
                "recovery: 0.store: dropped bytes 1868..<1890, a 22-byte orphan frame for offset 85: 000000000000000e0a0a7265636f7264203038351055",
                "recovery: 0.store: dropped bytes 1890..<1912, a 22-byte orphan frame for offset 85: 000000000000000e0a0a7265636f7264203038361055",
                "recovery: 0.store: dropped bytes 1912..<1934, a 22-byte orphan frame for offset 85: 000000000000000e0a0a7265636f7264203038371055",
                "recovery: 0.store: dropped bytes 1934..<1956, a 22-byte orphan frame for offset 85: 000000000000000e0a0a7265636f7264203038381055",
                "recovery: 0.store: dropped bytes 1956..<1978, a 22-byte orphan frame for offset 85: 000000000000000e0a0a7265636f7264203038391055",
                "recovery: 0.store: cut 110 bytes at byte 1868 (was 1978 bytes): 5 orphan frames dropped",
                "recovery: 0.store: holds 85 records in 1868 bytes, at or over this config's limits (maxStoreBytes 16777216, maxIndexBytes 1024); the next append starts a new segment",
            ], "\(result.stderr)")
        #expect(Files.size(path + "/0.index") == 1020 && Files.size(path + "/0.store") == 1868)
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20))
        #expect(try log.read(at: 84) == Record("record 084", offset: 84))
        #expect(try log.read(at: 85) == Record("hello", offset: 85))
        try log.close()
        #expect(try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run().isClean)
    }

    /// `check`, `stat`, the prediction and `repair` agree with recovery and with the reference: the
    /// orphans' offset is no record.
    @Test func theOrphansAreNoRecordInAnyCommand() throws {
        let stat = try Logscope.run(["stat", Self.fixture])
        #expect(stat.stdout.hasPrefix("\(Self.fixture): 1 segment, 85 records (offsets 0...84), 5 unindexed frames;"), "\(stat.stdout)")
        #expect(stat.stdout.contains("It would read all 85 intact records."), "\(stat.stdout)")
        let dir = TemporaryDirectory()
        let repaired = dir.child("repaired")
        let repair = try Logscope.run(["repair", Self.fixture, "--output", repaired])
        #expect(repair.stdout.contains("wrote \(repaired): 85 records in 2 segments (0: 85, 85: 0)"), "\(repair.stdout)")
        #expect(
            repair.stdout.contains("left out 5 orphan frames of a stuck index (bug K3): failed appends wrote them, none was acknowledged, none is a record"))
        #expect(try Logscope.run(["dump", repaired]).stdout.split(separator: "\n").last?.hasPrefix("offset 84 ") == true)
    }

    /// A crash while stuck: the index still MaxIndexBytes long, the last orphan torn.
    @Test func aCrashedStuckLogWithATornOrphanRecovers() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(Self.fixture)
        Files.write(Array(Files.bytes(path + "/0.store")[..<1970]), to: path + "/0.store")
        Files.write(Files.bytes(path + "/0.index") + [0, 0, 0, 0], to: path + "/0.index")
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1024))
        let actions = log.recoveryReport.actions
        #expect(actions.filter { if case .orphanFrameDropped = $0 { true } else { false } }.count == 4)
        #expect(
            actions.contains(
                .storeTailCut(
                    file: "0.store", from: 1970, to: 1868,
                    reason: "4 orphan frames dropped, then a torn tail at byte 1956 (the length prefix says 14 bytes but only 6 follow it)")),
            "\(log.recoveryReport)")
        #expect(try log.highestOffset == 84)
        try log.close()
    }

    /// A segment 85 already beside the stuck segment (an earlier logscope's recovery moved the first
    /// orphan there and was cut short): the orphans in 0.store are dropped, and segment 85 stays as it is.
    @Test func aSegmentAfterTheStuckOneIsKeptAsItIs() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(Self.fixture)
        Self.writeSegment(path, base: 85, records: 1, orphans: 0)
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20))
        #expect(try log.read(at: 85) == Record("record 85", offset: 85))
        #expect(try log.highestOffset == 85)
        try log.close()
        #expect(Files.size(path + "/0.store") == 1868)
    }

    /// Recovery re-indexes lost entries only as far as the config's MaxIndexBytes allows; the rest move
    /// to a new segment, as the writer would have rolled.
    @Test func recoveryNeverGrowsAnIndexPastTheConfig() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/store-unindexed-frames")  // 34.index: 13 of 16
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 180))
        #expect(log.recoveryReport.actions.contains(.framesReindexed(file: "34.index", offsets: 47...48)))
        #expect(
            log.recoveryReport.actions.contains(
                .framesMoved(
                    file: "34.store", offsets: 49...49, bytes: 863..<894, segments: [49],
                    reason: "34.index holds at most 15 entries (MaxIndexBytes 180)")), "\(log.recoveryReport)")
        #expect(Files.size(path + "/34.index") == 180)
        #expect(try log.read(at: 49).offset == 49)
        #expect(try log.append(Array("next".utf8)) == 50)
        try log.close()
    }

    /// A repaired copy keeps every index within the MaxIndexBytes inferred from the stuck index (1024,
    /// the reference's default), without the orphans, and with an empty segment after the full one.
    @Test func aRepairedCopyKeepsEveryIndexWithinTheInferredMaxIndexBytes() throws {
        let dir = TemporaryDirectory()
        let report = try LogRepair(source: try LogDirectory(path: Self.fixture), output: dir.child("copy")).run()
        #expect(report.maxIndexBytes == 1024)
        #expect(report.segments.map(\.base) == [0, 85] && report.segments.map(\.records) == [85, 0])
        #expect(report.orphanFramesDropped == 5 && report.framesSkipped == 0)
        #expect(Files.size(dir.child("copy/0.index")) == 1020 && Files.size(dir.child("copy/85.index")) == 0)

        // Told a smaller MaxIndexBytes, it rolls at 43 entries.
        let small = try LogRepair(source: try LogDirectory(path: Self.fixture), output: dir.child("small"), maxIndexBytes: 520).run()
        #expect(small.segments.map(\.base) == [0, 43] && small.segments.map(\.records) == [43, 42])
        #expect(Files.names(dir.child("small")).allSatisfy { !$0.hasSuffix(".index") || Files.size(dir.child("small/" + $0)) <= 520 })
    }

    /// The files prove the service's MaxIndexBytes smaller than an index: segment 170 got stuck at 85
    /// entries (1021–1031 bytes), but 0.index holds 170 entries. The prediction says bug K8.
    @Test func aStuckIndexProvesAnEarlierLargerIndexWouldPanic() throws {
        let dir = TemporaryDirectory()
        Self.writeSegment(dir.path, base: 0, records: 170, orphans: 0)
        Self.writeSegment(dir.path, base: 170, records: 85, orphans: 3)
        let directory = try LogDirectory(path: dir.path)
        let prediction = try ReferenceReplay(directory: directory).run(report: try IntegrityChecker(directory: directory, live: false).run())
        #expect(prediction.maxIndexBytes == 1024)
        #expect(prediction.openFailureIsMaxIndexBytes)
        #expect(
            prediction.paragraph.contains(
                "(assuming MaxIndexBytes 1024, inferred from 170.index: it stopped at 85 entries with orphan frames after it (bug K3), so MaxIndexBytes is 1021...1031, less than 0.index holds (2040 bytes)), it would panic while opening segment 0"
            ), "\(prediction.paragraph)")
    }

    /// The real reference's stuck log: `proglog-ref gen` with MaxStoreBytes 1 MiB and the default
    /// MaxIndexBytes (1024) appends 85 records, then 5 appends fail with EOF (it gives up after five).
    @Test(.enabled(if: ReferenceTool.path != nil, ReferenceTool.absent))
    func theReferencesOwnStuckLogOpensAndRepairs() throws {
        let dir = TemporaryDirectory()
        let path = dir.child("log")
        let gen = try ReferenceTool.run([
            "gen", "-store", "1048576", "-n", "90", "-min", "5", "-max", "20", "-seed", "3", "-expect", dir.child("expect.jsonl"), path,
        ])
        #expect(gen.stdout.contains("appended=85 failures=5"), "\(gen.stdout)\(gen.stderr)")
        let check = try Logscope.run(["check", path])
        #expect(check.stdout.hasPrefix("STORE-STUCK-INDEX-ORPHANS error 0.store["), "\(check.stdout)")
        #expect(check.stdout.contains("Every Append would fail with EOF"), "\(check.stdout)")

        let repaired = dir.child("repaired")
        let repair = try Logscope.run(["repair", path, "--output", repaired])
        #expect(repair.stdout.contains("wrote \(repaired): 85 records in 2 segments (0: 85, 85: 0)"), "\(repair.stdout)")
        #expect(Files.names(repaired).allSatisfy { !$0.hasSuffix(".index") || Files.size(repaired + "/" + $0) <= 1024 })
        let readRepaired = try ReferenceTool.run(["readall", "-store", "1048576", "-append", "x", repaired])
        #expect(readRepaired.stdout.contains("reads in [0,84]: ok=85 errors=0"), "\(readRepaired.stdout)")
        #expect(readRepaired.stdout.contains("Append(\"x\"): off=85"), "\(readRepaired.stdout)")

        let append = try Logscope.run(["append", path, "hello"])
        #expect(append.status == 0 && append.stdout == "85\n", "\(append.stderr)")
        #expect(append.stderr.components(separatedBy: "dropped bytes").count - 1 == 5, "\(append.stderr)")
        let readAppended = try ReferenceTool.run(["readall", "-store", "1048576", path])
        #expect(readAppended.stdout.contains("reads in [0,85]: ok=86 errors=0"), "\(readAppended.stdout)")
    }
}
