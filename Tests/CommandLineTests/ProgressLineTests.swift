import Foundation
import TestSupport
import Testing

/// Long work says how far it has got on a terminal (a line on stderr redrawn in place, erased at the
/// end), and says nothing more when stderr is not a terminal.
@Suite(.serialized) struct ProgressLineTests {
    @Test func writeAndCheckShowProgressOnATerminalAndEraseIt() throws {
        let scratch = TemporaryDirectory("progress")
        try FileManager.default.createDirectory(atPath: scratch.child("many"), withIntermediateDirectories: false)
        SealedSegments.write(30_000, in: scratch.child("many"))
        let log = scratch.child("log")
        let tmux = try TmuxSession(
            "\(TestPaths.logscope) write \(log) --count 2500 --rate 1000 > /dev/null; \(TestPaths.logscope) check \(scratch.child("many")) > /dev/null",
            width: 120, height: 20)
        let writing = try tmux.waitUntil("the write's progress") { $0.contains("writing: ") }
        #expect(writing.contains(" of 2500 records ("), "\(writing)")
        #expect(writing.contains("records/s"), "\(writing)")
        let checking = try tmux.waitUntil("the check's progress or its end") { $0.contains("checking: ") || $0.contains("LOGSCOPE-EXIT") }
        #expect(checking.contains(" of 30000 segments ("), "a check of 30,000 segments takes more than a second: \(checking)")
        let done = try tmux.waitFor("LOGSCOPE-EXIT 0")
        #expect(done.contains("wrote 2500 records to \(log) in "), "\(done)")
        #expect(!done.contains("writing: ") && !done.contains("checking: "), "each line is erased when its work ends: \(done)")
    }

    @Test func nothingIsShownWhenStderrIsNotATerminal() throws {
        let scratch = TemporaryDirectory("progress")
        let result = try Logscope.run(["write", scratch.child("log"), "--count", "1500", "--rate", "1000"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("writing:") && !result.stderr.contains("\u{1B}[K"), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("wrote 1500 records"), "\(result.stderr)")
    }
}
