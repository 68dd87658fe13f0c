import Glibc
import TestSupport
import Testing

@testable import LogCore

/// A writer survives another process changing its files and a write that fails: appends stop with a
/// typed error that names the file, nothing more is written, and reopening keeps every acknowledged
/// record. (`WriterSabotageTests` runs the same against the real binary in a child process.)
@Suite struct WriterFileChangeTests {
    private func value(_ offset: UInt64) -> [UInt8] { Array("value \(offset)".utf8) }

    /// Index entries wait in memory until the store has written their frames, then reach the file
    /// in one write: a reader never finds an entry ahead of its frame.
    @Test func indexEntriesReachTheFileWithTheirFrames() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 120_000))
        let index = try SystemFile(path: dir.child("0.index"), mode: .readOnly)
        let store = try SystemFile(path: dir.child("0.store"), mode: .readOnly)
        var checked = 0
        for offset in 0..<UInt64(2000) {
            try log.append(value(offset))
            // Every entry in the file points at a frame whole in the store (one valid-looking entry may
            // be the zeros of the preallocated file: entry 0 is (0, 0)).
            let entries = try IndexValidator.validEntryCount(of: index)
            if entries > 1 {
                var bytes = [UInt8](repeating: 0, count: 12)
                _ = try bytes.withUnsafeMutableBytes { (raw) throws(LogError) in
                    try index.read(into: raw.baseAddress!, count: 12, at: UInt64((entries - 1) * 12))
                }
                let position = IndexEntry(loadingFrom: bytes).position
                #expect(
                    position + 8 + UInt64(RecordCodec.encodedSize(valueCount: value(UInt64(entries - 1)).count, offset: UInt64(entries - 1)))
                        <= (try store.size()))
                checked += 1
            }
        }
        #expect(checked > 1500, "entries reach the file as the store writes")
        try log.close()
        #expect(Files.size(dir.child("0.index")) == 2000 * 12)
    }

    /// `truncate -s 0 0.index` under a writer: no SIGBUS, the next write of entries stops appends
    /// with an error naming the file; later appends get the same error; closing leaves the files as
    /// they are; reopening keeps every acknowledged record.
    @Test(arguments: ["0.index", "0.store"])
    func aFileTruncatedByAnotherProcessStopsAppends(name: String) throws {
        let dir = TemporaryDirectory()
        let config = Config(maxStoreBytes: 1 << 20, maxIndexBytes: 12_000, durability: .flush)
        let log = try Log(directory: dir.path, config: config)
        for offset in 0..<UInt64(100) { try log.append(value(offset)) }
        Glibc.truncate(dir.child(name), 0)
        let expected = name == "0.index" ? 12_000 : storeBytes(100)
        let error = LogError.changedByAnotherProcess(path: dir.child(name), expectedBytes: expected, foundBytes: 0)
        #expect(throws: error) { try log.append(value(100)) }
        #expect(throws: error) { try log.append(value(100)) }
        #expect(throws: error) { try log.sync() }
        #expect(error.description.hasPrefix("\(dir.child(name)) was truncated by another process (now 0 bytes, where this writer left \(expected))"))
        try log.close()
        #expect(Files.size(dir.child(name)) == 0, "nothing written after the change")
        #expect(Files.size(dir.child(name == "0.index" ? "0.store" : "0.index")) == (name == "0.index" ? Int(storeBytes(100)) : 12_000))
        let reopened = try Log(directory: dir.path, config: config)
        if name == "0.index" {
            // Every acknowledged record is in the store: recovery indexes it again.
            #expect(try reopened.highestOffset == 99)
            for offset in 0..<UInt64(100) { #expect(try reopened.read(at: offset).value == value(offset)) }
        } else {
            #expect(try reopened.highestOffset == nil, "the other process removed them all")
        }
        try reopened.close()
    }

    /// A buffered writer notices the change at its next write of the buffer (within 4 KiB).
    @Test func aBufferedWriterNoticesAtItsNextWrite() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 120_000))
        for offset in 0..<UInt64(10) { try log.append(value(offset)) }
        Glibc.truncate(dir.child("0.index"), 0)
        var appended = 0
        let stopped = #expect(throws: LogError.self) {
            for offset in UInt64(10)..<10_000 {
                try log.append(value(offset))
                appended += 1
            }
        }
        #expect(stopped == .changedByAnotherProcess(path: dir.child("0.index"), expectedBytes: 120_000, foundBytes: 0))
        #expect(appended * 18 < 4096, "at most one buffer later")
        try log.close()
    }

    /// A full disk (`/dev/full` as the store): the append that failed is not acknowledged and the
    /// error says what was lost; with `flush`, nothing acknowledged is.
    @Test func aFullDiskStopsAppendsWithATypedError() throws {
        let dir = TemporaryDirectory()
        symlink("/dev/full", dir.child("s"))
        let through = try Store(path: dir.child("s"), writable: true, bufferBytes: 4096, writesThrough: true)
        let full = LogError.writeFailed(path: dir.child("s"), errno: ENOSPC, unwrittenBytes: 0)
        #expect(throws: full) { try through.append([1, 2, 3]) }
        #expect(throws: full) { try through.append([1, 2, 3]) }
        #expect(full.description.contains("No space left on device (errno 28): the file system is full; appends stopped"))
        #expect(full.description.contains("every acknowledged record is in the file"))
        try through.close()

        let buffered = try Store(path: dir.child("s"), writable: true, bufferBytes: 64)
        for _ in 0..<5 { try buffered.append([UInt8](repeating: 7, count: 4)) }  // 60 bytes acknowledged
        let lost = LogError.writeFailed(path: dir.child("s"), errno: ENOSPC, unwrittenBytes: 60)
        #expect(throws: lost) { try buffered.append([UInt8](repeating: 7, count: 4)) }
        #expect(lost.description.contains("the last 60 bytes of appends acknowledged before it (held in the buffered writer's memory) are not in the file"))
        try buffered.close()
    }

    /// The store bytes of the first `count` records of `value(_:)`.
    private func storeBytes(_ count: UInt64) -> UInt64 {
        (0..<count).reduce(0) { $0 + 8 + UInt64(RecordCodec.encodedSize(valueCount: value($1).count, offset: $1)) }
    }
}
