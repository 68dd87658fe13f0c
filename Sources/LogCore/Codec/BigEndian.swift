/// Big-endian loads and stores at any alignment (index entries put a `UInt64` at offset 4 mod 8).
enum BigEndian {
    @inline(__always)
    static func loadUInt64(_ pointer: UnsafeRawPointer, at offset: Int = 0) -> UInt64 {
        UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    static func loadUInt32(_ pointer: UnsafeRawPointer, at offset: Int = 0) -> UInt32 {
        UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    static func store(_ value: UInt64, _ pointer: UnsafeMutableRawPointer, at offset: Int = 0) {
        pointer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    @inline(__always)
    static func store(_ value: UInt32, _ pointer: UnsafeMutableRawPointer, at offset: Int = 0) {
        pointer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }
}
