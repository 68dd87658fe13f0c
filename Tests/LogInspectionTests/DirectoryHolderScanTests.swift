import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// How often a log directory looks through /proc for a process holding its files.
@Suite struct DirectoryHolderScanTests {
    @Test func aRecentLookIsReusedWithinTheInterval() throws {
        let dir = TemporaryDirectory()
        let directory = try LogDirectory(path: try dir.copy(TestPaths.golden + "/small"))
        directory.holderScanInterval = .seconds(3600)
        #expect(!directory.isHeldByWriter)
        let log = try Log(directory: directory.path)
        #expect(!directory.isHeldByWriter, "the look of a moment ago is still current")
        directory.holderScanInterval = .zero
        #expect(directory.isHeldByWriter)
        try log.close()
        #expect(!directory.isHeldByWriter)
    }
}
