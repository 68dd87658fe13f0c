import LogInspection
import Testing

@testable import InspectorCore

/// The synthetic snapshot as a live log: its newest segment (base 35) holds `entries` index entries,
/// the first `readable` of them with their frames in the store (the rest pending), in an index file
/// preallocated to 1000 slots; the sealed segments hold 1 MB stores.
func liveSnapshot(entries: Int, readable: Int, findings: [Finding]? = nil) -> DirectorySnapshot {
    var snapshot = syntheticSnapshot()
    snapshot.live = true
    for i in 0..<2 { snapshot.segments[i].storeBytes = 1_000_000 }
    snapshot.segments[2].rowCount = entries
    snapshot.segments[2].lastOffset = readable > 0 ? 35 + UInt64(readable) - 1 : nil
    snapshot.segments[2].counts = SegmentCounts(indexEntries: entries, records: readable, pendingEntries: entries - readable)
    snapshot.segments[2].isBeingWritten = true
    snapshot.segments[2].mark = .live
    snapshot.segments[2].indexBytes = 12 * 1000
    if let findings { snapshot.findings = findings }
    return snapshot
}

/// A live update at `at` seconds: `entries` entries in the newest segment, 100 bytes per record.
func liveUpdate(at: Double, entries: Int, readable: Int? = nil, findings: [Finding]? = nil) -> LiveUpdate {
    LiveUpdate(
        snapshot: liveSnapshot(entries: entries, readable: readable ?? entries, findings: findings), at: at, head: 35 + UInt64(entries),
        appendedBytes: 2_000_000 + UInt64(entries) * 100, activeBytes: UInt64(entries) * 100)
}

func screen(_ state: InspectorState) -> [String] {
    var buffer = Buffer(size: state.size)
    render(state, into: &buffer)
    return buffer.lines
}

func row(_ offset: UInt64, verdict: RecordVerdict, value: [UInt8]? = nil) -> RowData {
    RowData(
        offset: offset, relativeOffset: UInt32(offset - 35), position: (offset - 35) * 100, frameSize: 100, valueLength: value?.count,
        verdict: verdict, value: value, note: verdict == .pending ? "waiting for the writer to flush its frame" : "")
}

/// Follow mode, pending entries, rates and the roll estimate through the pure state machine, on a clock
/// the tests move (no sleeping).
@Suite struct LiveTests {
    func liveState(entries: Int = 110, readable: Int = 100) -> InspectorState {
        InspectorState(size: Size(width: 160, height: 48), snapshot: liveSnapshot(entries: entries, readable: readable))
    }

