import Foundation
import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// Reading through the agent pays one round trip per batch, not per file or per frame, and what is
/// read ahead is never served once it may be out of date.
@Suite struct RemoteReadAheadTests {
    /// A log of `records` records in `path`, each segment's store at most `storeBytes`, its index at
    /// most `indexBytes`.
    private func writeLog(_ path: String, records: Int, storeBytes: UInt64, indexBytes: UInt64 = 1200) throws {
        let log = try Log(directory: path, config: Config(maxStoreBytes: storeBytes, maxIndexBytes: indexBytes), createDirectory: true)
        for i in 0..<records { try log.append(Array("record \(i) \(String(repeating: "x", count: i % 50))".utf8)) }
        try log.close()
    }

    /// Every value of `directory`, read through its cursor.
    private func values(_ directory: LogDirectory) throws -> [[UInt8]] {
        var values: [[UInt8]] = []
        var cursor = directory.records(from: 0, through: .max)
        while try cursor.next(lending: { _, value in values.append(Array(value ?? UnsafeRawBufferPointer(start: nil, count: 0))) }, unlisted: { _, _, _ in }) {}
        return values
    }

    private func connect(_ path: String) throws -> (AgentConnection, RemoteFileAccess) {
        let connection = try AgentConnection(command: TestPaths.agentCommand(path), location: "t:" + path)
        return (connection, RemoteFileAccess(connection: connection, prefix: "t:"))
    }

    @Test func aDirectoryOfSmallSegmentsIsReadSixtyFourFilesARoundTrip() throws {
        let dir = TemporaryDirectory("readahead")
        let path = dir.child("log")
        try writeLog(path, records: 10_000, storeBytes: 1024)
        let local = try LogDirectory(path: path)
        let files = 2 * local.segments.count
        #expect(files > 800)
        let (connection, access) = try connect(path)
        let remote = try LogDirectory(path: "t:" + path, access: access)
        let before = connection.roundTrips
        #expect(try values(remote) == values(local))
        let trips = connection.roundTrips - before
        // One batch per 64 files (each segment's index and store), and more for the reads that fall
        // between batches or find what was read ahead too old on a slow machine: far from one a file.
        #expect(trips <= files / 8, "\(trips) round trips for \(files) files")
    }

    @Test func aLargeFileIsReadAMegabyteARoundTrip() throws {
        let dir = TemporaryDirectory("readahead")
        let path = dir.child("files")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let bytes = (0..<(12 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 13) }
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/0.store"))
        let (connection, access) = try connect(path)
        let file = try access.openForReading("t:" + path + "/0.store")
        let before = connection.roundTrips
        // Read as a reader's window reads: 64 KiB at a time, one after the other.
        var read: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let offset = UInt64(read.count)
            let count = try piece.withUnsafeMutableBytes { (buffer) throws(LogError) in
                try file.read(into: buffer.baseAddress!, count: buffer.count, at: offset)
            }
            if count == 0 { break }
            read += piece.prefix(count)
        }
        #expect(read == bytes)
        let trips = connection.roundTrips - before
        // A megabyte a round trip (the first chunk came with the open): one a 64 KiB read would be
        // sixteen times as many.
        #expect(trips <= bytes.count / (1 << 20) + 2, "\(trips) round trips for \(bytes.count) bytes")
    }

    @Test func whatWasReadAheadIsReadAnewOnceTheFileIsStatedOrOld() throws {
        let dir = TemporaryDirectory("readahead")
        let path = dir.child("files")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = path + "/0.index"
        try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: file))
        let (connection, access) = try connect(path)
        func read() throws -> [UInt8] {
            let opened = try access.openForReading("t:" + file)
            var bytes = [UInt8](repeating: 0, count: 4)
            let count = try bytes.withUnsafeMutableBytes { (buffer) throws(LogError) in try opened.read(into: buffer.baseAddress!, count: 4, at: 0) }
            return Array(bytes.prefix(count))
        }
        #expect(try read() == [1, 2, 3, 4])
        // Changed in place, as a writer fills a mapped index: what is held still serves...
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.write(contentsOf: Data([9]))
        try handle.close()
        let trips = connection.roundTrips
        #expect(try read() == [1, 2, 3, 4])
        #expect(connection.roundTrips == trips)
        // ...until the file is stated (every look of a follower does),
        #expect(access.status(of: "t:" + file).size == 4)
        #expect(try read() == [9, 2, 3, 4])
        // or what is held is older than the read-ahead's limit.
        let again = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try again.write(contentsOf: Data([7]))
        try again.close()
        Thread.sleep(forTimeInterval: RemoteReadAhead.maxAge.seconds + 0.05)
        #expect(try read() == [7, 2, 3, 4])
    }

    @Test func noMoreThanTheBudgetIsHeld() {
        let ahead = RemoteReadAhead()
        let status = FileSystem.Status(kind: .regularFile, size: 1 << 30, inode: 1)
        let chunk = [UInt8](repeating: 0, count: RemoteReadAhead.chunkBytes)
        for i in 0..<(RemoteReadAhead.byteBudget / RemoteReadAhead.chunkBytes * 3) {
            ahead.keep(chunk, chunk: UInt64(i), of: "t:/x/0.store", status: status)
        }
        #expect(ahead.heldBytes <= RemoteReadAhead.byteBudget)
        #expect(ahead.heldBytes > RemoteReadAhead.byteBudget / 2)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
