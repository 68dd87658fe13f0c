import Testing

@testable import LogCore

/// The one verdict on a frame: every case from store bytes, and what each says.
@Suite struct FrameVerdictTests {
    /// A frame: the 8-byte big-endian length prefix and `payload`.
    private func frame(_ payload: [UInt8]) -> [UInt8] {
        var prefix = [UInt8](repeating: 0, count: 8)
        prefix.withUnsafeMutableBytes { BigEndian.store(UInt64(payload.count), $0.baseAddress!) }
        return prefix + payload
    }

    private func check(_ bytes: [UInt8], at position: UInt64 = 0, expecting offset: UInt64) throws -> FrameReader.Checked {
        let reader = FrameReader(file: SystemFile(path: "0.store", contents: bytes), size: UInt64(bytes.count))
        return try reader.check(at: position, expectedOffset: offset)
    }

    @Test func everyVerdictComesFromTheBytesAtAPosition() throws {
        let record = frame(RecordCodec.encode(Record("hello", offset: 5)))
        #expect(try check(record, expecting: 5) == FrameReader.Checked(verdict: .valid, end: UInt64(record.count)))
        #expect(try check(record, expecting: 6).verdict == .wrongOffset(found: 5, expected: 6))
        #expect(try check(frame([0x00]), expecting: 0).verdict == .undecodable(.fieldZero(at: 0)))
        #expect(try check(frame([]) + record, expecting: 3) == FrameReader.Checked(verdict: .zeros, end: 8))
        #expect(try check(frame([]), expecting: 0).verdict == .valid, "an empty record at offset 0 is eight zero bytes")
        #expect(try check([0, 0, 0], expecting: 0).verdict == .tornPrefix(available: 3))
        #expect(try check(Array(frame(Array(repeating: 7, count: 100)).prefix(12)), expecting: 0).verdict == .tornPayload(announced: 100, available: 4))
        #expect(try check(record, at: UInt64(record.count), expecting: 6).verdict == .pastEnd(storeSize: UInt64(record.count)))
    }

    @Test func theShapeOfAFrameIsJudgedByItsLengthPrefixAlone() throws {
        let bytes = frame([0xff, 0xff]) + [0, 0]
        let reader = FrameReader(file: SystemFile(path: "0.store", contents: bytes), size: UInt64(bytes.count))
        #expect(try reader.probe(at: 0) == .complete(payloadLength: 2))
        #expect(try reader.probe(at: 10) == .tornPrefix(available: 2))
        #expect(try reader.probe(at: 12) == .tornPrefix(available: 0))
        #expect(FrameVerdict(shape: .tornPrefix(available: 0), storeSize: 12) == .pastEnd(storeSize: 12))
        #expect(FrameVerdict(shape: .tornPrefix(available: 2), storeSize: 12) == .tornPrefix(available: 2))
        #expect(FrameVerdict(shape: .complete(payloadLength: 2), storeSize: 12) == nil, "a complete frame needs its payload judged")
    }

    @Test func eachVerdictSaysWhatIsWrongInOneSentence() {
        #expect(FrameVerdict.valid.describe(store: "7.store") == "the frame is valid")
        #expect(FrameVerdict.pastEnd(storeSize: 118).describe(store: "11.store") == "the entry points past the end of 11.store (118 bytes)")
        #expect(FrameVerdict.tornPrefix(available: 3).description == "only 3 of the 8 length-prefix bytes are in the file")
        #expect(FrameVerdict.tornPayload(announced: 100, available: 4).description == "the length prefix says 100 bytes but only 4 follow it")
        #expect(FrameVerdict.zeros.description == "zero bytes where the frame should be")
        #expect(FrameVerdict.undecodable(.fieldZero(at: 2)).description == "the payload does not decode: payload byte 2: field number 0 is not valid protobuf")
        #expect(FrameVerdict.wrongOffset(found: 5, expected: 6).description == "the record names offset 5, not 6")
        #expect(FrameVerdict.pastEnd(storeSize: 0).description == "the entry points past the end of the store (0 bytes)")
    }

    @Test func onlyFramesCutByTheEndOfTheFileAreTorn() {
        let torn: [FrameVerdict] = [.pastEnd(storeSize: 0), .tornPrefix(available: 1), .tornPayload(announced: 9, available: 1)]
        let complete: [FrameVerdict] = [.valid, .zeros, .undecodable(.fieldZero(at: 0)), .wrongOffset(found: 1, expected: 2)]
        #expect(torn.allSatisfy { $0.isTorn })
        #expect(!complete.contains { $0.isTorn })
        #expect((torn + complete).filter { $0.isValid } == [.valid])
    }
}