    @Test func followSticksToTheNewestReadableRecordNotToAPendingEntry() throws {
        var s = liveState()
        _ = reduce(&s, .key(.character("f")))
        #expect(s.live.follow == .following(untilAnomaly: false))
        #expect(s.selectedOffset == 134, "offsets 135–144 are indexed but their frames are not in the store yet")
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 1, entries: 130, readable: 120)))
        #expect(s.selectedOffset == 154)
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 2, entries: 130, readable: 130)))
        #expect(s.selectedOffset == 164)
    }

    /// `F` while following (the demo starts so) follows until the next anomaly instead of stopping;
    /// the same key again stops, and `f` goes back to plain following.
    @Test func capitalFWhileFollowingSwitchesToUntilAnAnomaly() throws {
        var s = liveState()
        _ = reduce(&s, .key(.character("f")))
        _ = reduce(&s, .key(.character("F")))
        #expect(s.live.follow == .following(untilAnomaly: true))
        #expect(s.message?.text.hasPrefix("following until the next anomaly") == true)
        _ = reduce(&s, .key(.character("f")))
        #expect(s.live.follow == .following(untilAnomaly: false))
        _ = reduce(&s, .key(.character("f")))
        #expect(s.live.follow == .off)
    }

    /// A large segment's counts are long: the sparkline gives way first, and the rates and the
    /// counts stay.
    @Test func theRatesAndCountsStayInTheRecordsTitleWhenTheSparklineGivesWay() throws {
        var s = liveState(entries: 123_456, readable: 123_400)
        _ = reduce(&s, .key(.character("f")))
        for second in 1...6 {
            _ = reduce(&s, .liveUpdated(liveUpdate(at: Double(second), entries: 123_456 + second * 22_800, readable: 123_400 + second * 22_800)))
        }
        let title = try #require(screen(s).first { $0.contains("Records · segment 35") })
        #expect(title.contains(" rec/s · "), "\(title)")
        #expect(title.contains("260200 records, 56 pending entries") && !title.contains("▁"), "the sparkline gives way: \(title)")
        _ = reduce(&s, .key(.character("f")))
        for second in 7...40 { _ = reduce(&s, .tick(Double(second))) }
        let idle = try #require(screen(s).first { $0.contains("Records · segment 35") })
        #expect(idle.contains("260200 records, 56 pending entries"), "with nothing arriving for long, the counts: \(idle)")
    }

    @Test func afterARollWithOnlyPendingEntriesFollowStaysOnThePreviousSegmentsNewestRecord() throws {
        var s = liveState(entries: 5, readable: 0)
        _ = reduce(&s, .key(.character("f")))
        #expect(s.selectedSegment == 1)
        #expect(s.selectedOffset == 28)
    }

    @Test func pendingEntriesAreDimmedAndCountedNotErrors() throws {
        var s = liveState()
        for key in try KeyNotation.parse(":144<Enter>") { _ = reduce(&s, .key(key)) }
        #expect(s.selectedOffset == 144)
        let rows = Dictionary(
            uniqueKeysWithValues: (90..<110).map { ($0, row(35 + UInt64($0), verdict: $0 < 100 ? .readable : .pending, value: $0 < 100 ? [0x41] : nil)) })
        _ = reduce(&s, .rowsLoaded(segment: 2, rows: rows))
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        let lines = buffer.lines
        #expect(lines.contains { $0.contains("100 records, 10 pending entries") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("+10 pend") }, "the segments pane says how many entries wait")
        let pendingY = try #require(lines.firstIndex { $0.contains(" 140 ") && $0.contains("pending") })
        let statusX = try #require(lines[pendingY].range(of: "pending").map { lines[pendingY].distance(from: lines[pendingY].startIndex, to: $0.lowerBound) })
        #expect(buffer[statusX, pendingY].style == Theme.info)
        #expect(buffer[statusX + 12, pendingY].style == Theme.dim, "the note of a pending entry is dimmed")
    }

    @Test func ratesAreMeasuredOverASlidingWindowAndDecayWhenTheWriterStops() throws {
        var s = liveState(entries: 0, readable: 0)
        // 228 records a second, seen in one burst per second (a buffered writer), ticks in between.
        var rates: [Double] = []
        var bytes: [Double] = []
        for second in 0...12 {
            _ = reduce(&s, .liveUpdated(liveUpdate(at: Double(second), entries: second * 228)))
            for tenth in 1..<10 {
                _ = reduce(&s, .tick(Double(second) + Double(tenth) / 10))
                if second >= 6 {
                    rates.append(s.live.recordsPerSecond)
                    bytes.append(s.live.bytesPerSecond)
                }
            }
        }
        #expect(rates.allSatisfy { (180...240).contains($0) }, "\(rates)")
        #expect(bytes.allSatisfy { (18_000...24_000).contains($0) }, "\(bytes)")
        #expect(screen(s).contains { $0.contains("rec/s") && $0.contains("█") }, "the rate and sparkline stay while records arrive")
        for tenth in 0...60 { _ = reduce(&s, .tick(12.9 + Double(tenth) / 10)) }
        #expect(s.live.recordsPerSecond == 0)
        #expect(s.live.secondsUntilRoll == nil)
        #expect(!screen(s).contains { $0.contains("rolls in") }, "no roll estimate once the writer stopped")
    }

    /// At 200 columns the records title keeps the rates and the count (the sparkline gives way), at
    /// 250 it has room for the sparkline too;
    /// once the writer stops it says "idle", not "0 rec/s · 0B/s".
    @Test func theRecordsTitleKeepsRatesAndCountsAt200ColumnsAndSaysIdle() throws {
        var s = InspectorState(size: Size(width: 200, height: 50), snapshot: liveSnapshot(entries: 0, readable: 0))
        _ = reduce(&s, .key(.character("f")))
        for second in 0...6 { _ = reduce(&s, .liveUpdated(liveUpdate(at: Double(second), entries: second * 228))) }
        let title = try #require(screen(s).first { $0.contains("Records · segment 35") })
        #expect(title.contains("rec/s") && title.contains("B/s") && title.contains("1368 records"), "\(title)")
        _ = reduce(&s, .resize(Size(width: 250, height: 50)))
        let wide = try #require(screen(s).first { $0.contains("Records · segment 35") })
        #expect(wide.contains("1368 records") && wide.contains { "▁▂▃▄▅▆▇█".contains($0) }, "at 250 columns a sparkline too: \(wide)")
        for tenth in 0...100 { _ = reduce(&s, .tick(6.1 + Double(tenth) / 10)) }
        #expect(s.live.recordsPerSecond == 0)
        let idle = try #require(screen(s).first { $0.contains("Records · segment 35") })
        #expect(idle.contains("idle") && !idle.contains("0 rec/s"), "\(idle)")
    }

    /// With no sealed segment the store's limit is unknown: the estimate says when the index fills.
    @Test func withoutASealedSegmentTheEstimateIsWhenTheIndexFills() throws {
        func oneSegment(at: Double, entries: Int) -> LiveUpdate {
            var snapshot = liveSnapshot(entries: entries, readable: entries)
            snapshot.segments = [snapshot.segments[2]]
            return LiveUpdate(snapshot: snapshot, at: at, head: 35 + UInt64(entries), appendedBytes: UInt64(entries) * 100, activeBytes: UInt64(entries) * 100)
        }
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: oneSegment(at: 0, entries: 0).snapshot!)
        for tenth in 0...30 { _ = reduce(&s, .liveUpdated(oneSegment(at: Double(tenth) / 10, entries: tenth * 10))) }
        #expect(!s.live.rollEstimateKnowsStore)
        #expect(screen(s).contains { $0.contains("index full in ~") }, "\(screen(s)[1])")
        #expect(!screen(s).contains { $0.contains("rolls in") })
    }

    /// While the Go reference writes, every sealed store is empty (it writes their frames when it
    /// closes): no store size is claimed ("of ~0B", "rolls in"), the estimate is the index's.
    @Test func emptySealedStoresSayNothingOfTheRollSize() throws {
        func update(at: Double, entries: Int) -> LiveUpdate {
            var update = liveUpdate(at: at, entries: entries)
            for i in 0..<2 { update.snapshot!.segments[i].storeBytes = 0 }
            return update
        }
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: update(at: 0, entries: 0).snapshot!)
        for tenth in 0...30 { _ = reduce(&s, .liveUpdated(update(at: Double(tenth) / 10, entries: tenth * 10))) }
        #expect(s.live.estimatedSegmentBytes == nil)
        #expect(!s.live.rollEstimateKnowsStore)
        #expect(!screen(s).contains { $0.contains("of ~") || $0.contains("rolls in") }, "\(screen(s)[1])")
        #expect(screen(s).contains { $0.contains("index full in ~") })
    }

    @Test func theRollEstimateFollowsTheActiveIndexsFill() throws {
        var s = liveState(entries: 0, readable: 0)
        var estimates: [Double] = []
        for tenth in 0...80 {
            let t = Double(tenth) / 10
            _ = reduce(&s, .liveUpdated(liveUpdate(at: t, entries: tenth * 10)))
            if t >= 1, let eta = s.live.secondsUntilRoll { estimates.append(eta) }
        }
        // 100 records a second into an index of 1000 slots: it fills at 10 s.
        #expect(estimates.count > 60)
        #expect(abs((estimates.last ?? 0) - 2) < 0.3, "\(estimates)")
        #expect(zip(estimates, estimates.dropFirst()).allSatisfy { abs($0 - $1 - 0.1) < 0.05 }, "\(estimates)")
        #expect(screen(s).contains { $0.contains("rolls in ~2 s") })
    }

    /// The store size a segment rolls at is the largest sealed store's; on a roll only the segments
    /// sealed since are looked at, and a larger one among them raises it.
    @Test func theRollSizeTakesInTheSegmentsSealedByRolls() throws {
        var s = liveState(entries: 0, readable: 0)
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 0, entries: 10)))
        #expect(s.live.estimatedSegmentBytes == 1_000_000)
        var summaries = s.snapshot.segments
        var at = 1.0
        for sealed: UInt64 in [900_000, 1_200_000, 1_100_000] {
            let first = summaries.count - 1
            var newest = summaries[first]
            summaries[first].storeBytes = sealed
            summaries[first].isBeingWritten = false
            summaries[first].mark = .ok
            newest.baseOffset += UInt64(newest.rowCount)
            newest.firstOffset = newest.baseOffset
            newest.lastOffset = newest.baseOffset + 9
            summaries.append(newest)
            let patch = TailPatch(
                firstSegment: first, summaries: [summaries[first], newest], findings: s.snapshot.findings, keptFindings: s.snapshot.findings.count,
                earlierRows: [:], live: true)
            _ = reduce(&s, .liveUpdated(LiveUpdate(snapshot: nil, patch: patch, at: at, head: newest.baseOffset + 10, appendedBytes: 0, activeBytes: 1000)))
            #expect(s.snapshot.segments.count == summaries.count)
            at += 1
        }
        #expect(s.live.estimatedSegmentBytes == 1_200_000)
    }

    @Test func shiftFPausesOnTheFirstNewAnomalyNotOnPendingEntries() throws {
        var s = liveState()
        _ = reduce(&s, .key(.character("F")))
        #expect(s.live.follow == .following(untilAnomaly: true))
        let pending = Finding(.indexPending, file: "35.index", offsets: 135...144, summary: "10 entries wait for their frames")
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 1, entries: 120, readable: 110, findings: s.snapshot.findings + [pending])))
        #expect(s.live.follow == .following(untilAnomaly: true))
        #expect(s.selectedOffset == 144)
        let zeros = Finding(.storeZeroRun, file: "10.store", bytes: 100..<600, offsets: 12...12, summary: "a run of zero bytes between frames")
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 2, entries: 130, readable: 130, findings: s.snapshot.findings + [zeros])))
        #expect(s.live.follow == .paused(arrived: 0, untilAnomaly: true))
        #expect(s.message?.text.hasPrefix("follow paused on a new anomaly: STORE-ZERO-RUN") == true)
        #expect(s.selectedSegment == 1)
        #expect(screen(s)[0].contains("PAUSED"))
    }

    @Test func goingToAnAnomalyOrAnOffsetPausesFollow() throws {
        var s = liveState()
        _ = reduce(&s, .key(.character("f")))
        _ = reduce(&s, .key(.character("e")))
        #expect(s.live.follow == .paused(arrived: 0, untilAnomaly: false))
        _ = reduce(&s, .liveUpdated(liveUpdate(at: 1, entries: 120)))
        #expect(s.selectedSegment == 1, "the anomaly stays selected while records arrive")
        _ = reduce(&s, .key(.character("G")))
        #expect(s.live.follow == .following(untilAnomaly: false))
        for key in try KeyNotation.parse(":20<Enter>") { _ = reduce(&s, .key(key)) }
        #expect(s.live.follow == .paused(arrived: 0, untilAnomaly: false))
        #expect(s.selectedOffset == 20)
    }

    @Test func pausingFollowEndsTheFollowingMessageSoTheBarsAgree() throws {
        var s = liveState()
        _ = reduce(&s, .key(.character("f")))
        #expect(s.message?.text.hasPrefix("following new records") == true)
        _ = reduce(&s, .key(.character("k")))
        #expect(s.live.follow == .paused(arrived: 0, untilAnomaly: false))
        let lines = screen(s)
        #expect(lines[0].contains("PAUSED +0"))
        #expect(!lines.last!.contains("following"), "\(lines.last!)")
        // G resumes, and the bottom bar says so again.
        _ = reduce(&s, .key(.character("G")))
        #expect(s.live.follow == .following(untilAnomaly: false))
        #expect(screen(s).last!.contains("following new records (f stops, k pauses, G resumes)"), "\(screen(s).last!)")
    }
}

