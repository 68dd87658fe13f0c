import TestSupport
import Testing

@testable import LogInspection

@Suite struct SegmentBeingCreatedTests {
    /// A writer rolling creates the new segment's store, then its index: a live look in between sees
    /// one empty file. That is a roll in progress (info), not a missing file (error), so `F` does not
    /// pause on it; at rest the same files are an error.
    @Test func aLiveSegmentWithOneEmptyFileIsBeingCreated() throws {
        for (present, id) in [("50.store", FindingID.storeWithoutIndex), ("50.index", .indexWithoutStore)] {
            let dir = TemporaryDirectory()
            let path = try dir.copy(TestPaths.golden + "/small")
            Files.write([], to: path + "/" + present)
            let live = try IntegrityChecker(directory: try LogDirectory(path: path), live: true).run()
            let finding = try #require(live.findings.first { $0.id == id })
            #expect(finding.severity == .info)
            #expect(finding.summary.contains("being created"))
            let atRest = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
            #expect(atRest.findings.first { $0.id == id }?.severity == .error)
        }
    }
}
