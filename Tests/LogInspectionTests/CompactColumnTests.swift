import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// A report keeps a segment with nothing wrong in a few numbers, and reads every segment back as the
/// check found it.
@Suite struct CompactColumnTests {
    /// A number that has a smaller form only when it is even (its half).
    struct Even: CompactStorable {
        var value: Int
        var compacted: Int? { value % 2 == 0 ? value / 2 : nil }
        init(_ value: Int) { self.value = value }
        init(expanding compact: Int) { value = compact * 2 }
    }

    /// A value whose smaller form loses a field: the column must keep it whole.
    struct Lossy: CompactStorable {
        var kept: Int
        var dropped: Int
        var compacted: Int? { kept }
        init(kept: Int, dropped: Int) { (self.kept, self.dropped) = (kept, dropped) }
        init(expanding compact: Int) { (kept, dropped) = (compact, 0) }
    }

    @Test func elementsReadBackAsWrittenWhicheverFormTheyAreKeptIn() {
        var column: CompactColumn<Even> = [Even(2), Even(3), Even(4)]
        #expect(column.map(\.value) == [2, 3, 4])
        #expect(column.compactCount == 2)
        column[0] = Even(5)
        column.append(Even(6))
        column.replaceSubrange(1..<2, with: [Even(7), Even(8)])
        #expect(column.map(\.value) == [5, 7, 8, 4, 6])
        #expect(column.compactCount == 3)
        column.removeSubrange(3...)
        #expect(column.map(\.value) == [5, 7, 8])
        #expect(column == CompactColumn([Even(5), Even(7), Even(8)]))
        #expect(column != CompactColumn([Even(5), Even(7), Even(10)]))
    }

    @Test func aSmallerFormThatLosesAFieldIsNotUsed() {
        let column: CompactColumn<Lossy> = [Lossy(kept: 1, dropped: 0), Lossy(kept: 1, dropped: 9)]
        #expect(column.compactCount == 1)
        #expect(column[1] == Lossy(kept: 1, dropped: 9))
    }

    @Test func aHealthyLogsSegmentsAreAllKeptSmall() throws {
        let directory = try LogDirectory(path: TestPaths.fixture("damaged/healthy"))
        for quick in [true, false] {
            let report = try IntegrityChecker(directory: directory, quick: quick).run()
            #expect(report.segments.count > 1)
            #expect(report.segments.compactCount == report.segments.count, "quick: \(quick)")
        }
        // What a clean segment costs in a report: its sizes and terms take 32 bits, its counts 16, its
        // stamps one fingerprint, a frame-size histogram is boxed (136 bytes, then 88, 100,000 segments).
        #expect(
            MemoryLayout<CompactColumn<SegmentHealth>.Slot>.stride <= 48,
            "\(MemoryLayout<SegmentHealth.Compact>.size) \(MemoryLayout<SegmentHealth.Compact>.stride) \(MemoryLayout<CompactColumn<SegmentHealth>.Slot>.size)")
    }

    /// In a damaged log, every segment with nothing wrong is still kept small (Raft terms, a zero
    /// index tail and frame sizes among what the few numbers hold), and only the damaged ones whole.
    @Test(arguments: ["crashed", "store-torn-tail", "store-unindexed-frames", "raft-term-order-across-segments", "segment-gap"])
    func onlyDamagedSegmentsAreKeptWhole(fixture: String) throws {
        let directory = try LogDirectory(path: TestPaths.fixture("damaged/" + fixture))
        for quick in [true, false] {
            let report = try IntegrityChecker(directory: directory, quick: quick).run()
            let clean = report.segments.count { $0.worstSeverity == nil && !$0.isLive }
            // A gap and terms out of order across segments are findings about no one segment.
            #expect(clean < report.segments.count || ["raft-term-order-across-segments", "segment-gap"].contains(fixture))
            #expect(report.segments.compactCount == clean, "quick: \(quick)")
        }
    }
}
