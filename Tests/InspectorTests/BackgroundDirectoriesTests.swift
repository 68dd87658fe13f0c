import Foundation
import LogCore
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// The compare view's diff, search and filter, and the single view's search, start a job each time a
/// writer appends: each job looks at what changed, not at every file of the directory again.
@Suite struct BackgroundDirectoriesTests {
    @Test func aJobAfterAnAppendListsNothingAgain() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(2000, in: dir.path)
        let access = CountingFileAccess()
        let directories = BackgroundDirectories(paths: [dir.path, nil], access: access)
        var heads: [Int?] = []
        try directories.read { heads = $0.map { $0?.segments.count } }
        #expect(heads == [2000, nil])
        #expect(access.counts.listings == 1 && access.counts.statCount == 2 * 2000 + 1)
        access.reset()
        SealedSegments.write(base: 2000, values: [Array("appended".utf8)], in: dir.path)
        var newest: Int?
        try directories.read { (directories) throws(LogError) in
            heads = directories.map { $0?.segments.count }
            newest = try directories[0]?.segments.last?.validEntryCount()
        }
        #expect(newest == 1)
        #expect(heads == [2001, nil], "the new segment is seen")
        let counts = access.counts
        #expect(counts.listings == 0, "\(counts)")
        #expect(counts.statCount <= 8, "the files inotify named (the new segment's), not 4,000: \(counts.stats)")
    }

    @Test func aFailedListingIsTriedAgainByTheNextJob() throws {
        let dir = TemporaryDirectory()
        let missing = dir.child("not-yet")
        let directories = BackgroundDirectories(paths: [missing])
        #expect(throws: LogError.self) { try directories.read { _ in } }
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: false)
        SealedSegments.write(3, in: missing)
        var count = 0
        try directories.read { count = $0[0]?.segments.count ?? 0 }
        #expect(count == 3)
    }
}