/// The header says how far the background check has got.
@Suite struct CheckFigureTests {
    @Test func theHeaderShowsTheCheckedShareUntilTheCheckEnds() throws {
        var snapshot = syntheticSnapshot()
        snapshot.fullCheck = false
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: snapshot)
        _ = reduce(&s, .checkStarted)
        #expect(screen(s)[0].contains("(checking…)"), "no figure before the check reports: \(screen(s)[0])")
        _ = reduce(&s, .checkProgressed(CheckFigure(done: 10_250, total: 24_818)))
        #expect(screen(s)[0].contains("(checking… 41%)"), "\(screen(s)[0])")
        _ = reduce(&s, .checkProgressed(CheckFigure(done: 24_818, total: 24_818)))
        #expect(screen(s)[0].contains("(checking… 100%)"))
        _ = reduce(&s, .checkEnded)
        #expect(s.checkFigure == nil)
        _ = reduce(&s, .checkProgressed(CheckFigure(done: 1, total: 2)))
        #expect(s.checkFigure == nil, "a figure after the check ended is stale")
        // A clean log says it too.
        var clean = syntheticSnapshot()
        (clean.fullCheck, clean.findings) = (false, [])
        var c = InspectorState(size: Size(width: 160, height: 48), snapshot: clean)
        _ = reduce(&c, .checkStarted)
        _ = reduce(&c, .checkProgressed(CheckFigure(done: 3, total: 4)))
        #expect(screen(c)[0].contains("✔ no anomalies (checking… 75%)"), "\(screen(c)[0])")
    }

    @Test func theFigureIsWholePercentsOfSegments() {
        #expect(CheckFigure(done: 0, total: 0).percent == 0)
        #expect(CheckFigure(done: 1, total: 3).percent == 33)
        #expect(CheckFigure(done: 5, total: 4).percent == 100)
        #expect(CheckFigure.label(nil) == "checking…")
        #expect(CheckFigure.label(CheckFigure(done: 0, total: 0)) == "checking…")
    }
}

