import LogCore

/// Hex strings of the manifests.
package enum Hex {
    /// The bytes of a hex string (pairs of digits, either case).
    package static func decode(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(hex.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            result.append(nibble(high) << 4 | nibble(low))
        }
        return result
    }

    /// Lowercase hex digits of `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String { HexString.encode(bytes) }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return c - 55
        }
    }
}
