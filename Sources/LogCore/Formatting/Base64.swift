/// Standard base64 (RFC 4648, with padding).
package enum Base64 {
    /// `bytes` in base64.
    package static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { raw in
            raw.isEmpty ? "" : String(unsafeUninitializedCapacity: encodedCount(raw.count)) { encode(raw, into: $0.baseAddress!) }
        }
    }

    /// How many characters the base64 of `count` bytes takes (padding included).
    package static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the base64 of `bytes` at `out` (``encodedCount(_:)`` bytes); returns how many.
    package static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        // A literal's bytes: no lazy global to look up for each value.
        let alphabet = Self.alphabetBytes.utf8Start
        var i = 0
        var o = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out[o] = alphabet[Int(n >> 18)]
            out[o + 1] = alphabet[Int(n >> 12 & 63)]
            out[o + 2] = alphabet[Int(n >> 6 & 63)]
            out[o + 3] = alphabet[Int(n & 63)]
            i += 3
            o += 4
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest > 1 ? UInt32(bytes[i + 1]) << 8 : 0)
            out[o] = alphabet[Int(n >> 18)]
            out[o + 1] = alphabet[Int(n >> 12 & 63)]
            out[o + 2] = rest > 1 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "=")
            out[o + 3] = UInt8(ascii: "=")
            o += 4
        }
        return o
    }

    private static let alphabetBytes: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// The bytes `text` encodes, or `nil` when it is not base64: a character outside the alphabet,
    /// a length that no encoding has, or misplaced padding. The padding (`=`) may be left out.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var digits: [UInt8] = []
        var utf8 = Array(text.utf8)
        while utf8.last == UInt8(ascii: "=") { utf8.removeLast() }
        guard text.utf8.count - utf8.count <= 2 else { return nil }
        digits.reserveCapacity(utf8.count)
        for byte in utf8 {
            guard let digit = value(of: byte) else { return nil }
            digits.append(digit)
        }
        let padded = text.utf8.count != utf8.count
        guard digits.count % 4 != 1, !padded || text.utf8.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count * 3 / 4)
        var i = 0
        while i < digits.count {
            let chunk = digits[i..<min(i + 4, digits.count)]
            var n: UInt32 = 0
            for (k, digit) in chunk.enumerated() { n |= UInt32(digit) << (18 - 6 * UInt32(k)) }
            out.append(UInt8(n >> 16))
            if chunk.count > 2 { out.append(UInt8(n >> 8 & 255)) }
            if chunk.count > 3 { out.append(UInt8(n & 255)) }
            i += 4
        }
        return out
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

/// Lowercase hex.
package enum HexString {
    private static let digitPairs: StaticString = """
        000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\
        303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
        606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f\
        909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\
        c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef\
        f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
        """

    /// `bytes` as lowercase hex, two digits a byte.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        let contiguous = bytes.withContiguousStorageIfAvailable { encodeString(UnsafeRawBufferPointer($0)) }
        return contiguous ?? Array(bytes).withUnsafeBytes { encodeString($0) }
    }

    private static func encodeString(_ raw: UnsafeRawBufferPointer) -> String {
        raw.isEmpty ? "" : String(unsafeUninitializedCapacity: raw.count * 2) { encode(raw, into: $0.baseAddress!) }
    }

    /// Writes `bytes` as lowercase hex at `out` (two bytes a byte); returns how many.
    package static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        // Each byte's two digits, from a literal of all 256 pairs: one two-byte copy a byte.
        let pairs = UnsafeRawPointer(Self.digitPairs.utf8Start)
        let target = UnsafeMutableRawPointer(out)
        for i in 0..<bytes.count {
            let pair = pairs.loadUnaligned(fromByteOffset: 2 * Int(bytes[i]), as: UInt16.self)
            target.storeBytes(of: pair, toByteOffset: 2 * i, as: UInt16.self)
        }
        return bytes.count * 2
    }

    /// The bytes `text` spells as pairs of hex digits (either case; spaces and tabs between pairs
    /// are ignored), or `nil` when it holds another character or an odd number of digits.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        var high: UInt8?
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                guard high == nil else { return nil }
                continue
            }
            guard let digit = value(of: byte) else { return nil }
            if let first = high {
                out.append(first << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        return high == nil ? out : nil
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
