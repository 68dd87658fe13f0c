import Foundation
import TestSupport
import Testing

/// The real binary in tmux beside a real writer process: what a person watching a running service sees.
@Suite(.serialized) struct LiveEndToEndTests {
    typealias Session = EndToEndTests.Session

    var binary: String { TestPaths.logscope }

    func waitForFile(_ path: String) {
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: path) && ContinuousClock.now < deadline { usleep(20_000) }
    }

    /// The top bar's error count, or 0 when it shows none.
    func errors(_ screen: String) -> Int {
        guard let top = screen.split(separator: "\n").first, let range = top.range(of: "✖ ") else { return 0 }
        return Int(top[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// The Detail pane shows a record whose embedded offset matches its entry: a readable record.
    func showsAReadableRecord(_ screen: String) -> Bool { screen.contains("✔ matches the index") }

    /// Opens the inspector on `dir`, presses `f`, expects a readable record in Detail within 3 s and no
    /// error for the next 2 s, then quits it and stops `writer`.
    func followExpectingReadableRecordsAndNoErrors(_ dir: String, writer: Session, writerExit: String = "LOGSCOPE-EXIT 0") throws {
        let tmux = try Session("\(binary) \(dir)")
        try tmux.waitFor("LIVE")
        try tmux.keys("f")
        let start = ContinuousClock.now
        let screen = try tmux.waitUntil("a readable record in Detail") { showsAReadableRecord($0) && $0.contains(" FOLLOW ") }
        #expect(ContinuousClock.now - start < .seconds(3), "\(screen)")
        for _ in 0..<10 {
            let now = try tmux.screen()
            #expect(now.split(separator: "\n").first?.contains("✔ no anomalies") == true, "no error, no warning\n\(now)")
            #expect(!now.contains("✖ the entry points past the end"), "\(now)")
            usleep(200_000)
        }
        try quit(tmux, writer: writer, writerExit: writerExit)
    }

    func quit(_ tmux: Session, writer: Session, writerExit: String = "LOGSCOPE-EXIT 0") throws {
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
        try writer.keys("C-c")
        try writer.waitFor(writerExit)
    }

    /// `logscope write` buffers its store (default durability): the index shows entries whose frames
    /// are not in the store yet. Follow shows the newest readable record, and nothing is an error.
    @Test func followingABufferedWriterShowsReadableRecordsAndNoErrors() throws {
        let scratch = TemporaryDirectory("buffered")
        let dir = scratch.child("log")
        let writer = try Session("\(binary) write \(dir) --rate 2000")
        waitForFile(dir + "/0.store")
        try followExpectingReadableRecordsAndNoErrors(dir, writer: writer)
    }

    /// The Go reference's live writer (a 4 KiB store buffer, no lock, no flush when it rolls): seen as
    /// a live writer through its mappings of the indexes, so the unflushed ends of the segments it
    /// rolled away from are pending too, not errors. Skipped without `/work/shared/tools/proglog-ref`.
    @Test func followingTheGoReferencesWriterShowsReadableRecordsAndNoErrors() throws {
        let reference = "/work/shared/tools/proglog-ref"
        guard FileManager.default.isExecutableFile(atPath: reference) else {
            print("skipped: \(reference) is not here (the Go reference's live writer)")
            return
        }
        let scratch = TemporaryDirectory("goref")
        let dir = scratch.child("log")
        let writer = try Session(
            "\(reference) live -store 100000 -index 120000 -rate 2000 -dur 60s -min 50 -max 150 -expect \(dir).expect.jsonl \(dir)")
        waitForFile(dir + "/0.index")
        try followExpectingReadableRecordsAndNoErrors(dir, writer: writer, writerExit: "LOGSCOPE-EXIT")
    }

    /// Zeroing bytes in a sealed segment changes neither its size nor its name; the inspector raises
    /// the finding while the writer runs, and `F` pauses on it.
    @Test func bytesZeroedInASealedSegmentWhileFollowingRaiseTheErrorCount() throws {
        let scratch = TemporaryDirectory("zeroed")
        let dir = scratch.child("log")
        let writer = try Session("\(binary) write \(dir) --rate 2000 --max-store-bytes 100000 --durability flush")
        waitForFile(dir + "/0.store")
        let tmux = try Session("\(binary) \(dir)")
        try tmux.waitFor("LIVE")
        try tmux.keys("F")
        try tmux.waitUntil("two sealed segments, checked") { screen in
            let count = screen.range(of: "Segments (").map { Int(screen[$0.upperBound...].prefix { $0.isNumber }) ?? 0 } ?? 0
            return count >= 3 && !screen.contains("checking") && screen.contains("FOLLOW → anomaly")
        }
        #expect(errors(try tmux.screen()) == 0)
        let fd = open(dir + "/0.store", O_WRONLY)
        let zeros = [UInt8](repeating: 0, count: 500)
        _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, 500, 5000) }
        close(fd)
        let start = ContinuousClock.now
        let screen = try tmux.waitUntil("the error count to rise") { errors($0) > 0 }
        #expect(ContinuousClock.now - start < .seconds(6))
        #expect(screen.contains("0.store"), "the findings line names the segment\n\(screen)")
        try tmux.waitFor("PAUSED")
        try quit(tmux, writer: writer)
    }

    @Test func rescanningEndsWhenTheCheckEnds() throws {
        let tmux = try Session("\(binary) Fixtures/golden/large")
        try tmux.waitUntil("the first check done") { $0.contains("✔ no anomalies") && !$0.contains("checking") }
        try tmux.keys("r")
        try tmux.waitUntil("the rescan and its check done") { $0.contains("check done: no anomalies") }
        try tmux.waitUntil("no stale message") { !$0.contains("rescanning") && !$0.contains("checking") }
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    /// The crashed fixture's Segments pane counts what `stat` counts, and its first screen says what
    /// is wrong and where.
    @Test func theCrashedLogsCountsAreStatsAndTheFirstScreenNamesTheDamage() throws {
        let stat = try Session("\(binary) stat Fixtures/damaged/crashed")
        let table = try stat.waitFor("LOGSCOPE-EXIT 0")
        // segment, range, records, entries, unindexed, pending: `11  11...13  3  23  0  20 …`
        var records: [String: String] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 6, ["0", "11", "34"].contains(fields[0]), let range = fields.firstIndex(where: { $0.contains("...") || $0 == "(empty)" }) {
                records[String(fields[0])] = String(fields[range + 1])
            }
        }
        #expect(records == ["0": "11", "11": "3", "34": "0"], "\(table)")
        let tmux = try Session("\(binary) Fixtures/damaged/crashed")
        let screen = try tmux.waitFor("Segments (3)")
        for (base, count) in records {
            let line = screen.split(separator: "\n").first {
                $0.hasPrefix("│ ") && $0.dropFirst(4).hasPrefix(base.padding(toLength: 9, withPad: " ", startingAt: 0))
            }
            #expect(line?.split(separator: " ").dropFirst(4).first.map(String.init) == count, "\(line ?? "")")
        }
        let lines = screen.split(separator: "\n")
        #expect(lines[1].contains("✖ IDX-PAST-STORE-END segment 11, 11.index[36..<276], offsets 14...33"), "\(lines[1])")
        try tmux.keys("e")
        try tmux.waitFor("[1/3] IDX-PAST-STORE-END")
        try tmux.keys("q")
        try tmux.waitFor("LOGSCOPE-EXIT 0")
    }

    /// The terminal closed (SIGHUP): the demo directory goes as it does on `q`.
    @Test func closingTheTerminalRemovesTheDemo() throws {
        let tmux = try Session(binary)
        let screen = try tmux.waitUntil("the demo") { $0.contains("logscope-demo-") && $0.contains(" DEMO ") }
        let path = try #require(screen.split(separator: " ").first { $0.contains("logscope-demo-") }.map(String.init))
        #expect(FileManager.default.fileExists(atPath: path))
        try tmux.tmux(["kill-server"])
        let deadline = ContinuousClock.now + .seconds(5)
        while FileManager.default.fileExists(atPath: path) && ContinuousClock.now < deadline { usleep(50_000) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
