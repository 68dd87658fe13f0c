/// One 12-byte index entry: `u32` relative offset and `u64` store position, both big-endian.
public struct IndexEntry: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The size of an entry on disk.
    public static let size = 12

    /// The record's offset minus the segment's base offset.
    public var relativeOffset: UInt32
    /// The byte position of the record's length prefix in the store.
    public var position: UInt64

    /// Creates an entry.
    public init(relativeOffset: UInt32, position: UInt64) {
        self.relativeOffset = relativeOffset
        self.position = position
    }

    /// Reads an entry from 12 bytes at `pointer`.
    @inline(__always)
    public init(loadingFrom pointer: UnsafeRawPointer) {
        relativeOffset = BigEndian.loadUInt32(pointer)
        position = BigEndian.loadUInt64(pointer, at: 4)
    }

    /// Writes the entry's 12 bytes at `pointer`.
    @inline(__always)
    public func store(to pointer: UnsafeMutableRawPointer) {
        BigEndian.store(relativeOffset, pointer)
        BigEndian.store(position, pointer, at: 4)
    }

    /// The entry's 12 bytes.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.size) { buffer, count in
            store(to: UnsafeMutableRawPointer(buffer.baseAddress!))
            count = Self.size
        }
    }

    public var description: String { "(\(relativeOffset), \(position))" }
}
