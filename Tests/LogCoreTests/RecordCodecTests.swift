import TestSupport
import Testing

@testable import LogCore

@Suite struct RecordCodecTests {
    @Test func encodesHelloWorldAsGoDoes() {
        let payload = RecordCodec.encode(Record("hello world", offset: 1))
        #expect(Hex.encode(payload) == "0a0b68656c6c6f20776f726c641001")
    }

    @Test func omitsEmptyValueAndZeroOffset() {
        #expect(RecordCodec.encode(Record(value: [], offset: 0)).isEmpty)
        #expect(Hex.encode(RecordCodec.encode(Record(value: [], offset: 300))) == "10ac02")
        #expect(Hex.encode(RecordCodec.encode(Record(value: [7], offset: 0))) == "0a0107")
    }

    @Test func encodedSizeMatchesEncoding() throws {
        for length in [0, 1, 127, 128, 16_383, 16_384] {
            for offset: UInt64 in [0, 1, 127, 128, UInt64.max] {
                let record = Record(value: [UInt8](repeating: 0x41, count: length), offset: offset)
                #expect(RecordCodec.encode(record).count == RecordCodec.encodedSize(valueCount: length, offset: offset))
                #expect(try RecordCodec.decode(RecordCodec.encode(record)).get() == record)
            }
        }
    }

    @Test func readsTermAndTypeAndSkipsUnknownFieldsOfEveryWireType() throws {
        // term = 3 (varint), type = 4 (varint), a fixed64 field 5, a bytes field 6, a fixed32 field 7.
        let payload = Hex.decode("0a026869" + "1805" + "2001" + "290102030405060708" + "3203616263" + "3d01020304" + "1007")
        let fields = try RecordCodec.fields(of: payload.withUnsafeBytes { UnsafeRawBufferPointer($0) }).get()
        #expect(fields.unknownFieldCount == 3)
        #expect(fields.term == 5)
        #expect(fields.type == 1)
        #expect(try RecordCodec.decode(payload).get() == Record("hi", offset: 7))
    }

    @Test func explainsWhyAPayloadDoesNotDecode() {
        #expect(RecordCodec.decode([0x0a, 0x05, 0x61]) == .failure(.lengthPastEnd(field: 1, at: 1, length: 5, available: 1)))
        #expect(RecordCodec.decode([0x10, 0xff]) == .failure(.truncatedVarint(field: 2, at: 1)))
        #expect(RecordCodec.decode([0x2b]) == .failure(.invalidWireType(field: 5, wireType: 3, at: 0)))
        #expect(RecordCodec.decode([0x0b]) == .failure(.wrongWireType(field: 1, wireType: 3, at: 0)))
        #expect(RecordCodec.decode([0x08, 0x01]) == .failure(.wrongWireType(field: 1, wireType: 0, at: 0)))
        #expect(RecordCodec.decode([0x00]) == .failure(.fieldZero(at: 0)))
        #expect(RecordCodec.decode([0x80]) == .failure(.truncatedTag(at: 0)))
    }

    @Test func rejectsVarintsLongerThanTenBytes() {
        let eleven = [UInt8](repeating: 0xff, count: 10) + [0x01]
        #expect(RecordCodec.decode([0x10] + eleven) == .failure(.truncatedVarint(field: 2, at: 1)))
    }

    /// Records as the log writes them are read without the loop over tags, to the same fields; any
    /// other layout goes through the loop.
    @Test func theWritersLayoutDecodesAsTheGeneralLoopDoes() {
        var payloads: [(payload: [UInt8], takesTheShortcut: Bool)] = []
        for length in [0, 1, 127, 128, 16_383, 16_384] {
            for offset: UInt64 in [0, 1, 127, 128, 1 << 35, 1 << 63 - 1, 1 << 63, UInt64.max] {
                let record = Record(value: [UInt8](repeating: 0x41, count: length), offset: offset)
                payloads.append((RecordCodec.encode(record), length > 0 && length < 16_384 && offset < 1 << 63))
            }
        }
        let shortcut = ["0a00", "0a0161", "0a01611000", "0a8000", "0a0161" + "10" + "ffffffffffffffff7f"]
        let other = [
            "0a0161100a18", "0a02616910ff", "0a0561", "0a016110", "0a81", "0a8080", "0a808001", "0a016111",
            "0a0161" + "1001" + "1002", "0a0161" + "1805", "10070a0161", "0a0161100aff", "0a0161" + "10" + "ffffffffffffffffff01",
            "0a0161" + "10" + "ffffffffffffffffff02", "0a0161" + "10" + "ffffffffffffffffff", "", "0a",
        ]
        payloads += shortcut.map { (Hex.decode($0), true) } + other.map { (Hex.decode($0), false) }
        for (payload, takesTheShortcut) in payloads {
            payload.withUnsafeBytes { raw in
                let general = RecordCodec.anyLayoutFields(of: raw)
                let fields = RecordCodec.writerLayoutFields(of: raw)
                #expect((fields != nil) == takesTheShortcut, "\(Hex.encode(payload))")
                if let fields { #expect(general == .success(fields), "\(Hex.encode(payload))") }
                #expect(RecordCodec.fields(of: raw) == general, "\(Hex.encode(payload))")
            }
        }
    }
}