/// Messages end with what they speak of, or with time.
@Suite struct MessageTests {
    func state() -> InspectorState { InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot()) }

    @Test func rescanningEndsWhenTheCheckEnds() throws {
        var s = state()
        #expect(reduce(&s, .key(.character("r"))) == [.rescan])
        #expect(s.message?.text == "rescanning…")
        _ = reduce(&s, .snapshotLoaded(syntheticSnapshot()))
        _ = reduce(&s, .checkStarted)
        #expect(s.message?.text == "rescanning…")
        #expect(screen(s).last!.contains("rescanning"))
        _ = reduce(&s, .checkEnded)
        #expect(!s.checking)
        #expect(s.message?.text == "check done: 1 error, 1 warning")
        _ = reduce(&s, .tick(StatusMessage.defaultSeconds + 1))
        #expect(s.message == nil)
        #expect(!screen(s).joined().contains("rescanning"))
    }

    @Test func locatedFrameAndAnomalyMessagesEndWhenTheSelectionMoves() throws {
        var s = state()
        _ = reduce(&s, .positionLocated(segment: 1, position: 140, row: 7))
        #expect(s.selectedOffset == 17)
        #expect(s.message?.text == "byte 140 of 10.store is in this frame")
        _ = reduce(&s, .tick(100))
        #expect(s.message?.text == "byte 140 of 10.store is in this frame", "it stays while offset 17 is selected")
        _ = reduce(&s, .key(.character("j")))
        #expect(s.message == nil)
        _ = reduce(&s, .key(.character("e")))
        #expect(s.message?.text.hasPrefix("[1/2] STORE-TORN-TAIL") == true)
        _ = reduce(&s, .key(.character("k")))
        #expect(s.message == nil)
    }

    @Test func otherMessagesExpire() throws {
        var s = state()
        _ = reduce(&s, .tick(10))
        _ = reduce(&s, .failed("something went wrong"))
        _ = reduce(&s, .tick(10 + StatusMessage.defaultSeconds - 0.5))
        #expect(s.message?.text == "something went wrong")
        _ = reduce(&s, .tick(10 + StatusMessage.defaultSeconds))
        #expect(s.message == nil)
    }

    @Test func anEmptySegmentsDetailSaysSoInsteadOfLoading() throws {
        var snapshot = syntheticSnapshot()
        snapshot.segments[2] = SegmentSummary(
            baseOffset: 35, rowCount: 0, firstOffset: nil, lastOffset: nil, storeBytes: 0, indexBytes: 0, mark: .ok, regions: [],
            anomalyRows: [])
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: snapshot)
        _ = reduce(&s, .key(.character("h")))
        _ = reduce(&s, .key(.character("G")))
        #expect(s.selectedSegment == 2)
        #expect(s.dataNeeds.isEmpty)
        let lines = screen(s).joined(separator: "\n")
        #expect(lines.contains("This segment holds no record."))
        #expect(!lines.contains("loading…"))
    }
}

