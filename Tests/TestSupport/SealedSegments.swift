import LogCore

/// Log directories written straight to files, as fast as a test needs thousands of segments (the
/// shape of the book's service, whose logs run on 1024-byte segments), or with a gap a writer would
/// never leave.
package enum SealedSegments {
    /// Writes `count` segments of one record each into `directory` (bases 0, 1, 2, …).
    package static func write(_ count: Int, in directory: String) {
        for base in 0..<count { write(base: UInt64(base), values: [Array("record \(base)".utf8)], in: directory) }
    }

    /// Writes segment `base` holding `values` (offsets `base`, `base + 1`, …): a store of frames (a
    /// big-endian length prefix, then the encoded record) and an index of exactly one entry per
    /// frame, as a writer leaves a segment it closed.
    package static func write(base: UInt64, values: [[UInt8]], in directory: String) {
        Files.write([], to: directory + "/\(base).store")
        Files.write([], to: directory + "/\(base).index")
        append(values, toSegment: base, in: directory)
    }

    /// Appends `values` to segment `base`: their frames to its store, their entries to its index.
    package static func append(_ values: [[UInt8]], toSegment base: UInt64, in directory: String) {
        let store = directory + "/\(base).store"
        let index = directory + "/\(base).index"
        var position = UInt64(max(0, Files.size(store)))
        var slot = UInt32(max(0, Files.size(index)) / 12)
        var frames: [UInt8] = []
        var entries: [UInt8] = []
        for value in values {
            let payload = RecordCodec.encode(Record(value: value, offset: base + UInt64(slot)))
            frames += bigEndian(UInt64(payload.count), bytes: 8) + payload
            entries += bigEndian(UInt64(slot), bytes: 4) + bigEndian(position, bytes: 8)
            position += 8 + UInt64(payload.count)
            slot += 1
        }
        Files.append(frames, to: store)
        Files.append(entries, to: index)
    }

    private static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(bytes - 1 - $0))) }
    }
}
