import LogCore
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// The checker, the tailer, `dump`'s record and the inspector's row read a damaged frame the same way:
/// all of them take the frame reader's one ``FrameVerdict``.
@Suite struct FrameVerdictAgreementTests {
    /// The damaged offsets the tailer reports in a closed log, with their reasons.
    private func tailerDamage(_ path: String) throws -> [UInt64: String] {
        let tailer = LogTailer(path: path, pendingTimeout: 1000)
        var damaged: [UInt64: String] = [:]
        for _ in 0..<10 {
            for case .damaged(let offset, _, let reason) in try tailer.poll() { damaged[offset] = reason }
        }
        return damaged
    }

    @Test(arguments: [
        ("store-offset-mismatch", FindingID.storeOffsetMismatch), ("store-undecodable", .storeUndecodable), ("store-zero-run", .storeZeroRun),
    ])
    func aDamagedFrameReadsTheSameInTheCheckerTheTailerAndTheRow(fixture: String, finding: FindingID) throws {
        let path = TestPaths.fixture("damaged/" + fixture)
        let directory = try LogDirectory(path: path)
        let damaged = try tailerDamage(path)
        let (offset, reason) = try #require(damaged.min { $0.key < $1.key })
        let record = try #require(try directory.record(at: offset))
        #expect(!record.verdict.isValid && !record.verdict.isTorn)
        #expect(record.problem == .frame(record.verdict, store: "\(record.segmentBase).store"))
        #expect(record.problem?.description == reason, "dump and the detail pane say what the tailer says")
        let row = RowData(record, live: false)
        #expect(row.verdict == RecordVerdict(record.verdict, live: false))
        #expect(row.note == reason, "the row's note is the same sentence")
        let findings = try IntegrityChecker(directory: directory).run().findings
        #expect(findings.contains { $0.id == finding && ($0.offsets?.contains(offset) ?? false) })
    }

    @Test func aTornLastFrameIsTornInTheRowPendingForTheTailerAndATornTailForTheChecker() throws {
        let path = TestPaths.fixture("damaged/store-torn-tail")
        let directory = try LogDirectory(path: path)
        let findings = try IntegrityChecker(directory: directory).run().findings
        let torn = try #require(findings.first { $0.id == .storeTornTail })
        let offset = try #require(torn.offsets?.lowerBound)
        let record = try #require(try directory.record(at: offset))
        guard case .tornPayload = record.verdict else {
            Issue.record("expected a torn payload, got \(record.verdict)")
            return
        }
        #expect(record.problem?.description == record.verdict.description)
        #expect(RowData(record, live: false).verdict == .torn)
        #expect(RowData(record, live: false).note == record.verdict.description)
        #expect(RowData(record, live: true).verdict == .pending)
        #expect(try tailerDamage(path).isEmpty, "the tailer waits for a torn frame's bytes: it never calls it damaged")
    }
}

/// A record's explanation names its segment's own store file, `state.bin` for a snapshot's state.
@Suite struct RecordExplanationTests {
    @Test func theExplanationNamesTheSegmentsStoreFile() throws {
        let directory = try LogDirectory(path: TestPaths.fixture("damaged/store-zero-run"))
        let record = try #require(try directory.record(at: 16))
        let verdict = RecordVerdict(record, live: false)
        #expect(verdict == .zeros)
        #expect(verdict.explanation(for: record, store: "11.store")?.contains("at byte 194 of 11.store") == true)
        let inSnapshot = try #require(verdict.explanation(for: record, store: "state.bin"))
        #expect(inSnapshot.contains("of state.bin") && !inSnapshot.contains(".store"), "\(inSnapshot)")
    }
}
