/// Big-endian loads and stores at any alignment (index entries put a `UInt64` at offset 4 mod 8).
package enum BigEndian {
    @inline(__always)
    package static func loadUInt64(_ pointer: UnsafeRawPointer, at offset: Int = 0) -> UInt64 {
        UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    package static func loadUInt32(_ pointer: UnsafeRawPointer, at offset: Int = 0) -> UInt32 {
        UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    package static func store(_ value: UInt64, _ pointer: UnsafeMutableRawPointer, at offset: Int = 0) {
        pointer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    @inline(__always)
    package static func store(_ value: UInt32, _ pointer: UnsafeMutableRawPointer, at offset: Int = 0) {
        pointer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }
}

extension UInt64 {
    /// `self + other`, or `UInt64.max` when that overflows (positions and lengths read from damaged
    /// files can be anything).
    @inlinable
    public func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
