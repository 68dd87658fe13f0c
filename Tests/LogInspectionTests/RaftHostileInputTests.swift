import TestSupport
import Testing

@testable import LogInspection

/// Hostile bytes in the Raft readers: MessagePack, JSON and BoltDB. Each input decodes, or fails with
/// a message; none crashes, hangs or allocates by a length it read.
@Suite struct RaftHostileInputTests {
    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Bytes {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    @Test func messagePackFailsCleanlyOnHostileLengthsAndNesting() {
        let cases: [[UInt8]] = [
            [0xdd, 0xff, 0xff, 0xff, 0xff],  // an array of 2^32−1 elements in 5 bytes
            [0xdf, 0xff, 0xff, 0xff, 0xff, 0x01],  // a map of as many
            [0xdb, 0xff, 0xff, 0xff, 0xf0, 0x41],  // a 4 GiB string
            [0xcf, 0x01],  // a cut-off uint64
            Array(repeating: 0x91, count: 10_000),  // arrays nested 10,000 deep
            [0xc1],  // the never-used type byte
            [0xc7, 0x01, 0x01, 0x00],  // an extension
            [0x81, 0xa1, 0x41],  // a map missing its value
            [0x01, 0x02],  // bytes after the value
            [],
        ]
        for bytes in cases {
            #expect(throws: DecodingFailure.self, "\(bytes.prefix(8))") { try MessagePack.decode(bytes).get() }
            #expect(throws: DecodingFailure.self) { try RaftConfiguration.decode(messagePack: bytes).get() }
        }
    }

    @Test func messagePackDecodesEveryTypeGoMsgpackWrites() throws {
        let bytes: [UInt8] = [
            0x89, 0xa1, 0x61, 0x7f, 0xa1, 0x62, 0xe0, 0xa1, 0x63, 0xcd, 0x01, 0x00, 0xa1, 0x64, 0xd1, 0xff, 0x00,
            0xa1, 0x65, 0xd9, 0x02, 0x68, 0x69, 0xa1, 0x66, 0xc4, 0x01, 0x00, 0xa1, 0x67, 0xc0, 0xa1, 0x68, 0xc3,
            0xa1, 0x69, 0xdc, 0x00, 0x01, 0x00,
        ]
        let value = try MessagePack.decode(bytes).get()
        #expect(value["a"] == .unsigned(127))
        #expect(value["b"] == .signed(-32))
        #expect(value["c"] == .unsigned(256))
        #expect(value["d"] == .signed(-256))
        #expect(value["e"]?.text == "hi")
        #expect(value["f"] == .bytes([0]))
        #expect(value["g"] == .null)
        #expect(value["h"] == .bool(true))
        #expect(value["i"] == .array([.unsigned(0)]))
    }

    @Test func mutatedConfigurationEntriesNeverCrash() throws {
        let directory = try LogDirectory(path: TestPaths.raft + "/A-healthy/node-0/raft/log")
        let original = try #require(try directory.record(at: 4)?.value)
        var random = Bytes(state: 0x9E37_79B9_7F4A_7C15)
        var decoded = 0
        for _ in 0..<20_000 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 4)) {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            if random.next() % 5 == 0 { bytes.removeLast(Int(random.next() % UInt64(bytes.count))) }
            if case .success = RaftConfiguration.decode(messagePack: bytes) { decoded += 1 }
            _ = RaftCommand.decode(bytes)
        }
        #expect(decoded > 0)
        for _ in 0..<2000 {
            let bytes = random.bytes(Int(random.next() % 64))
            _ = MessagePack.decode(bytes)
            _ = JSONDocument.decode(bytes)
        }
    }

    @Test func jsonFailsCleanly() throws {
        for text in ["", "{", "[1,", "{\"a\" 1}", "\"abc", "tru", "{\"a\":1}x", String(repeating: "[", count: 5000), "\"\\u12\"", "-"] {
            #expect(throws: DecodingFailure.self, "\(text.prefix(10))") { try JSONDocument.decode(Array(text.utf8)).get() }
        }
        let value = try JSONDocument.decode(Array(#" {"a": [1, -2, 2.5, true, null, "\u00e9\n"]} "#.utf8)).get()
        #expect(value["a"] == .array([.unsigned(1), .signed(-2), .double(2.5), .bool(true), .null, .bytes(Array("é\n".utf8))]))
    }

    @Test func mutatedStableStoresNeverCrash() throws {
        let original = Files.bytes(TestPaths.raft + "/A-healthy/node-2/raft/stable")
        let dir = TemporaryDirectory()
        let path = dir.child("stable")
        var random = Bytes(state: 0xD1B5_4A32_D192_ED03)
        var read = 0
        var failed = 0
        // Mutations where they matter: page headers, element headers, bucket values, meta pages.
        let hot = [0, 8, 10, 12, 16, 32, 40, 64, 72, 4096, 4096 + 32, 4096 + 64, 4 * 4096, 4 * 4096 + 8, 4 * 4096 + 10, 4 * 4096 + 16, 4 * 4096 + 20]
        for round in 0..<600 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let base = hot[Int(random.next() % UInt64(hot.count))]
                let at = round % 3 == 0 ? Int(random.next() % UInt64(bytes.count)) : base + Int(random.next() % 48)
                bytes[at] = UInt8(truncatingIfNeeded: random.next())
            }
            if round % 7 == 0 { bytes.removeLast(Int(random.next() % UInt64(bytes.count))) }
            Files.write(bytes, to: path)
            do {
                _ = try RaftStableState(path: path)
                read += 1
            } catch {
                #expect(!"\(error)".isEmpty)
                failed += 1
            }
        }
        #expect(read > 0)
        #expect(failed > 0)
    }

    @Test func aPageThatPointsAtItselfIsACycleNotAHang() throws {
        // A branch root page whose only child is itself.
        var bytes = Files.bytes(TestPaths.raft + "/A-healthy/node-0/raft/stable")
        let page = 4 * 4096  // the root page meta page 0 names
        bytes[page + 8] = 0x01  // branch
        bytes[page + 10] = 1  // one element
        bytes[page + 11] = 0
        for i in 0..<8 { bytes[page + 16 + 8 + i] = i == 0 ? 4 : 0 }  // child page 4
        let dir = TemporaryDirectory()
        Files.write(bytes, to: dir.child("stable"))
        #expect {
            try RaftStableState(path: dir.child("stable"))
        } throws: { error in
            "\(error)".contains("cycle")
        }
    }
}
