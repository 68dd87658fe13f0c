import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// Exhaustive torn writes on a small log: the store and the index cut at every byte of their last frame
/// and entry, and index tails zero-filled to every length. `check` must flag each damaged directory,
/// recovery must keep every complete record, and the recovered directory must check clean.
@Suite struct TornWriteTests {
    let config = Config(maxStoreBytes: 1 << 20)

    func seed(_ dir: TemporaryDirectory) throws -> (store: [UInt8], index: [UInt8], lastFrame: Int) {
        let log = try Log(directory: dir.child("seed"), config: config, createDirectory: true)
        for i in 0..<5 { try log.append(Array("torn write \(i)".utf8)) }
        try log.close()
        let index = Files.bytes(dir.child("seed/0.index"))
        let last = Int(IndexEntry(loadingFrom: index.withUnsafeBytes { $0.baseAddress! + 48 }).position)
        return (Files.bytes(dir.child("seed/0.store")), index, last)
    }

    /// Writes `store`/`index` as a log, checks it, recovers it, and checks it again.
    func verify(_ dir: TemporaryDirectory, _ name: String, store: [UInt8], index: [UInt8], records: UInt64, damaged: Bool) throws {
        let path = dir.child(name)
        try FileSystem.makeDirectory(path)
        Files.write(store, to: path + "/0.store")
        Files.write(index, to: path + "/0.index")
        let before = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(before.isClean == !damaged, "\(name): \(before.findings.map(\.line))")
        let log = try Log(directory: path, config: config)
        #expect(try log.highestOffset == records - 1, "\(name)")
        for offset in 0..<records { #expect(try log.read(at: offset).value == Array("torn write \(offset)".utf8)) }
        try log.close()
        let after = try IntegrityChecker(directory: try LogDirectory(path: path), live: false).run()
        #expect(after.isClean, "\(name) after recovery: \(after.findings.map(\.line))")
    }

    @Test func theStoreCutAtEveryByteOfItsLastFrame() throws {
        let dir = TemporaryDirectory()
        let (store, index, last) = try seed(dir)
        for cut in last..<store.count {
            try verify(dir, "store\(cut)", store: Array(store[0..<cut]), index: index, records: 4, damaged: true)
        }
    }

    @Test func theIndexCutAtEveryByteOfItsLastEntry() throws {
        let dir = TemporaryDirectory()
        let (store, index, _) = try seed(dir)
        for cut in 48..<60 {
            // The store still holds all five frames: recovery re-indexes the last one.
            try verify(dir, "index\(cut)", store: store, index: Array(index[0..<cut]), records: 5, damaged: true)
        }
    }

    @Test func indexTailsZeroFilledToEveryLength() throws {
        let dir = TemporaryDirectory()
        let (store, index, _) = try seed(dir)
        for zeros in 1...60 {
            try verify(dir, "zeros\(zeros)", store: store, index: index + [UInt8](repeating: 0, count: zeros), records: 5, damaged: true)
        }
    }

    @Test func bothCutTogetherAsABufferedCrashLeavesThem() throws {
        let dir = TemporaryDirectory()
        let (store, index, _) = try seed(dir)
        // The mapped index is ahead of the buffered store: every entry, every store length.
        for cut in stride(from: 0, through: store.count, by: 3) {
            let complete = UInt64(
                (0..<5).filter { slot in
                    let position = Int(IndexEntry(loadingFrom: index.withUnsafeBytes { $0.baseAddress! + slot * 12 }).position)
                    let next = slot == 4 ? store.count : Int(IndexEntry(loadingFrom: index.withUnsafeBytes { $0.baseAddress! + (slot + 1) * 12 }).position)
                    return next <= cut && position < cut
                }.count)
            guard complete > 0 else { continue }
            try verify(
                dir, "both\(cut)", store: Array(store[0..<cut]), index: index + [UInt8](repeating: 0, count: 1024 - 60),
                records: complete, damaged: true)
        }
    }
}
