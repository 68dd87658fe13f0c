import Glibc
import TestSupport
import Testing

@testable import LogCore

/// The reference's `log_test.go`, ported (MaxStoreBytes 32), plus the log's own API.
@Suite struct LogTests {
    let config = Config(maxStoreBytes: 32)

    @Test func appendsAndReads() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        let offset = try log.append(Record("hello world"))
        #expect(offset == 0)
        let read = try log.read(at: offset)
        #expect(read.value == Array("hello world".utf8))
        #expect(read.offset == 0)
        try log.close()
    }

    @Test func readingPastTheEndIsOutOfRange() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        #expect(throws: LogError.offsetOutOfRange(1)) { try log.read(at: 1) }
        #expect("\(LogError.offsetOutOfRange(1))" == "offset out of range: 1")
        try log.close()
    }

    @Test func reopensWithTheSameOffsets() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        for _ in 0..<3 { try log.append(Record("hello world")) }
        try log.close()
        let reopened = try Log(directory: dir.path, config: config)
        #expect(try reopened.lowestOffset == 0)
        #expect(try reopened.highestOffset == 2)
        #expect(reopened.recoveryReport.actions.isEmpty)
        // 0:[0,2) holds 21 + 23 bytes ≥ 32 and rolled; 2:[2,3) holds 23 bytes and did not.
        #expect(Files.names(dir.path) == ["0.index", "0.store", "2.index", "2.store"])
        try reopened.close()
    }

    @Test func readerStreamsRawStoreFrames() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        try log.append(Record("hello world"))
        let stream = try log.reader().readToEnd()
        let payload = Array(stream[8...])
        #expect(try RecordCodec.decode(payload).get() == Record("hello world", offset: 0))
        try log.close()
    }

    @Test func truncateRemovesOldSegments() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        for _ in 0..<3 { try log.append(Record("hello world")) }
        try log.truncate(lowest: 1)
        #expect(throws: LogError.offsetOutOfRange(0)) { try log.read(at: 0) }
        #expect(try log.read(at: 2).value == Array("hello world".utf8))
        try log.close()
    }

    @Test func missingDirectoryAndFileAreClearErrors() throws {
        let dir = TemporaryDirectory()
        #expect(throws: LogError.noSuchDirectory(path: dir.child("nope"))) { try Log(directory: dir.child("nope")) }
        Files.write([1], to: dir.child("file"))
        #expect(throws: LogError.notADirectory(path: dir.child("file"))) { try Log(directory: dir.child("file")) }
        let created = try Log(directory: dir.child("a/b"), createDirectory: true)
        #expect(try created.highestOffset == nil)
        try created.close()
    }

    @Test func aSecondWriterIsRefused() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        #expect(throws: LogError.locked(path: dir.path)) { try Log(directory: dir.path) }
        try log.close()
        try Log(directory: dir.path).close()
    }

    /// A child being forked by another thread holds a copy of the lock's descriptor until its exec;
    /// closing must still release the lock at once (found by the AddressSanitizer run, where a
    /// reopen right after close failed with "another process has this log open").
    @Test func closeReleasesTheLockWhileACopyOfItsDescriptorIsOpen() throws {
        let dir = TemporaryDirectory()
        let lock = try DirectoryLock(directory: dir.path)
        let copy = dup(lock.descriptor)
        defer { close(copy) }
        lock.release()
        #expect(throws: Never.self) { _ = try DirectoryLock(directory: dir.path) }
    }

    /// A process this one forks holds copies of its descriptors until it execs (a test spawning a
    /// command while another test's log is open made a crash test's reopen fail with "another process
    /// is writing this log"): a holder gone a moment later does not refuse the open; one that stays
    /// does.
    @Test func aForkedChildsCopyOfTheFilesDoesNotRefuseTheOpen() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(durability: .flush))
        try log.append(Array("one".utf8))
        try log.close()
        let store = open(dir.child("0.store"), O_RDWR | O_CLOEXEC)
        defer { close(store) }
        let transient = fork()
        if transient == 0 {
            usleep(10_000)  // the copy of `store` stays open until the child ends, as until an exec
            _exit(0)
        }
        let reopened = try Log(directory: dir.path)
        #expect(try reopened.read(at: 0).value == Array("one".utf8))
        try reopened.close()
        var status: Int32 = 0
        waitpid(transient, &status, 0)
        let lasting = fork()
        if lasting == 0 {
            usleep(2_000_000)
            _exit(0)
        }
        defer {
            kill(lasting, SIGKILL)
            waitpid(lasting, &status, 0)
        }
        #expect(throws: LogError.self) { try Log(directory: dir.path) }
    }

    @Test func invalidConfigsAreRejected() {
        let dir = TemporaryDirectory()
        #expect(throws: LogError.self) { try Log(directory: dir.path, config: Config(maxIndexBytes: 11)) }
        #expect(throws: LogError.self) { try Log(directory: dir.path, config: Config(durability: .fsync(.everyRecords(0)))) }
    }

    @Test(arguments: [Durability.buffered, .flush, .fsync(.everyAppend), .fsync(.everyRecords(3)), .fsync(.interval(seconds: 0.01))])
    func everyDurabilityReadsBackAndReopens(durability: Durability) throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 200, durability: durability))
        for i in 0..<50 { try log.append(Array("record \(i)".utf8)) }
        for i in 0..<50 { #expect(try log.read(at: UInt64(i)).value == Array("record \(i)".utf8)) }
        try log.close()
        let reopened = try Log(directory: dir.path, config: Config(maxStoreBytes: 200))
        #expect(try reopened.highestOffset == 49)
        #expect(reopened.recoveryReport.actions.isEmpty)
        try reopened.close()
    }

    @Test func flushDurabilityMakesEachAppendVisibleInTheFile() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, durability: .flush))
        try log.append(Array("visible".utf8))
        #expect(Files.size(dir.child("0.store")) == 8 + 9)
        try log.close()
    }

    @Test func initialOffsetAppliesToAnEmptyDirectoryOnly() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(initialOffset: 1000))
        #expect(try log.highestOffset == nil)
        #expect(try log.lowestOffset == 1000)
        #expect(try log.append(Array("x".utf8)) == 1000)
        try log.close()
        let reopened = try Log(directory: dir.path, config: Config(initialOffset: 5))
        #expect(try reopened.append(Array("y".utf8)) == 1001)
        try reopened.close()
    }

    @Test func syncWritesTheBufferToTheFile() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20))
        try log.append(Array("abc".utf8))
        #expect(Files.size(dir.child("0.store")) == 0)
        try log.sync()
        #expect(Files.size(dir.child("0.store")) == 8 + 5)
        try log.close()
    }

    @Test func removeDeletesTheDirectory() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.child("log"), createDirectory: true)
        try log.append(Array("gone".utf8))
        try log.remove()
        #expect(FileSystem.kind(of: dir.child("log")) == .missing)
        #expect(throws: LogError.closed(path: dir.child("log"))) { try log.read(at: 0) }
    }
}
