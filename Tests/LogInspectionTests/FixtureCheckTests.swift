import TestSupport
import Testing

@testable import LogInspection

/// `check` reports exactly the IDs and byte ranges Fixtures/README.md lists for each damaged fixture.
@Suite struct FixtureCheckTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var fixture: String
        var findings: [String]
        var testDescription: String { fixture }
    }

    /// `ID file[start..<end]` per finding (or `ID file` / `ID offsets a...b` without bytes or file).
    static let expectations: [Expected] = [
        Expected(fixture: "healthy", findings: []),
        Expected(
            fixture: "crashed",
            findings: [
                "IDX-ZERO-TAIL 0.index[132..<1024]", "IDX-ZERO-TAIL 11.index[276..<1024]", "IDX-PAST-STORE-END 11.index[36..<276] 14...33",
                "IDX-ZERO-TAIL 34.index[36..<1024]", "IDX-PAST-STORE-END 34.index[0..<36] 34...36",
            ]),
        Expected(fixture: "stray-files", findings: ["DIR-STRAY-FILE README", "DIR-STRAY-FILE notes.txt"]),
        Expected(fixture: "bad-names", findings: ["DIR-BAD-NAME 007.store", "DIR-BAD-NAME 18446744073709551616.index"]),
        Expected(fixture: "store-without-index", findings: ["DIR-STORE-WITHOUT-INDEX 34.store"]),
        Expected(fixture: "index-without-store", findings: ["DIR-INDEX-WITHOUT-STORE 34.index 34...49"]),
        Expected(fixture: "segment-gap", findings: ["DIR-SEGMENT-GAP - 11...33"]),
        Expected(fixture: "segment-gap-near-2-to-64", findings: ["DIR-SEGMENT-GAP - 50...18443488147419103231"]),
        Expected(fixture: "segment-overlap", findings: ["DIR-SEGMENT-OVERLAP 11.store 20...33"]),
        Expected(fixture: "index-partial-entry", findings: ["IDX-SIZE-NOT-MULTIPLE 34.index[192..<197]"]),
        Expected(fixture: "index-zero-tail", findings: ["IDX-ZERO-TAIL 34.index[192..<1024]"]),
        Expected(fixture: "index-relative-offset", findings: ["IDX-RELATIVE-OFFSET 11.index[60..<72] 16...16"]),
        Expected(
            fixture: "index-position-order",
            findings: [
                "IDX-POSITION-ORDER 11.index[72..<84] 17...17", "STORE-UNINDEXED-FRAMES 11.store[297..<326] 17...17",
            ]),
        Expected(
            fixture: "index-first-entry-all-ones",
            findings: [
                "IDX-RELATIVE-OFFSET 34.index[0..<12] 34...34", "IDX-POSITION-ORDER 34.index[0..<12] 34...34",
                "STORE-UNINDEXED-FRAMES 34.store[0..<79] 34...34",
            ]),
        Expected(fixture: "index-emptied", findings: ["STORE-UNINDEXED-FRAMES 34.store[0..<894] 34...49"]),
        Expected(
            fixture: "index-past-store-end",
            findings: [
                "STORE-UNINDEXED-FRAMES 0.store[896..<1037] 10...10", "IDX-PAST-STORE-END 0.index[120..<132] 10...10",
            ]),
        Expected(
            fixture: "index-not-on-frame",
            findings: [
                "XCHK-NOT-ON-FRAME 11.index[60..<72] 16...16", "STORE-UNINDEXED-FRAMES 11.store[194..<297] 16...16",
            ]),
        Expected(fixture: "store-torn-tail", findings: ["STORE-TORN-TAIL 34.store[863..<884] 49...49"]),
        Expected(fixture: "store-torn-prefix", findings: ["STORE-TORN-TAIL 34.store[863..<868] 49...49"]),
        Expected(fixture: "store-trailing-bytes", findings: ["STORE-TRAILING-BYTES 34.store[894..<897] 50...50"]),
        Expected(fixture: "store-zero-tail", findings: ["STORE-ZERO-RUN 34.store[894..<4990] 50...50"]),
        Expected(fixture: "store-zero-run", findings: ["STORE-ZERO-RUN 11.store[194..<297] 16...16"]),
        Expected(fixture: "store-implausible-length", findings: ["STORE-IMPLAUSIBLE-LENGTH 11.store[194..<297]"]),
        Expected(fixture: "store-length-max", findings: ["STORE-IMPLAUSIBLE-LENGTH 11.store[194..<297]"]),
        Expected(fixture: "store-undecodable", findings: ["STORE-UNDECODABLE 11.store[194..<297] 16...16"]),
        Expected(fixture: "store-offset-mismatch", findings: ["STORE-OFFSET-MISMATCH 11.store[194..<297] 16...16"]),
        Expected(
            fixture: "store-offset-order",
            findings: [
                "STORE-OFFSET-ORDER 34.store[894..<925] 49...49", "STORE-UNINDEXED-FRAMES 34.store[894..<925] 49...49",
            ]),
        Expected(fixture: "store-stuck-index-orphans", findings: ["STORE-STUCK-INDEX-ORPHANS 0.store[1868..<1978] 85...85"]),
        Expected(fixture: "store-unindexed-frames", findings: ["STORE-UNINDEXED-FRAMES 34.store[755..<894] 47...49"]),
        Expected(fixture: "raft-term-order", findings: ["RAFT-TERM-ORDER 1.store[1526..<1599] 21...21"]),
        Expected(fixture: "raft-term-order-across-segments", findings: ["RAFT-TERM-ORDER - 55...55"]),
    ]

    static func describe(_ finding: Finding) -> String {
        var text = finding.id.rawValue + " " + (finding.file ?? "-")
        if let bytes = finding.bytes { text += "[\(bytes.lowerBound)..<\(bytes.upperBound)]" }
        if let offsets = finding.offsets { text += " \(offsets.lowerBound)...\(offsets.upperBound)" }
        return text
    }

    @Test(arguments: expectations)
    func checkReportsExactlyTheListedFindings(expected: Expected) throws {
        let directory = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/" + expected.fixture)
        let report = try IntegrityChecker(directory: directory, live: false).run()
        #expect(report.findings.map(Self.describe) == expected.findings)
        #expect(report.isClean == expected.findings.isEmpty)
    }

    @Test func everyDamagedFixtureIsListed() {
        let listed = Set(Self.expectations.map(\.fixture))
        #expect(Set(Files.names(TestPaths.packageRoot + "/Fixtures/damaged")) == listed)
    }

    @Test(arguments: ["small", "initial-offset", "truncated", "large", "empty"])
    func goldenCleanLogsHaveNoFindings(name: String) throws {
        let report = try IntegrityChecker(directory: try LogDirectory(path: TestPaths.golden + "/" + name), live: false).run()
        #expect(report.findings.isEmpty)
    }

    /// A store cut anywhere inside its last frame's length prefix (zeros: the frame is under 16 MiB)
    /// ends in a torn frame, not in "preallocated space" (it was `STORE-ZERO-RUN`).
    @Test(arguments: 1...7)
    func aStoreCutInsideALengthPrefixHasATornTail(kept: Int) throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        let store = Files.bytes(path + "/34.store")
        Files.write(Array(store[..<(863 + kept)]), to: path + "/34.store")  // the last frame (offset 49) starts at byte 863
        let report = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(report.findings.map(Self.describe) == ["STORE-TORN-TAIL 34.store[863..<\(863 + kept)] 49...49"])
        #expect(report.findings.first?.summary == "the store ends inside the last frame's length prefix")
    }

    /// Terms across segments are compared by the quick check too (`stat`, the inspector's first
    /// screen): it reads each trusted segment's first and last frame.
    @Test func aQuickCheckFindsATermGoingBackAcrossSegments() throws {
        let directory = try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/raft-term-order-across-segments")
        let report = try IntegrityChecker(directory: directory, live: false, quick: true).run()
        #expect(report.findings.map(Self.describe) == ["RAFT-TERM-ORDER - 55...55"])
        #expect(report.segments.map(\.firstTerm?.term) == [1, 1])
        #expect(report.segments.map(\.lastTerm) == [TermMark(offset: 54, term: 2), TermMark(offset: 114, term: 2)])
    }

    @Test(arguments: ["A-healthy", "B-follower-lag", "E-snapshot"])
    func theServiceRaftLogsHaveTermsInOrder(scenario: String) throws {
        for node in 0..<3 {
            let directory = try LogDirectory(path: TestPaths.raft + "/\(scenario)/node-\(node)/raft/log")
            let report = try IntegrityChecker(directory: directory, live: false).run()
            #expect(!report.findings.contains { $0.id == .raftTermOrder })
            #expect(report.segments.last?.lastTerm?.term == 2)
        }
    }

    @Test func anEmptyDirectoryHasNoSegments() throws {
        let dir = TemporaryDirectory()
        let report = try IntegrityChecker(directory: try LogDirectory(path: dir.path), live: false).run()
        #expect(report.findings.map(\.id) == [.noSegments])
    }

    /// A quick check trusts a segment whose last entry and last frame prove a clean close (it does not
    /// read the middle), and walks every other segment in full.
    @Test func quickCheckAgreesOnCleanLogsAndWalksDamagedOnes() throws {
        let directory = try LogDirectory(path: TestPaths.golden + "/large")
        let quick = try IntegrityChecker(directory: directory, live: false, quick: true).run()
        let full = try IntegrityChecker(directory: directory, live: false).run()
        #expect(quick.segments.map(\.intactCount) == full.segments.map(\.intactCount))
        let damaged = try IntegrityChecker(
            directory: try LogDirectory(path: TestPaths.packageRoot + "/Fixtures/damaged/store-torn-tail"), live: false, quick: true
        ).run()
        #expect(damaged.findings.map(\.id) == [.storeTornTail])
    }
}
