import Testing

@testable import LogCore

/// `RecordCodec.isWriterLayout`: true only where the full decoder reads the same offset and no term.
@Suite struct WriterLayoutTests {
    @Test(arguments: [UInt64(1), 127, 128, 16_383, 16_384, 4_999_999, UInt64.max])
    func theWritersOwnEncodingIsRecognised(offset: UInt64) {
        for size in [1, 127, 128, 300] {
            let payload = RecordCodec.encode(Record(value: [UInt8](repeating: 7, count: size), offset: offset))
            payload.withUnsafeBytes { bytes in
                #expect(RecordCodec.isWriterLayout(bytes, offset: offset))
                #expect(!RecordCodec.isWriterLayout(bytes, offset: offset &+ 1))
                #expect(!RecordCodec.isWriterLayout(UnsafeRawBufferPointer(rebasing: bytes.dropLast()), offset: offset))
            }
        }
    }

    @Test func otherLayoutsAreLeftToTheFullDecoder() {
        let layouts: [[UInt8]] = [
            [0x10, 0x05],  // no value
            [0x0a, 0x00, 0x10, 0x05],  // an empty value written out
            [0x0a, 0x81, 0x00, 0x41, 0x10, 0x05],  // a length varint longer than it need be
            [0x0a, 0x01, 0x41, 0x10, 0x85, 0x00],  // an offset varint longer than it need be
            [0x0a, 0x01, 0x41, 0x10, 0x05, 0x18, 0x02],  // a Raft term after the offset
            [0x0a, 0x01, 0x41, 0x18, 0x05],  // field 3 where the offset should be
            [0x0a, 0x09, 0x41, 0x10, 0x05],  // a length past the end
        ]
        for layout in layouts {
            layout.withUnsafeBytes { bytes in
                #expect(!RecordCodec.isWriterLayout(bytes, offset: 5), "\(layout)")
            }
        }
    }

    /// Every payload it accepts, among all short byte strings of a few shapes, decodes to its offset.
    @Test func whatItAcceptsTheFullDecoderReadsAlike() {
        var accepted = 0
        for a in [UInt8(0x0a), 0x10] {
            for b in UInt8(0)...4 {
                for c in [UInt8(0x10), 0x41, 0x05] {
                    for d in [UInt8(0x05), 0x10, 0x85, 0x00] {
                        for e in [UInt8(0x05), 0x00, 0x10] {
                            let payload = [a, b, c, d, e]
                            payload.withUnsafeBytes { bytes in
                                for offset in UInt64(0)...6 where RecordCodec.isWriterLayout(bytes, offset: offset) {
                                    accepted += 1
                                    guard case .success(let fields) = RecordCodec.fields(of: bytes) else {
                                        Issue.record("\(payload) accepted but does not decode")
                                        return
                                    }
                                    #expect(fields.offset == offset && fields.term == nil, "\(payload)")
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(accepted > 0)
    }
}
