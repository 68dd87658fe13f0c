import LogCore

/// Log directories of many small sealed segments, written straight to files (as fast as a test
/// needs thousands): the shape of the book's service, whose logs run on 1024-byte segments.
package enum SealedSegments {
    /// Writes `count` segments of one record each into `directory` (bases 0, 1, 2, …): a store with
    /// one frame (`record <base>`, a length prefix and the bytes) and an index with its one entry.
    package static func write(_ count: Int, in directory: String) {
        for base in 0..<count {
            let value = Array("record \(base)".utf8)
            var store = [UInt8](repeating: 0, count: 8)
            for i in 0..<8 { store[i] = UInt8(truncatingIfNeeded: UInt64(value.count) >> (56 - 8 * i)) }
            Files.write(store + value, to: directory + "/\(base).store")
            // Relative offset 0 (4 bytes), position 0 (8 bytes).
            Files.write([UInt8](repeating: 0, count: 12), to: directory + "/\(base).index")
        }
    }
}
