import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The full check's fast path over frames that need no finding: the same health as frame by frame,
/// and a run that ends at the first frame the full check must look at.
@Suite struct CleanRunTests {
    /// Segment `index` of `path` and a walk standing after its first frame (the full check's share).
    private func walkAfterFirstFrame(_ path: String, segment index: Int) throws -> (SegmentChecker, SegmentChecker.Walk, SegmentHealth) {
        let segment = try LogDirectory(path: path).segments[index]
        let first = try segment.frame(at: 0)
        var walk = SegmentChecker.Walk()
        walk.position = first.end
        walk.slot = 1
        walk.lastOffset = segment.baseOffset
        walk.lastEntryPosition = 0
        var health = SegmentHealth(
            baseOffset: segment.baseOffset, storeSize: segment.storeSize, indexSize: segment.indexSize, indexEntries: 0, zeroTailSlots: 0,
            frames: 1, indexedFrames: 1, firstOffset: segment.baseOffset, lastOffset: nil, regions: [], worstSeverity: nil, isLive: false)
        health.addIntact(segment.baseOffset)
        health.addRegion(.indexed, 0..<first.end)
        return (SegmentChecker(segment: segment, live: false), walk, health)
    }

    @Test func aRunTakesCleanFramesAtOnceWithOneRegionAndOneIntactRange() throws {
        let (checker, start, before) = try walkAfterFirstFrame(TestPaths.golden + "/large", segment: 1)
        let segment = checker.segment
        var walk = start
        var health = before
        let claimed = segment.indexSlots
        let taken = try checker.walkCleanRun(
            claimed: claimed, reader: try #require(try segment.frameReader()), entries: try segment.reader(), walk: &walk, health: &health)
        // 100-byte values: a 256 KiB window holds some 2,300 frames, all clean.
        #expect(taken > 1000)
        #expect(taken <= SegmentChecker.cleanRunLimit)
        let last = segment.baseOffset + UInt64(taken)
        #expect(walk.slot == 1 + taken)
        #expect(walk.lastOffset == last)
        #expect(try segment.frame(at: walk.position).embeddedOffset == last + 1)
        #expect(try segment.frame(at: try #require(walk.lastEntryPosition)).embeddedOffset == last)
        #expect(health.frames == 1 + taken)
        #expect(health.indexedFrames == 1 + taken)
        #expect(health.intactOffsets == [segment.baseOffset...last])
        #expect(health.regions == [SegmentHealth.Region(kind: .indexed, bytes: 0..<walk.position)])
    }

    @Test func aFullCheckOfACleanLogAsksToStopEveryFewThousandFrames() throws {
        let segment = try LogDirectory(path: TestPaths.golden + "/large").segments[1]
        let asked = Locked(0)
        var checker = SegmentChecker(segment: segment, live: false)
        checker.shouldStop = {
            asked.withLock { $0 += 1 }
            return false
        }
        var collector = FindingCollector()
        let health = try checker.run(into: &collector)
        #expect(collector.findings.isEmpty)
        #expect(health.frames == segment.indexSlots)
        #expect(health.counts.records == segment.indexSlots)
        #expect(health.counts.frameSizes?.total == UInt64(segment.indexSlots))
        #expect(health.regions == [SegmentHealth.Region(kind: .indexed, bytes: 0..<segment.storeSize)])
        #expect(asked.withLock { $0 } >= segment.indexSlots / (2 * SegmentChecker.cleanRunLimit))
    }

    /// Frame 5 of segment 11 is zeroed (bytes 194..<297): the run ends before it, for the full check.
    @Test func aRunEndsAtTheFirstFrameThatNeedsAFinding() throws {
        let (checker, start, before) = try walkAfterFirstFrame(TestPaths.packageRoot + "/Fixtures/damaged/store-zero-run", segment: 1)
        var walk = start
        var health = before
        let segment = checker.segment
        let taken = try checker.walkCleanRun(
            claimed: segment.indexSlots, reader: try #require(try segment.frameReader()), entries: try segment.reader(), walk: &walk,
            health: &health)
        #expect(taken == 4)
        #expect(walk.position == 194)
        #expect(
            try checker.walkCleanRun(
                claimed: segment.indexSlots, reader: try #require(try segment.frameReader()), entries: try segment.reader(), walk: &walk,
                health: &health) == 0)
    }

    @Test func intactRangesAddedAtOnceMatchOneByOne() {
        var one = SegmentHealth(
            baseOffset: 0, storeSize: 0, indexSize: 0, indexEntries: 0, zeroTailSlots: 0, frames: 0, indexedFrames: 0, firstOffset: nil,
            lastOffset: nil, regions: [], worstSeverity: nil, isLive: false)
        var many = one
        // Separate ranges up to the cap, then a range that extends the last and one that is dropped.
        for k in 0..<UInt64(SegmentHealth.maxIntactRanges) {
            one.addIntact((k * 10)...(k * 10 + 2))
            for offset in (k * 10)...(k * 10 + 2) { many.addIntact(offset) }
        }
        let top = UInt64(SegmentHealth.maxIntactRanges - 1) * 10 + 2
        one.addIntact((top + 1)...(top + 5))
        for offset in (top + 1)...(top + 5) { many.addIntact(offset) }
        one.addIntact((top + 10)...(top + 12))
        for offset in (top + 10)...(top + 12) { many.addIntact(offset) }
        #expect(one.intactOffsets == many.intactOffsets)
        #expect(one.intactOffsets.count == SegmentHealth.maxIntactRanges)
        #expect(one.intactOffsets.last == (top - 2)...(top + 5))
    }
}
