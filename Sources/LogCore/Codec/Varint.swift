/// Protobuf base-128 varints.
public enum Varint {
    /// How many bytes `value` takes as a varint (1 to 10).
    @inlinable
    public static func encodedSize(_ value: UInt64) -> Int {
        // One byte per started group of seven bits.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    /// Writes `value` at `pointer`; returns how many bytes were written.
    @inlinable
    public static func write(_ value: UInt64, to pointer: UnsafeMutableRawPointer) -> Int {
        var v = value
        var i = 0
        while v >= 0x80 {
            pointer.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: i, as: UInt8.self)
            v >>= 7
            i += 1
        }
        pointer.storeBytes(of: UInt8(v), toByteOffset: i, as: UInt8.self)
        return i + 1
    }

    /// Reads a varint from `bytes` starting at `index`, advancing it. Returns `nil` when the bytes end
    /// before the varint does or when it is longer than ten bytes.
    @inlinable
    public static func read(_ bytes: UnsafeRawBufferPointer, at index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 { return nil }
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
