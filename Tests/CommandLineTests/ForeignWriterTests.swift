import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// A writer that takes no lock (the Go reference) beside logscope: seen as live by every reader, and
/// no command writes or recovers the log under it.
@Suite(.serialized) struct ForeignWriterTests {
    static let hasPython = ForeignWriterProcess.python != nil

    @Test(.enabled(if: hasPython, "python3 runs the test's foreign writer"))
    func appendWriteAndRepairRefuseWhileALocklessWriterHoldsTheLog() throws {
        let dir = TemporaryDirectory()
        let log = dir.child("log")
        let writer = try ForeignWriterProcess(script: [log, "--records", "5"])
        let before = Files.digests(log)
        let append = try Logscope.run(["append", log, "x"])
        #expect(append.status == 2)
        #expect(append.stderr.contains("process \(writer.pid) (python3)"))
        #expect(append.stderr.contains("0.index mapped for writing"))
        #expect(append.stderr.contains("0.store open for writing"))
        #expect(append.stdout.isEmpty)
        #expect(try Logscope.run(["write", log, "--count", "1"]).status == 2)
        let repair = try Logscope.run(["repair", log, "--output", dir.child("copy")])
        #expect(repair.status == 2)
        #expect(repair.stderr.contains("process \(writer.pid)"))
        #expect(!FileManager.default.fileExists(atPath: dir.child("copy")))
        #expect(Files.digests(log) == before)
        writer.stop()
        // Once the writer is gone, append recovers (the pending entry had no frame) and appends.
        let after = try Logscope.run(["append", log, "x"])
        #expect(after.status == 0)
        #expect(after.stdout == "4\n")
    }

    /// A child of this process that holds the files is looked at again for up to about a second (a
    /// child just forked holds copies of the writer's descriptors until it execs, which a busy machine
    /// can delay past the first second look): one that lets go meanwhile does not refuse the open;
    /// another process's writer is refused after one second look, and a child that keeps writing after
    /// the last.
    @Test(.enabled(if: hasPython, "python3 runs the test's foreign writer"))
    func aChildThatLetsGoWithinASecondIsWaitedFor() throws {
        let dir = TemporaryDirectory()
        let log = dir.child("log")
        let writer = try ForeignWriterProcess(script: [log, "--records", "3"])
        #expect(DirectoryHolders.parent(of: writer.pid) == getpid())
        #expect(DirectoryHolders.parent(of: getpid()) == getppid())
        let start = ContinuousClock.now
        #expect(throws: LogError.self) { try Log(directory: log, config: Config()) }
        #expect(ContinuousClock.now - start > .milliseconds(1_000), "it looked again for about a second before refusing")
        // It lets go a quarter of a second into the next open (SIGKILL: the test runner's threads may
        // block the signals its own handlers would take).
        let pid = writer.pid
        Thread {
            usleep(250_000)
            kill(pid, SIGKILL)
        }.start()
        let reopened = try Log(directory: log, config: Config())
        // Recovery keeps the two records whose frames the killed writer had flushed.
        #expect(try reopened.append(Array("after".utf8)) == 2)
        try reopened.close()
        writer.stop()
    }

    @Test(.enabled(if: hasPython, "python3 runs the test's foreign writer"))
    func checkStatAndTheInspectorSeeALocklessWriterAsLive() throws {
        let dir = TemporaryDirectory()
        let log = dir.child("log")
        let writer = try ForeignWriterProcess(script: [log, "--records", "5"])
        let check = try Logscope.run(["check", log])
        #expect(check.status == 0)
        #expect(check.stdout.contains("IDX-PENDING info 0.index[48..<60] offset 4"))
        #expect(check.stdout.contains("IDX-ZERO-TAIL info"))
        #expect(check.stdout.contains("(live: a writer holds the log)"))
        let stat = try Logscope.run(["stat", log])
        #expect(stat.stdout.contains("live (a writer holds it)"))
        let frame = try Logscope.run([log, "--snapshot", "120x20", "--color", "never"])
        #expect(frame.stdout.split(separator: "\n").first?.contains(" LIVE ") == true)
        writer.stop()
        let closed = try Logscope.run([log, "--snapshot", "120x20", "--color", "never"])
        #expect(closed.stdout.split(separator: "\n").first?.contains(" LIVE ") == false)
    }

    @Test(.enabled(if: hasPython, "python3 runs the test's foreign writer"))
    func theLibraryNamesTheWriterAndRefusesToOpen() throws {
        let dir = TemporaryDirectory()
        let log = dir.child("log")
        let writer = try ForeignWriterProcess(script: [log, "--records", "3"])
        let scan = DirectoryHolders.scan(log, includingSelf: false)
        let holder = try #require(scan.writers.first)
        #expect(scan.writers.count == 1)
        #expect(holder.pid == writer.pid)
        #expect(holder.filesMappedForWriting == ["0.index"])
        #expect(holder.filesOpenForWriting == ["0.index", "0.store"])
        #expect(!holder.holdsLock)
        #expect(throws: LogError.heldByAnotherProcess(path: log, holders: [holder])) { try Log(directory: log) }
        #expect(try LogDirectory(path: log).isHeldByWriter)
    }

