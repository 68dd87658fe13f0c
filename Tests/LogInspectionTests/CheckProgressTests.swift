import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// A check says how far it has got: every segment counts once, whether walked, reused or left for later.
@Suite struct CheckProgressTests {
    @Test func everySegmentCountsOnce() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(40, in: dir.path)
        let directory = try LogDirectory(path: dir.path)
        let progress = CheckProgress()
        #expect(progress.segments == (0, 0))
        var checker = IntegrityChecker(directory: directory, live: false, threads: 3)
        checker.progress = progress
        let report = try checker.run()
        #expect(progress.segments == (40, 40))
        // Reusing that report, and leaving most segments for later, still counts each one.
        var again = IntegrityChecker(directory: directory, live: false, quick: true, reusing: report)
        again.onlySegments = [0, 39]
        again.progress = progress
        _ = try again.run()
        #expect(progress.segments == (40, 40))
    }

    /// A check asked to keep the segments it finds clean hands each one over once, as it goes:
    /// neither a segment with findings nor the newest one (a writer's, whatever it finds).
    @Test func itHandsOverTheCleanSegmentsOnce() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(12, in: dir.path)
        Files.append([0, 0, 0], to: dir.child("3.store"))  // a torn tail: a finding of segment 3
        let directory = try LogDirectory(path: dir.path)
        let progress = CheckProgress(keepingCleanSegments: true)
        var checker = IntegrityChecker(directory: directory, live: false, threads: 3)
        checker.progress = progress
        let report = try checker.run()
        #expect(report.findings.contains { $0.id == .storeTornTail && $0.file == "3.store" })
        let clean = progress.takeCleanSegments()
        #expect(clean.map(\.baseOffset).sorted() == Array(0...10).filter { $0 != 3 })
        #expect(clean.allSatisfy { $0.checked && $0.validEntries == 1 && $0.worstSeverity == nil })
        // Each one once, and kept in its small form.
        #expect(progress.takeCleanSegments().isEmpty)
        #expect(clean.compactCount == clean.count)
        // Not asked to keep them, it keeps none.
        let counting = CheckProgress()
        checker.progress = counting
        _ = try checker.run()
        #expect(counting.takeCleanSegments().isEmpty && counting.segments == (12, 12))
    }

    /// Looking for writers checks twice (the second time only what a writer holds): the figure
    /// counts the directory once.
    @Test func lookingForWritersCountsTheDirectoryOnce() throws {
        let dir = TemporaryDirectory()
        SealedSegments.write(12, in: dir.path)
        var checker = IntegrityChecker(directory: try LogDirectory(path: dir.path))
        let progress = CheckProgress()
        checker.progress = progress
        _ = try checker.run()
        #expect(progress.segments == (12, 12))
    }
}

/// A list that keeps one element inline reads, changes and compares as an array does.
@Suite struct CompactListTests {
    @Test func itBehavesAsAnArray() {
        var list: CompactList<Int> = []
        var array: [Int] = []
        #expect(list.isEmpty && list.first == nil)
        for value in [4, 8, 15, 16] {
            list.append(value)
            array.append(value)
            #expect(Array(list) == array)
            #expect(list == CompactList(array))
        }
        list[0] = 42
        array[0] = 42
        list[3] += 1
        array[3] += 1
        #expect(Array(list) == array && list.last == 17)
        var one: CompactList<Int> = [7]
        one[0] = 9
        #expect(Array(one) == [9] && one.count == 1)
        #expect(one != [9, 9] && one != [] && one == [9])
        #expect(CompactList([1, 2]) == [1, 2])
    }
}
