import Foundation
import Glibc
import TestSupport
import Testing

@testable import LogCore

/// What makes `Log.read(at:)` fast must not change what it reads: the segment found from the last
/// read, a bounded number of the log's files open, and none of them mapped (a mapping that another
/// process truncates kills the process with SIGBUS).
@Suite struct LogReadPathTests {
    /// 40-byte stores hold three records of `value(_:)` each.
    let config = Config(maxStoreBytes: 40)

    private func value(_ offset: UInt64) -> [UInt8] { Array("v\(offset)".utf8) }

    private func expectReads(_ log: Log, _ offsets: some Sequence<UInt64>) throws {
        for offset in offsets {
            let record = try log.read(at: offset)
            #expect(record == Record(value: value(offset), offset: offset))
        }
    }

    @Test func readsInAnyOrderFindTheirSegmentAcrossBoundaries() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        for offset in 0..<UInt64(60) { try log.append(value(offset)) }
        #expect(log.segmentCount > 20)
        try expectReads(log, 0..<60)
        try expectReads(log, (0..<60).reversed())
        try expectReads(log, stride(from: 0, to: 60, by: 7))
        try expectReads(log, [59, 0, 30, 31, 29, 1, 58])
        #expect(throws: LogError.offsetOutOfRange(60)) { try log.read(at: 60) }
        try expectReads(log, [59])
        try log.close()
    }

    @Test func readsFollowAppendsIntoNewSegments() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        for offset in 0..<UInt64(30) {
            try log.append(value(offset))
            // The newest record, then the one before it (in the previous segment after a roll).
            try expectReads(log, [offset, offset == 0 ? 0 : offset - 1])
        }
        try log.close()
    }

    @Test func readsAfterTruncateAndResetFindTheRemainingSegments() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: config)
        for offset in 0..<UInt64(30) { try log.append(value(offset)) }
        let bases = segmentBases(log)
        // The last read was in the fourth segment; dropping the first three puts a later segment at
        // the index the log remembers.
        try expectReads(log, [bases[3] + 1])
        try log.truncate(lowest: bases[3] - 1)
        #expect(segmentBases(log) == Array(bases.dropFirst(3)))
        #expect(throws: LogError.offsetOutOfRange(bases[3] - 1)) { try log.read(at: bases[3] - 1) }
        try expectReads(log, [bases[3] + 1, bases[3]])
        try expectReads(log, bases[3]..<30)
        try expectReads(log, (bases[3]..<30).reversed())
        try log.reset()
        #expect(throws: LogError.offsetOutOfRange(bases[3])) { try log.read(at: bases[3]) }
        try log.append(value(0))
        try expectReads(log, [0])
        try log.close()
    }

    @Test func theLogMapsNothingAndKeepsABoundedNumberOfItsFilesOpen() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 20))
        for offset in 0..<UInt64(400) { try log.append(value(offset)) }
        try expectReads(log, 0..<400)
        #expect(mappedFiles(under: dir.path).isEmpty)
        let open = openFiles(under: dir.path)
        #expect(open.contains { $0.hasSuffix(".store") }, "\(open)")
        // The newest segment's store and index, and at most the bound of sealed segments.
        #expect(open.count <= 2 * LogState.maxOpenSealedSegments + 2)
        try log.close()
        #expect(openFiles(under: dir.path).isEmpty)
    }

    @Test func aSealedIndexShortenedBehindTheLogsBackIsAnErrorNotACrash() throws {
        let dir = TemporaryDirectory()
        let writer = try Log(directory: dir.path, config: config)
        for offset in 0..<UInt64(6) { try writer.append(value(offset)) }
        try writer.close()
        let log = try Log(directory: dir.path, config: config)
        #expect(segmentBases(log) == [0, 3, 6])
        truncate(dir.child("3.index"), 12)
        let shortened = LogError.corrupt(
            path: dir.child("3.index"), position: 12,
            reason: "the file holds 1 of the segment's 3 index entries (was it shortened by another process?)")
        #expect(throws: shortened) { try log.read(at: 4) }
        try expectReads(log, [0, 1, 2])
        #expect(throws: shortened) { try log.read(at: 3) }
        try log.close()
    }

    @Test func theNewestSegmentIsReadAsItGrows() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1 << 20))
        // Each read of an older record comes from the files (its entry written, its frame flushed),
        // the newest from the buffers.
        for offset in 0..<UInt64(3000) {
            try log.append(value(offset))
            try expectReads(log, [offset, offset / 2, offset / 3])
        }
        #expect(log.segmentCount == 1)
        #expect(Files.size(dir.child("0.store")) > 3 * 4096)
        try log.close()
    }

    private func segmentBases(_ log: Log) -> [UInt64] {
        log.state.withLock { $0.segments.map(\.baseOffset) }
    }

    /// The files below `directory` this process has open (`/proc/self/fd`).
    private func openFiles(under directory: String) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap { name in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name) else { return nil }
            return target.hasPrefix(directory + "/") ? target : nil
        }
    }

    /// The files below `directory` this process has mapped (other tests run in parallel, and may map
    /// files whose names are not UTF-8).
    private func mappedFiles(under directory: String) -> [String] {
        let maps = (try? FileSystem.contents(of: "/proc/self/maps")) ?? []
        return maps.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let text = String(decoding: line, as: UTF8.self)
            guard let slash = text.firstIndex(of: "/") else { return nil }
            let path = String(text[slash...])
            return path.hasPrefix(directory + "/") ? path : nil
        }
    }
}
