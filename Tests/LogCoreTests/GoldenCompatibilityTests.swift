import TestSupport
import Testing

@testable import LogCore

/// Directories written by the Go reference (`Fixtures/golden`, copied from `../shared/golden`).
@Suite struct GoldenCompatibilityTests {
    static let cleanFixtures = ["small", "initial-offset", "truncated", "large", "empty"]

    func config(_ manifest: GoldenManifest) -> Config {
        Config(maxStoreBytes: manifest.maxStoreBytes, maxIndexBytes: manifest.maxIndexBytes, initialOffset: manifest.initialOffset)
    }

    @Test(arguments: cleanFixtures)
    func readsEveryRecordWithTheManifestsBytes(name: String) throws {
        let manifest = try GoldenManifest(name)
        let dir = TemporaryDirectory()
        let log = try Log(directory: try dir.copy(manifest.directory), config: config(manifest))
        #expect(log.recoveryReport.actions.isEmpty)
        #expect(try log.lowestOffset == manifest.lowestOffset)
        if name == "empty" {
            #expect(try log.highestOffset == nil)
        } else {
            #expect(try log.highestOffset == manifest.highestOffset)
        }
        for entry in manifest.records {
            let record = try log.read(at: entry.offset)
            #expect(record.value == entry.value, "offset \(entry.offset)")
            #expect(RecordCodec.encode(record) == entry.payload, "offset \(entry.offset)")
        }
        if name == "large" {
            var values: [UInt8] = []
            for offset: UInt64 in 0...99_999 {
                let record = try log.read(at: offset)
                #expect(record.value == GoldenManifest.largeValue(offset))
                values += record.value
            }
            #expect(SHA256.hex(values) == manifest.json["sha256_of_concatenated_values"] as? String)
        }
        let stream = try log.reader().readToEnd()
        #expect(stream.count == manifest.streamLength)
        #expect(SHA256.hex(stream) == manifest.streamSHA256)
        try log.close()
    }

    @Test(arguments: cleanFixtures)
    func recreatingAGoldenLogGivesIdenticalFiles(name: String) throws {
        let manifest = try GoldenManifest(name)
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.child("log"), config: config(manifest), createDirectory: true)
        if name == "large" {
            for i: UInt64 in 0..<100_000 { try log.append(GoldenManifest.largeValue(i)) }
        } else {
            for value in manifest.appendedValues { try log.append(value) }
        }
        if name == "truncated" { try log.truncate(lowest: 17) }
        try log.close()
        #expect(Files.digests(dir.child("log")) == manifest.fileDigests)
    }

    @Test func recoversExactlyTheCrashedManifestsRecords() throws {
        let manifest = try GoldenManifest("crashed")
        let dir = TemporaryDirectory()
        let path = try dir.copy(manifest.directory)
        let log = try Log(directory: path, config: config(manifest))
        #expect(try log.lowestOffset == 0)
        #expect(try log.highestOffset == 13)
        for entry in manifest.records {
            let record = try log.read(at: entry.offset)
            #expect(record.value == entry.value)
            #expect(RecordCodec.encode(record) == entry.payload)
        }
        #expect(throws: LogError.offsetOutOfRange(14)) { try log.read(at: 14) }
        #expect(try log.append(Array("after-reopen".utf8)) == 14)
        #expect(try log.read(at: 14).value == Array("after-reopen".utf8))
        let report = log.recoveryReport
        #expect(report.actions.contains(.indexTailIgnored(file: "0.index", validEntries: 11, slotsInFile: 85, zeroTail: true)))
        #expect(report.actions.contains(.emptySegmentRemoved(base: 34, continuingAt: 14)))
        #expect(
            report.actions.contains { action in
                if case .entriesDropped("11.index", 14...33, _) = action { return true }
                return false
            })
        try log.close()
        // What recovery left is a cleanly closed log: reopening changes nothing more.
        let reopened = try Log(directory: path, config: config(manifest))
        #expect(reopened.recoveryReport.actions.isEmpty)
        #expect(try reopened.highestOffset == 14)
        try reopened.close()
    }
}
