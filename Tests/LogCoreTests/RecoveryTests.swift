import TestSupport
import Testing

@testable import LogCore

/// Opening a damaged directory: what recovery repairs, what it reports, and what it refuses to cut.
@Suite struct RecoveryTests {
    let config = Config(maxStoreBytes: 1 << 20)

    /// A cleanly closed log of `count` records "value i" in `directory`.
    func makeLog(_ directory: String, count: Int) throws {
        let log = try Log(directory: directory, config: config, createDirectory: true)
        for i in 0..<count { try log.append(Array("value \(i)".utf8)) }
        try log.close()
    }

    @Test func everyCutOfTheLastFrameRecoversThePrefix() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.child("seed"), count: 5)
        let store = Files.bytes(dir.child("seed/0.store"))
        let index = Files.bytes(dir.child("seed/0.index"))
        let lastStart = Int(IndexEntry(loadingFrom: index.withUnsafeBytes { $0.baseAddress! + 48 }).position)
        for cut in lastStart..<store.count {
            let path = dir.child("cut\(cut)")
            try makeLog(path, count: 0)
            Files.write(Array(store[0..<cut]), to: path + "/0.store")
            Files.write(index + [UInt8](repeating: 0, count: 1024 - index.count), to: path + "/0.index")
            let log = try Log(directory: path, config: config)
            #expect(try log.highestOffset == 3, "cut at \(cut)")
            #expect(Files.size(path + "/0.store") == lastStart)
            #expect(try log.append(Array("again".utf8)) == 4)
            try log.close()
        }
    }

    @Test func aStoreWithoutItsIndexIsReindexed() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 7)
        try FileSystem.removeFile(dir.child("0.index"))
        let log = try Log(directory: dir.path, config: config)
        #expect(log.recoveryReport.actions == [.indexCreated(file: "0.index"), .framesReindexed(file: "0.index", offsets: 0...6)])
        #expect(try log.read(at: 6).value == Array("value 6".utf8))
        try log.close()
    }

    @Test func anIndexWithoutItsStoreLosesItsEntries() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 3)
        try FileSystem.removeFile(dir.child("0.store"))
        let log = try Log(directory: dir.path, config: config)
        #expect(log.recoveryReport.actions.first == .storeCreated(file: "0.store"))
        #expect(try log.highestOffset == nil)
        try log.close()
    }

    @Test func aZeroFilledStoreTailIsCut() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 3)
        let store = Files.bytes(dir.child("0.store"))
        Files.write(store + [UInt8](repeating: 0, count: 4096), to: dir.child("0.store"))
        let log = try Log(directory: dir.path, config: config)
        #expect(
            log.recoveryReport.actions == [
                .storeTailCut(
                    file: "0.store", from: UInt64(store.count + 4096), to: UInt64(store.count), reason: "zero-filled tail (preallocated or lost writes)")
            ])
        #expect(try log.append(Array("x".utf8)) == 3)
        try log.close()
    }

    @Test func aDamagedCompleteFrameIsNeverCut() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 3)
        var store = Files.bytes(dir.child("0.store"))
        store[8] = 0xff  // the first frame's payload no longer decodes
        Files.write(store, to: dir.child("0.store"))
        Files.write([], to: dir.child("0.index"))
        let before = Files.digests(dir.path)
        #expect {
            try Log(directory: dir.path, config: config)
        } throws: { error in
            guard case LogError.corrupt(let path, 0, let reason) = error else { return false }
            return path.hasSuffix("0.store") && reason.contains("not a torn tail")
        }
        #expect(Files.digests(dir.path) == before)
    }

    @Test func overlappingSegmentsAreRefused() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 5)
        Files.write([], to: dir.child("2.store"))
        Files.write([], to: dir.child("2.index"))
        #expect(
            throws: LogError.inconsistentSegments(
                path: dir.path, reason: "segment 0 holds offsets up to 4, past the base offset of segment 2")
        ) {
            try Log(directory: dir.path, config: config)
        }
    }

    @Test func aGapBetweenSegmentsIsReported() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir.path, count: 3)
        let later = try Log(directory: dir.child("later"), config: Config(maxStoreBytes: 1 << 20, initialOffset: 10), createDirectory: true)
        try later.append(Array("ten".utf8))
        try later.close()
        for name in ["10.store", "10.index"] {
            Files.write(Files.bytes(dir.child("later/" + name)), to: dir.child(name))
        }
        try FileSystem.removeTree(dir.child("later"))
        let log = try Log(directory: dir.path, config: config)
        #expect(log.recoveryReport.actions == [.gap(offsets: 3...9)])
        #expect(throws: LogError.offsetOutOfRange(5)) { try log.read(at: 5) }
        #expect(try log.read(at: 10).value == Array("ten".utf8))
        #expect(try log.append(Array("eleven".utf8)) == 11)
        try log.close()
    }

    @Test func reportsDescribeThemselves() {
        let action = RecoveryReport.Action.indexTailIgnored(file: "0.index", validEntries: 11, slotsInFile: 85, zeroTail: true)
        #expect(action.description == "0.index: 11 valid entries, 74 more slots of zeros (left by an unclean shutdown); the extra slots were removed")
        #expect(RecoveryReport().description == "clean")
    }
}
