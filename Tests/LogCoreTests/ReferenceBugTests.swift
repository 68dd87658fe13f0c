import Foundation
import TestSupport
import Testing

@testable import LogCore

/// One test per bug of the reference (FORMAT.md §6). Each asserts the behaviour the reference gets
/// wrong, so it fails on the reference's behaviour.
@Suite struct ReferenceBugTests {
    @Test func k1CrashedIndexesAreReadByValidationNotFileSize() throws {
        // The reference reopens `crashed` with highest 34 and reads only offsets 0 and 11.
        let dir = TemporaryDirectory()
        let log = try Log(directory: try dir.copy(TestPaths.golden + "/crashed"))
        #expect(try log.highestOffset == 13)
        for offset: UInt64 in 0...13 { _ = try log.read(at: offset) }
        try log.close()
    }

    @Test func k2EntriesPastTheStoreAreDroppedAndUnindexedFramesRecovered() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20))
        for i in 0..<10 { try log.append(Array("value \(i)".utf8)) }
        try log.close()
        // Simulate the reference's crash state: index at MaxIndexBytes with entries for 12 records, store with 10,
        // then a torn 11th frame.
        var index = Files.bytes(dir.child("0.index"))
        let last = IndexEntry(loadingFrom: index.withUnsafeBytes { $0.baseAddress! + 9 * 12 })
        index += IndexEntry(relativeOffset: 10, position: last.position + 17).bytes
        index += IndexEntry(relativeOffset: 11, position: last.position + 34).bytes
        index += [UInt8](repeating: 0, count: 1024 - index.count)
        Files.write(index, to: dir.child("0.index"))
        let store = Files.bytes(dir.child("0.store"))
        Files.write(store + [0, 0, 0, 0, 0, 0, 0, 20, 0x0a, 0x12], to: dir.child("0.store"))

        let reopened = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20))
        #expect(try reopened.highestOffset == 9)
        #expect(Files.size(dir.child("0.store")) == store.count)
        #expect(
            reopened.recoveryReport.actions.contains(
                .storeTailCut(
                    file: "0.store", from: UInt64(store.count + 10), to: UInt64(store.count),
                    reason: "the length prefix says 20 bytes but only 2 follow it")))
        #expect(try reopened.append(Array("next".utf8)) == 10)
        try reopened.close()
    }

    @Test func k3ANonMultipleOf12IndexRollsInsteadOfFailing() throws {
        // Default 1024-byte index: the reference's 86th append fails with EOF forever.
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1024))
        for i in 0..<300 { #expect(try log.append(Array("r\(i)".utf8)) == UInt64(i)) }
        #expect(log.segmentCount == 4)
        try log.close()
        #expect(Files.size(dir.child("0.index")) == 85 * 12)
    }

    @Test func k4UseAfterCloseThrowsAClearError() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        try log.append(Array("a".utf8))
        try log.close()
        #expect(throws: LogError.closed(path: dir.path)) { try log.append(Array("b".utf8)) }
        #expect(throws: LogError.closed(path: dir.path)) { try log.read(at: 0) }
        #expect(throws: LogError.closed(path: dir.path)) { try log.highestOffset }
        #expect(throws: LogError.closed(path: dir.path)) { try log.sync() }
        try log.close()
        #expect("\(LogError.closed(path: dir.path))".contains("used after close"))
    }

    @Test func k5TruncateNeverRemovesTheActiveSegment() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 32))
        for _ in 0..<5 { try log.append(Array("hello world".utf8)) }
        try log.truncate(lowest: 100)
        #expect(log.segmentCount == 1)
        #expect(try log.highestOffset == 4)
        #expect(try log.append(Array("after".utf8)) == 5)
        #expect(try log.read(at: 5).value == Array("after".utf8))
        try log.close()
    }

    @Test func k6ResetWorks() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.child("log"), config: Config(initialOffset: 7), createDirectory: true)
        for _ in 0..<3 { try log.append(Array("x".utf8)) }
        try log.reset()
        #expect(try log.highestOffset == nil)
        #expect(try log.append(Array("fresh".utf8)) == 7)
        try log.close()
        #expect(Files.names(dir.child("log")) == ["7.index", "7.store"])
    }

    @Test func k7StrayFilesAreIgnoredAndReported() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        Files.write(Array("notes".utf8), to: path + "/README")
        Files.write([], to: path + "/007.store")
        let before = Files.digests(path)
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1024))
        #expect(log.recoveryReport.actions == [.ignoredStrayFile(name: "007.store"), .ignoredStrayFile(name: "README")])
        #expect(try log.read(at: 0).value == [])
        try log.close()
        #expect(Files.digests(path) == before)
    }

    @Test func k8ReopeningWithASmallerIndexWorks() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1200))
        for i in 0..<50 { try log.append(Array("r\(i)".utf8)) }
        try log.close()
        let smaller = try Log(directory: dir.path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 120))
        #expect(smaller.recoveryReport.actions.count == 1)
        for i in 0..<50 { #expect(try smaller.read(at: UInt64(i)).value == Array("r\(i)".utf8)) }
        #expect(try smaller.append(Array("next".utf8)) == 50)
        #expect(smaller.segmentCount == 2)
        try smaller.close()
        #expect(Files.size(dir.child("0.index")) == 50 * 12)
    }

    @Test func k9EmptyIsDistinguishableFromOffsetZero() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path)
        #expect(try log.highestOffset == nil)
        try log.append(Array("only".utf8))
        #expect(try log.highestOffset == 0)
        try log.close()
    }

    @Test func k11SealedSegmentsKeepABoundedNumberOfDescriptors() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 20))
        for i in 0..<2000 { try log.append(Array("value \(i)".utf8)) }
        for i in stride(from: 0, to: 2000, by: 7) { #expect(try log.read(at: UInt64(i)).value == Array("value \(i)".utf8)) }
        #expect(log.segmentCount > 1000)
        #expect(openDescriptors(under: dir.path) <= 2 * LogState.maxOpenSealedSegments + 3)
        try log.close()
        let reopened = try Log(directory: dir.path, config: Config(maxStoreBytes: 20))
        #expect(try reopened.read(at: 1999).value == Array("value 1999".utf8))
        #expect(openDescriptors(under: dir.path) <= 2 * LogState.maxOpenSealedSegments + 3)
        try reopened.close()
    }

    @Test func k12ReadFindsTheRightSegmentAmongMany() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 40))
        for i in 0..<500 { try log.append(Array("v\(i)".utf8)) }
        let segments = try (0..<500).map { i in try log.state.withLock { (state) throws(LogError) in try state.segmentHolding(UInt64(i)).baseOffset } }
        #expect(segments == segments.sorted())
        #expect(Set(segments).count == log.segmentCount)
        #expect(throws: LogError.offsetOutOfRange(500)) { try log.read(at: 500) }
        try log.close()
    }

    /// Descriptors of this process open on files below `directory` (other tests run in parallel).
    private func openDescriptors(under directory: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(directory) ?? false
        }.count
    }
}
