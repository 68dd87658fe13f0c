import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// The reference reopen prediction: the MaxIndexBytes it replays with, bug K8's exact bounds and what
/// a predicted crash leaves on disk.
@Suite struct ReopenPredictionTests {
    /// A log of one segment whose index holds `entries` entries (written by LogCore with an index that
    /// fits them exactly), closed cleanly.
    static func log(entries: Int, in dir: TemporaryDirectory) throws -> String {
        let path = dir.child("log")
        let log = try Log(
            directory: path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: UInt64(12 * entries)), createDirectory: true)
        for i in 0..<entries { try log.append(Array("record \(i)".utf8)) }
        try log.close()
        return path
    }

    static func predict(_ path: String, maxIndexBytes: UInt64? = nil) throws -> ReferenceReopenPrediction {
        let directory = try LogDirectory(path: path)
        let report = try IntegrityChecker(directory: directory, live: false).run()
        return try ReferenceReplay(directory: directory, maxIndexBytes: maxIndexBytes).run(report: report)
    }

    /// The reference slices the last entry's position out of `mmap[12k+4 : 12k+12]`: an index of
    /// 1032–1043 bytes (86 entries) read with MaxIndexBytes 1024 panics, one of 1030 does not.
    @Test(arguments: [0, 4, 11])
    func anIndexWhoseLastEntryEndsPastMaxIndexBytesPanics(extraBytes: Int) throws {
        let dir = TemporaryDirectory()
        let path = try Self.log(entries: 86, in: dir)
        if extraBytes > 0 { Files.write(Files.bytes(path + "/0.index") + [UInt8](repeating: 0, count: extraBytes), to: path + "/0.index") }
        let prediction = try Self.predict(path, maxIndexBytes: 1024)
        #expect(prediction.openFailure?.contains("it would panic while opening segment 0") == true, "\(prediction.paragraph)")
        #expect(prediction.openFailureIsMaxIndexBytes)
    }

    /// The same directories, reopened by the real reference with MaxIndexBytes 1024.
    @Test(.enabled(if: ReferenceTool.path != nil, ReferenceTool.absent), arguments: [(86, 0, true), (86, 11, true), (85, 10, false)])
    func theReferencePanicsExactlyWhenPredicted(entries: Int, extraBytes: Int, panics: Bool) throws {
        let dir = TemporaryDirectory()
        let path = try Self.log(entries: entries, in: dir)
        Files.write(Files.bytes(path + "/0.index") + [UInt8](repeating: 0, count: extraBytes), to: path + "/0.index")
        #expect((try Self.predict(path, maxIndexBytes: 1024).openFailure != nil) == panics)
        let result = try ReferenceTool.run(["readall", "-store", "1048576", "-index", "1024", "-q", path])
        #expect(result.stdout.contains("NewLog PANIC") == panics, "\(result.stdout)\(result.stderr)")
        if panics { #expect(Files.size(path + "/0.index") == 1024, "the open cut the index for good") }
    }

    @Test func anIndexWhoseLastWholeEntryFitsOpens() throws {
        let dir = TemporaryDirectory()
        let path = try Self.log(entries: 85, in: dir)
        Files.write(Files.bytes(path + "/0.index") + [UInt8](repeating: 0, count: 10), to: path + "/0.index")  // 1030 bytes
        let prediction = try Self.predict(path, maxIndexBytes: 1024)
        #expect(prediction.openFailure == nil, "\(prediction.paragraph)")
    }

    /// A clean log written with larger indexes than the reference's default is predicted with the
    /// smallest MaxIndexBytes its files allow, not with 1024 (which would call it a K8 panic).
    @Test func aCleanLogWithLargerIndexesIsPredictedWithTheValueItsFilesShow() throws {
        let large = try Self.predict(TestPaths.golden + "/large")
        #expect(large.openFailure == nil, "\(large.paragraph)")
        #expect(large.maxIndexBytes == 111_372)
        #expect(large.paragraph.contains("(assuming MaxIndexBytes 111372, inferred from 0.index: 111372 bytes, the largest index)"), "\(large.paragraph)")
        #expect(large.paragraph.contains("It would read all 100000 intact records. Its next Append would succeed at offset 100000."))

        let dir = TemporaryDirectory()
        let path = dir.child("log")
        let log = try Log(directory: path, config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20), createDirectory: true)
        for i in 0..<100 { try log.append(Array("value \(i)".utf8)) }
        try log.close()
        let written = try Self.predict(path)
        #expect(written.openFailure == nil, "\(written.paragraph)")
        #expect(written.paragraph.contains("It would read all 100 intact records. Its next Append would succeed at offset 100."), "\(written.paragraph)")

        let small = try Self.predict(TestPaths.golden + "/small")
        #expect(small.paragraph.contains("(assuming MaxIndexBytes 1024, the reference's default; no index file is larger)"), "\(small.paragraph)")
        // A value the user gives is used as it is, and a smaller one than an index still panics.
        let given = try Self.predict(TestPaths.golden + "/large", maxIndexBytes: 1024)
        #expect(given.paragraph.contains("(assuming MaxIndexBytes 1024), it would panic while opening segment 0"), "\(given.paragraph)")
    }

    /// A K8 open has already cut the index to MaxIndexBytes when it panics, and a predicted crash
    /// leaves every index it opened at MaxIndexBytes: the paragraph says both.
    @Test func aPredictedCrashSaysWhatItLeavesOnDisk() throws {
        let dir = TemporaryDirectory()
        let path = try Self.log(entries: 86, in: dir)
        // A second segment after it: segment 0 opens fine with 1032, segment 86's index is too large.
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1200))
        for i in 0..<90 { try log.append(Array("more \(i)".utf8)) }
        try log.close()
        let panic = try Self.predict(path, maxIndexBytes: 1032)
        #expect(
            panic.paragraph.contains(
                "Before that, opening has cut 86.index to 1032 bytes for good: the entries for offsets 172...175 are lost, and the crash leaves the index it opened before grown to 1032 bytes with zero tails, which the next reopen takes for entries (bug K1)."
            ), "\(panic.paragraph)")

        let crash = try Self.predict(TestPaths.packageRoot + "/Fixtures/damaged/store-length-max")
        #expect(
            crash.paragraph.contains(
                "Dying without Close leaves every index it opened 1024 bytes long (MaxIndexBytes) with a zero tail, which the next reopen takes for entries (bug K1)."
            ), "\(crash.paragraph)")
        let healthy = try Self.predict(TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        #expect(!healthy.paragraph.contains("Dying"), "\(healthy.paragraph)")
    }

    /// Stray files parse as base 0, each pair opening segment 0 once more: the paragraph counts the
    /// opens instead of listing "0, 0, 0, …".
    @Test func aSegmentOpenedManyTimesIsCountedNotListed() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/healthy")
        for i in 0..<170 { Files.write([], to: path + "/stray-\(i)") }
        let prediction = try Self.predict(path)
        #expect(prediction.paragraph.contains("it would open segments 0 (opened 86 times), 11, 34 and report"), "\(prediction.paragraph)")
        #expect(!prediction.paragraph.contains("0, 0, 0"))
    }

    /// Thousands of segments are summarised, not listed one by one.
    @Test func aLongListOfSegmentsIsCut() {
        let bases = (0..<1000).map { UInt64($0 * 10) }
        #expect(ReferenceReopenPrediction.describeOpens(bases) == "segments 0, 10, 20, 30, …, 9980, 9990 (1000 in all)")
        #expect(ReferenceReopenPrediction.describeOpens([0, 0, 0]) == "segment 0 3 times")
        #expect(ReferenceReopenPrediction.describeOpens([5]) == "segment 5")
    }
}
