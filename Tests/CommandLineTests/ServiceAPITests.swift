import Foundation
import TestSupport
import Testing

/// What a service that embeds LogCore sees, compiled as a module outside this package would be
/// against the built `LogCore` module: the log's API, and none of the segment's parts.
@Suite struct ServiceAPITests {
    /// Type-checks `source` as a file of another package that imports LogCore.
    func typecheck(_ source: String) throws -> CommandResult {
        let dir = TemporaryDirectory()
        let file = dir.child("Service.swift")
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        return try ChildProcess.run(["/usr/bin/env", "swiftc", "-typecheck", "-swift-version", "6", "-I", TestPaths.productsDirectory + "/Modules", file])
    }

    @Test func aServiceCompilesAgainstTheLogsAPI() throws {
        let result = try typecheck(
            """
            import LogCore

            func use(_ path: String) throws {
                let config = Config(maxStoreBytes: 1024, maxIndexBytes: 1024, initialOffset: 0, durability: .buffered, bufferBytes: Config.referenceBufferBytes)
                let log = try Log(directory: path, config: config, createDirectory: true)
                let offset = try log.append(Array("hello".utf8))
                let record: Record = try log.read(at: offset)
                _ = (record.value, record.offset, try log.lowestOffset, try log.highestOffset, log.recoveryReport)
                do {
                    _ = try log.read(at: offset + 1)
                } catch LogError.offsetOutOfRange {
                }
                try log.close()
            }
            """)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The segment's parts, and the helpers the inspection tools share, are the package's own.
    @Test func theSegmentsPartsAreNotPublic() throws {
        let result = try typecheck(
            """
            import LogCore

            let parts: [Any.Type] = [
                Segment.self, Store.self, Index.self, IndexValidator.self, MaxIndexBytesInference.self, Plural.self, RangeNotation.self,
                SegmentSearch.self,
            ]
            """)
        #expect(result.status != 0)
        for name in ["Segment", "Store", "Index", "IndexValidator", "MaxIndexBytesInference", "Plural", "RangeNotation", "SegmentSearch"] {
            #expect(result.stderr.contains("cannot find '\(name)' in scope"), "\(name): \(result.stderr)")
        }
    }
}