    @Test(.enabled(if: hasPython, "python3 runs the test's foreign writer"))
    func aReaderDoesNotStopAWriter() throws {
        let dir = TemporaryDirectory()
        let log = try dir.copy(TestPaths.golden + "/small")
        let reader = try ForeignWriterProcess(script: [log, "--read-only"])
        let scan = DirectoryHolders.scan(log, includingSelf: false)
        #expect(scan.holders.map(\.pid) == [reader.pid])
        #expect(scan.writers.isEmpty)
        #expect(!(try LogDirectory(path: log).isHeldByWriter))
        let append = try Logscope.run(["append", log, "x"])
        #expect(append.status == 0)
        #expect(append.stdout == "50\n")
    }

    @Test func aLogCoreWriterIsNamedByItsLock() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(durability: .flush))
        try log.append(Array("held".utf8))
        let scan = DirectoryHolders.scan(dir.path, includingSelf: true)
        let holder = try #require(scan.writers.first)
        #expect(holder.pid == getpid())
        #expect(holder.holdsLock)
        #expect(holder.description.hasPrefix("process \(getpid()) ("))
        #expect(holder.description.contains("holds the directory's write lock"))
        // A writer deciding whether it may write leaves itself out: its own lock stops a second open.
        #expect(DirectoryHolders.scan(dir.path, includingSelf: false).writers.isEmpty)
        #expect(throws: LogError.locked(path: dir.path)) { try Log(directory: dir.path) }
        try log.close()
    }

    @Test(.enabled(if: HostileInputTests.canRunUnprivileged, "the unprivileged user cannot run the built binary"))
    func whatTheLookCannotSeeIsSaid() throws {
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o777)
        #expect(try Logscope.run(["append", dir.child("log"), "x"], through: HostileInputTests.unprivileged).status == 0)
        // As `nobody`, root's processes' open files cannot be read: a writer among them would go unseen.
        let append = try Logscope.run(["append", dir.child("log"), "y"], through: HostileInputTests.unprivileged)
        #expect(append.status == 0)
        #expect(append.stdout == "1\n")
        #expect(append.stderr.contains("warning: could not read the open files of "))
        #expect(append.stderr.contains("would not be seen"))
        // Read-only commands say it too: a pending entry they report as damage may be a hidden writer's.
        for command in ["check", "stat"] {
            let result = try Logscope.run([command, dir.child("log")], through: HostileInputTests.unprivileged)
            #expect(result.stderr.contains("note: live detection could not read the open files of "), "\(command): \(result.stderr)")
        }
    }

    @Test(.enabled(if: ForeignWriterProcess.goReference != nil, "../shared/tools/proglog-ref is not beside the checkout"))
    func theGoReferenceIsSeenAndItsLogSurvivesAnAppendAttempt() throws {
        let dir = TemporaryDirectory()
        let log = dir.child("log")
        let expect = dir.child("expect.jsonl")
        let writer = try ForeignWriterProcess(goReference: log, rate: 300, seconds: 4, expect: expect)
        let append = try Logscope.run(["append", log, "x"])
        #expect(append.status == 2)
        #expect(append.stderr.contains("process \(writer.pid) (proglog-ref)"))
        #expect(append.stderr.contains("mapped for writing"))
        let check = try Logscope.run(["check", log, "--json"])
        #expect(check.stdout.contains("\"live\":true") || check.stdout.contains("\"live\": true"))
        // A writer that buffers every open store (4 KiB blocks) leaves pending entries and torn last
        // frames in the segments it holds: info, never an error.
        #expect(check.status == 0, "\(check.stdout)")
        #expect(!check.stdout.contains("\"severity\":\"error\"") && !check.stdout.contains("\"severity\": \"error\""), "\(check.stdout)")
        #expect(!check.stdout.contains("\"severity\":\"warning\"") && !check.stdout.contains("\"severity\": \"warning\""), "\(check.stdout)")
        writer.process.waitUntilExit()
        // The Go writer closed its log itself; every record it acknowledged reads back.
        let expected = try String(contentsOfFile: expect, encoding: .utf8).split(separator: "\n").count
        let dump = try Logscope.run(["dump", log, "--format", "jsonl", "--payload", "none"])
        #expect(dump.status == 0)
        #expect(dump.stdout.split(separator: "\n").count == expected)
        #expect(expected > 0)
    }
}
