import Foundation
import LogCore
import TestSupport
import Testing

@testable import InspectorCore

/// The runtime on real fixtures with the in-memory terminal: effects really performed.
@Suite(.serialized) struct RuntimeTests {
    @Test func searchFindsTextAndHexAcrossSegments() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press("/alice<Enter>")
        #expect(runtime.state.selectedOffset == 2)
        try runtime.press("/x:7b22736571223a34<Enter>")  // {"seq":4…, first in segment 34
        #expect(runtime.state.selectedOffset == 42)
        try runtime.press("n")
        #expect(runtime.state.selectedOffset == 45)
        try runtime.press("N")
        #expect(runtime.state.selectedOffset == 42)
        try runtime.press("/no such thing<Enter>")
        #expect(runtime.state.searchStatus == "no match")
        #expect(runtime.state.selectedOffset == 42)
    }

    /// `N` at offset 0 searches back from UInt64.max (it wraps around), which overflowed and crashed
    /// (found by the directory fuzz target; its input is
    /// `Fixtures/fuzz-corpus/directory/crash-backward-search-from-offset-zero`).
    @Test func searchingBackFromOffsetZeroWrapsAround() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press("/hello<Enter>")
        #expect(runtime.state.selectedOffset == 1)
        try runtime.press("gN")
        #expect(runtime.state.selectedOffset == 1)
        try runtime.press(":0<Enter>/alice<Enter>:0<Enter>N")
        #expect(runtime.state.selectedOffset == 2)
    }

    @Test func filterKeepsOnlyMatchingRows() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press(":12<Enter>&message<Enter>")
        let rows = try #require(runtime.state.filter?.rows)
        #expect(!rows.isEmpty)
        #expect(runtime.state.visibleRowCount == rows.count)
        for row in rows { #expect(runtime.state.rows[row]?.preview(.auto).contains("message") ?? true) }
        #expect(runtime.frame().lines.contains { $0.contains("Records · segment 11 · &message") })
        try runtime.press("<Esc>")
        #expect(runtime.state.visibleRowCount == 23)
    }

    @Test func posFindsTheFrameHoldingAByte() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press(":pos 0x150<Enter>")  // byte 336 lies in the frame at 80 (offset 3, 269 bytes)
        #expect(runtime.state.selectedOffset == 3)
        try runtime.press(":pos 999999<Enter>")
        #expect(runtime.state.message?.isError == true)
    }

    @Test func copyPutsTheValueOrFrameOnTheClipboard() throws {
        let (runtime, terminal) = try makeRuntime("golden/small")
        try runtime.press(":1<Enter>y")
        #expect(terminal.clipboard == Array("hello world".utf8))
        try runtime.press("Y")
        #expect(terminal.clipboard == Array("000000000000000f0a0b68656c6c6f20776f726c641001".utf8))
        #expect(OSC52.sequence(for: Array("hi".utf8)) == "\u{1b}]52;c;aGk=\u{07}")
    }

    @Test func mouseCaptureToggleReachesTheTerminal() throws {
        let (runtime, terminal) = try makeRuntime("golden/small")
        try runtime.press("<F2>")
        #expect(!terminal.mouseCapture)
        try runtime.press("<F2>")
        #expect(terminal.mouseCapture)
    }

    @Test func rescanSeesNewRecordsAndKeepsTheSelection() throws {
        let scratch = TemporaryDirectory("rescan")
        let dir = scratch.child("log")
        let log = try Log(directory: dir, config: Config(maxStoreBytes: 300, durability: .flush), createDirectory: true)
        for i in 0..<10 { try log.append(Array("first \(i)".utf8)) }
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: dir, terminal: terminal)
        runtime.finishBackgroundWork()
        try runtime.press(":7<Enter>")
        for i in 0..<40 { try log.append(Array("later \(i)".utf8)) }
        try runtime.press("r")
        #expect(runtime.state.selectedOffset == 7)
        try runtime.press(":45<Enter>")
        #expect(runtime.state.selectedOffset == 45)
        #expect(runtime.state.detail?.record?.value == Array("later 35".utf8))
        try log.close()
    }

    /// `r` while the full check runs cancels it instead of waiting for it; the check that counts is
    /// the last one, over the files as they are now.
    @Test func rescanDuringTheFullCheckStartsOverWithoutWaiting() throws {
        let scratch = TemporaryDirectory("recheck")
        let dir = scratch.child("log")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("golden/large"), toPath: dir)
        let runtime = try InspectorRuntime(path: dir, terminal: InMemoryTerminal(size: Size(width: 160, height: 48)))
        let log = try Log(directory: dir, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 196_608, durability: .flush))
        for round in 0..<3 {
            #expect(runtime.state.checking)
            try log.append(Array("round \(round)".utf8))
            try runtime.press("r")
        }
        try log.close()
        #expect(runtime.state.checking)
        try runtime.press("r")
        #expect(runtime.retiredJobCount == 4, "each r cancelled the running check and went on")
        #expect(runtime.state.snapshot.referenceReopen == nil, "no reopen prediction until the new full check ends")
        runtime.finishBackgroundWork()
        // The prediction of the last check sees the three records appended (offsets 100000–100002).
        #expect(runtime.state.snapshot.referenceReopen?.contains("Its next Append would succeed at offset 100003.") == true)
        #expect(runtime.retiredJobCount == 0)
        #expect(!runtime.state.checking)
        #expect(runtime.state.snapshot.fullCheck)
        #expect(runtime.state.snapshot.findings.isEmpty, "\(runtime.state.snapshot.findings.map(\.line))")
        try runtime.press(":100002<Enter>")
        #expect(runtime.state.detail?.record?.value == Array("round 2".utf8))
    }

    /// The anomaly list ends with what the Go reference would do on reopening, for the MaxIndexBytes
    /// it is told (as `check --reference-max-index-bytes`).
    @Test func theAnomalyListShowsTheReferenceReopenPrediction() throws {
        _ = FileManager.default.changeCurrentDirectoryPath(TestPaths.packageRoot)
        let terminal = InMemoryTerminal(size: Size(width: 140, height: 30))
        let runtime = try InspectorRuntime(path: "Fixtures/golden/large", terminal: terminal, referenceMaxIndexBytes: 196_608)
        #expect(runtime.state.snapshot.referenceReopen == nil, "the quick check trusted every segment")
        runtime.finishBackgroundWork()
        try runtime.press("!")
        let screen = runtime.frame().lines.joined(separator: "\n")
        #expect(screen.contains("Reference reopen (Go proglog), as of the last full check:"), "\(screen)")
        #expect(screen.contains("(assuming MaxIndexBytes 196608)"), "\(screen)")
        #expect(screen.contains("It would read all"), "\(screen)")
    }

    /// Files cut short, rewritten and deleted under the cursor: every key still draws a frame, `r`
    /// shows the damage as findings, and nothing the inspector does writes to the directory.
    @Test func filesTruncatedRewrittenAndRemovedWhileBrowsing() throws {
        let scratch = TemporaryDirectory("shrink")
        let dir = scratch.child("log")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("golden/small"), toPath: dir)
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: dir, terminal: terminal)
        runtime.finishBackgroundWork()
        #expect(runtime.state.snapshot.findings.isEmpty)
        try runtime.press(":20<Enter><Enter>")
        #expect(runtime.state.detail?.record?.offset == 20)

        #expect(truncate(dir + "/11.store", 100) == 0)
        let store0 = try Data(contentsOf: URL(fileURLWithPath: dir + "/0.store"))
        try Data(repeating: 0xA5, count: store0.count).write(to: URL(fileURLWithPath: dir + "/0.store"))
        try FileManager.default.removeItem(atPath: dir + "/34.index")
        let damaged = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map {
            ($0, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)))
        }

        for keys in ["j", "]", "]", "]", "]", "k", "<S-Tab><S-Tab>", ":3<Enter>", "<Enter>]", "G", "g", ":40<Enter>", "e", "!", "<Esc>"] {
            try runtime.press(keys)
            runtime.pollLive(force: true)
            _ = runtime.frame()
        }
        try runtime.press("r")
        runtime.finishBackgroundWork()
        let ids = Set(runtime.state.snapshot.findings.map(\.id))
        let findings = runtime.state.snapshot.findings
        #expect(findings.contains { $0.file == "0.store" && $0.severity == .error }, "\(ids)")
        #expect(findings.contains { $0.file == "11.store" && $0.id == .storeTornTail }, "\(ids)")
        #expect(ids.contains(.storeWithoutIndex), "\(ids)")
        #expect(runtime.frame().lines[0].contains("✖"))
        let after = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map {
            ($0, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)))
        }
        #expect(after.map(\.0) == damaged.map(\.0))
        #expect(after.map(\.1) == damaged.map(\.1))
    }

    /// The open directory removed: the header no longer says "✔ no anomalies", and the finding says
    /// that the directory is gone (not that it holds no segment file).
    @Test func aRemovedDirectoryIsSaidToBeGone() throws {
        let scratch = TemporaryDirectory("gone")
        let dir = scratch.child("log")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("golden/small"), toPath: dir)
        let runtime = try InspectorRuntime(path: dir, terminal: InMemoryTerminal(size: Size(width: 160, height: 48)))
        runtime.finishBackgroundWork()
        #expect(runtime.frame().lines[0].contains("✔ no anomalies"))
        try FileManager.default.removeItem(atPath: dir)
        runtime.pollLive(force: true)
        runtime.finishBackgroundWork()
        let lines = runtime.frame().lines
        #expect(!lines[0].contains("✔ no anomalies"), "\(lines[0])")
        #expect(lines[1].contains("DIR-NO-SEGMENTS the directory: the directory is gone (removed or renamed since it was opened)"), "\(lines[1])")
    }

    /// Damage done in place to a sealed segment (its size unchanged) shows at the next live poll, and
    /// `F` pauses on it.
    @Test func bytesZeroedInASealedSegmentAreFoundAtTheNextPoll() throws {
        let scratch = TemporaryDirectory("inplace")
        let dir = scratch.child("log")
        try FileManager.default.copyItem(atPath: TestPaths.fixture("golden/small"), toPath: dir)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) { chmod(dir + "/" + name, 0o644) }
        let runtime = try InspectorRuntime(path: dir, terminal: InMemoryTerminal(size: Size(width: 160, height: 48)))
        runtime.finishBackgroundWork()
        #expect(runtime.state.snapshot.findings.isEmpty)
        try runtime.press("F")
        let fd = open(dir + "/11.store", O_WRONLY)
        let zeros = [UInt8](repeating: 0, count: 500)
        _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, 500, 300) }
        close(fd)
        runtime.pollLive(force: true)
        #expect(runtime.state.snapshot.count(.error) > 0, "\(runtime.state.snapshot.findings.map(\.line))")
        #expect(runtime.state.live.follow == .paused(arrived: 0, untilAnomaly: true))
        #expect(runtime.frame().lines[1].contains("11.store"), "the findings line names it")
    }

    /// `&` on an empty directory indexed segment 0 and crashed (found by the directory fuzz target;
    /// its input is `Fixtures/fuzz-corpus/directory/crash-filter-in-an-empty-directory`).
    @Test func anEmptyDirectoryTakesEveryKey() throws {
        let scratch = TemporaryDirectory("empty")
        let dir = scratch.child("log")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let runtime = try InspectorRuntime(path: dir, terminal: InMemoryTerminal(size: Size(width: 100, height: 30)))
        runtime.finishBackgroundWork()
        try runtime.press("&N<Enter>")
        #expect(runtime.state.message?.text == "no segment to filter: the directory holds none")
        try runtime.press("/N<Enter>")
        #expect(runtime.state.message?.text == "/N: no match (no record to search)")
        for keys in [":pos 5<Enter>", ":7<Enter>", "yY", "eE!<Enter><Esc>", "]]]]Gg", "r", "fF", "<Enter><Enter>jk<PgDn>"] {
            try runtime.press(keys)
            #expect(runtime.frame().lines.count == 30, "\(keys)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// The state can name a segment a live refresh removed: loading it is a message, not a crash.
    @Test func effectsOnASegmentThatIsGoneAreFailures() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        let gone = "the directory now holds 3 segments, not segment 4; press r to reload"
        let pattern = try #require(SearchPattern("a"))
        for event in [
            runtime.session.perform(.buildFilter(segment: 3, pattern), shown: runtime.state.snapshot),
            runtime.session.perform(.locatePosition(segment: 3, position: 0), shown: runtime.state.snapshot),
            runtime.session.load(.detail(segment: 3, row: 0), shown: runtime.state.snapshot),
        ] {
            guard case .failed(let text)? = event else {
                Issue.record("expected a failure, got \(String(describing: event))")
                continue
            }
            #expect(text == gone)
        }
    }

    @Test func theEventLoopDrawsOnlyChangedCellsAndQuits() throws {
        let (runtime, terminal) = try makeRuntime("golden/small")
        terminal.enqueue(keys: [.character("j"), .character("j")])
        terminal.enqueue(.resize(Size(width: 100, height: 30)))
        terminal.enqueue(keys: [.character("q")])
        runtime.run()
        #expect(runtime.state.quit)
        #expect(terminal.framesDrawn == 4)
        #expect(terminal.cellsSent < 160 * 48 + 3 * 800 + 100 * 30)
        #expect(terminal.lastFrame?.size == Size(width: 100, height: 30))
        #expect(runtime.state.selectedOffset == 2)
    }

    @Test func aDamagedDirectoryNeverCrashesTheRenderer() throws {
        for fixture in try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("damaged")).sorted() {
            let (runtime, _) = try makeRuntime("damaged/" + fixture)
            for keys in ["", "e", "ee", "G", "]", "]]", "]]]", "h<Enter>G", "hj<Enter>G]", "!<Enter>", "?", ":pos 5<Enter>"] {
                try runtime.press(keys)
                _ = runtime.frame()
            }
            for size in [Size(width: 60, height: 14), Size(width: 220, height: 60), Size(width: 20, height: 5)] {
                runtime.handle(.resize(size))
                _ = runtime.frame()
            }
        }
    }

    @Test func theFirstFrameNeverWritesTheDirectory() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("damaged/crashed")).sorted().map { name in
            (name, FileManager.default.contents(atPath: TestPaths.fixture("damaged/crashed/" + name)))
        }
        let (runtime, _) = try makeRuntime("damaged/crashed")
        try runtime.press("eeee]]]/x<Enter>&a<Enter>r")
        let after = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("damaged/crashed")).sorted().map { name in
            (name, FileManager.default.contents(atPath: TestPaths.fixture("damaged/crashed/" + name)))
        }
        #expect(before.map(\.0) == after.map(\.0))
        #expect(before.map(\.1) == after.map(\.1))
    }
}
