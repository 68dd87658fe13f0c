import Foundation
import TestSupport
import Testing

@testable import LogCore
@testable import LogInspection

/// `append` and `write` on a log another writer made, given no size flags, keep to the sizes its files
/// show (an index larger than the writer's MaxIndexBytes makes the Go reference panic on reopen), say
/// which on stderr; `stat` shows them.
@Suite struct WriterConfigTests {
    /// A log of `count` records written with MaxIndexBytes `indexBytes` (a store large enough that the
    /// index seals each segment), closed cleanly.
    static func writeLog(_ path: String, count: Int, indexBytes: UInt64) throws {
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: indexBytes), createDirectory: true)
        for i in 0..<count { _ = try log.append(Array("value \(i)".utf8)) }
        try log.close()
    }

    static func indexSizes(_ path: String) throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".index") }.map { Files.size(path + "/" + $0) }
    }

    @Test func appendKeepsEveryIndexWithinWhatTheFilesShow() throws {
        let dir = TemporaryDirectory("writer-config")
        let path = dir.child("log")
        try Self.writeLog(path, count: 300, indexBytes: 4096)  // 341 entries fit: one segment, closed at 3600 bytes
        let values = (0..<500).map { "more \($0)" }.joined(separator: "\n") + "\n"
        let append = try Logscope.run(["append", path], stdin: values)
        #expect(append.status == 0, "\(append.stderr)")
        #expect(
            append.stderr.contains(
                "logscope: \(path) was written before: using --max-index-bytes 3612 (MaxIndexBytes ≥ 3612: assuming 3612, inferred from 0.index: 3600 bytes, and the newest segment was not sealed, so it had room for another entry)"
            ), "\(append.stderr)")
        #expect(append.stderr.contains("give the flag to override"))
        let sizes = try Self.indexSizes(path)
        #expect(sizes.allSatisfy { $0 <= 3612 }, "\(sizes)")
        #expect(sizes.count == 3)
        // A flag given is used as it is: only the size not given is said, and with both nothing is.
        let one = try Logscope.run(["append", path, "--max-index-bytes", "120", "x"])
        #expect(one.status == 0)
        #expect(one.stderr.contains("using --max-store-bytes 16777216 (no sealed segment shows the writer's; the default for a new log)"), "\(one.stderr)")
        #expect(!one.stderr.contains("--max-index-bytes"))
        let both = try Logscope.run(["append", path, "--max-index-bytes", "120", "--max-store-bytes", "4096", "x"])
        #expect(both.status == 0)
        #expect(both.stderr.isEmpty, "\(both.stderr)")
        // A new log says nothing either.
        let fresh = try Logscope.run(["append", dir.child("new"), "x"])
        #expect(fresh.stderr.isEmpty, "\(fresh.stderr)")
    }

    @Test func writeOnAGoLogTheReferenceThenReopens() throws {
        guard ReferenceTool.path != nil else {
            Issue.record(ReferenceTool.absent)
            return
        }
        let dir = TemporaryDirectory("writer-config")
        let path = dir.child("go")
        let gen = try ReferenceTool.run([
            "gen", "-store", "65536", "-index", "4096", "-n", "300", "-min", "20", "-max", "60", "-expect", dir.child("gen.jsonl"), path,
        ])
        #expect(gen.status == 0, "\(gen.stderr)")
        let write = try Logscope.run(["write", path, "--count", "600", "--rate", "0"])
        #expect(write.status == 0, "\(write.stderr)")
        let sizes = try Self.indexSizes(path)
        #expect(sizes.allSatisfy { $0 <= 4096 }, "\(sizes)")
        let read = try ReferenceTool.run(["readall", "-store", "65536", "-index", "4096", "-q", path])
        #expect(read.status == 0, "\(read.stdout)\(read.stderr)")
        #expect(read.stdout.contains("reads in [0,899]: ok=900 errors=0"), "\(read.stdout)")
    }

    @Test func statShowsTheWritersSizes() throws {
        let stat = try Logscope.run(["stat", TestPaths.raft + "/A-healthy/node-0/log"])
        #expect(
            stat.stdout.contains(
                "writer's sizes as the files show them: MaxIndexBytes ≥ 804: assuming 1024, the reference's default; no index file is larger; "
                    + "MaxStoreBytes ≤ 4105: 301.store (4105 bytes) was sealed with room left in its index\n"), "\(stat.stdout)")
        let json = try Logscope.run(["stat", "--json", TestPaths.golden + "/crashed"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let writer = try #require(object["writer_config"] as? [String: Any])
        #expect(writer["max_index_bytes"] as? Int == 1024)
        #expect(writer["max_store_bytes"] is NSNull)
    }
}