/// The full check's report replaces the snapshot without sending the panes back to "loading": the
/// selected segment's rows stay when its summary did not change, and the detail too when the
/// findings did not; anything else, and `r`, reads them again.
@Suite struct ReportKeepsUnchangedRowsTests {
    func loaded() -> InspectorState {
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot())
        (s.selectedSegment, s.selectedRow) = (2, 1)  // offset 36, in the last segment
        _ = reduce(&s, .rowsLoaded(segment: 2, rows: [0: row(35, verdict: .readable), 1: row(36, verdict: .readable)]))
        _ = reduce(&s, .detailLoaded(detail(segment: 2, row: 1)))
        return s
    }

    func detail(segment: Int, row: Int) -> DetailData {
        DetailData(
            segment: segment, row: row, record: nil, frameBytes: [1, 2], frameByteCount: 2, frameStart: 0, neighbours: [], entryBytes: [],
            anomaly: nil, findingIndexes: [])
    }

    @Test func theSameSummaryKeepsRowsAndDetail() {
        var s = loaded()
        #expect(s.selectedSegment == 2 && s.rows.count == 2 && s.detail != nil)
        _ = reduce(&s, .snapshotLoaded(syntheticSnapshot()))
        #expect(s.rows.count == 2 && s.detail?.row == s.selectedRow)
    }

    @Test func otherFindingsDropTheDetailButKeepTheRows() {
        var s = loaded()
        var report = syntheticSnapshot()
        report.findings.append(Finding(.strayFile, file: "notes.txt", summary: "not a segment file (3 bytes)"))
        _ = reduce(&s, .snapshotLoaded(report))
        #expect(s.rows.count == 2 && s.detail == nil)
    }

    @Test func aChangedSummaryOrARescanReadsThemAgain() {
        var s = loaded()
        var report = syntheticSnapshot()
        report.segments[2].mark = .warning
        _ = reduce(&s, .snapshotLoaded(report))
        #expect(s.rows.isEmpty && s.detail == nil)
        s = loaded()
        _ = reduce(&s, .rescanned(syntheticSnapshot()))
        #expect(s.rows.isEmpty && s.detail == nil)
    }
}
