import LogCore
import Testing

/// Hex and base64, both ways: what `dump` prints and what `append --hex/--base64` and the
/// inspector's `/x:` search read.
@Suite struct BinaryTextTests {
    @Test func base64RoundTripsEveryLengthAndMatchesRFC4648() throws {
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))  // padding optional
        #expect(Base64.decode("AP8K") == [0x00, 0xff, 0x0a])
        #expect(Base64.decode("") == [])
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes, "length \(length)")
        }
    }

    @Test func base64RefusesWhatNoEncoderWrites() {
        for bad in ["Z", "Zm9vY", "Zm9v=", "Zm9vYg===", "Zm=9", "Zm9v Yg==", "Zm9v-_", "Zm9vYg=\n"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func hexReadsPairsOfDigitsInEitherCase() {
        #expect(HexString.decode("00ff0A") == [0x00, 0xff, 0x0a])
        #expect(HexString.decode("0a 0B\t1c") == [0x0a, 0x0b, 0x1c])
        #expect(HexString.decode("") == [])
        #expect(HexString.decode(HexString.encode([0, 1, 254, 255])) == [0, 1, 254, 255])
        for bad in ["0", "0g", "0 a", "0x00", "00-ff"] { #expect(HexString.decode(bad) == nil, "\(bad)") }
    }
}
