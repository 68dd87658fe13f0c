import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// `stat` keeps a row a segment: one with nothing wrong in a few numbers, any other whole, each read
/// back as it was made.
@Suite struct StatisticsRowTests {
    @Test func cleanRowsAreKeptSmallAndReadBackWhole() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(40, in: dir.path)
        Files.append([0, 0, 0], to: dir.child("7.store"))  // a torn tail: segment 7 has an error
        let directory = try LogDirectory(path: dir.path)
        let stats = try LogStatistics(directory: directory, report: try IntegrityChecker(directory: directory, live: false).run())
        #expect(stats.rows.count == 40 && stats.rows.compactCount == 39)
        #expect(stats.rows[7].state == "error" && stats.rows[8].state == "ok")
        #expect(stats.rows[8].health.validEntries == 1 && stats.rows[8].health.counts.frameSizes != nil)
        #expect(stats.rows.allSatisfy { $0.indexFill == 1 })
    }
}
