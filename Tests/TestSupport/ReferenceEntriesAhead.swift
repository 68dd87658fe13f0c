import LogCore

/// The index entries the Go reference would have stored through its mapping by now: it writes each
/// append's entry at once, ahead of the frame its buffer still holds. A LogCore writer writes entries
/// only after their frames, so a test that needs a live writer's pending entries (what readers see
/// beside the reference) holds a `Log` open and writes them ahead with this.
package enum ReferenceEntriesAhead {
    /// Writes the entries of `values`, the records of the segment at `base` from its first, into the
    /// preallocated `index` at their slots (the same bytes the log writes itself once their frames
    /// are flushed).
    package static func write(_ values: [[UInt8]], base: UInt64, index: String) {
        var position: UInt64 = 0
        var bytes: [UInt8] = []
        for (slot, value) in values.enumerated() {
            bytes += IndexEntry(relativeOffset: UInt32(slot), position: position).bytes
            position += 8 + UInt64(RecordCodec.encodedSize(valueCount: value.count, offset: base + UInt64(slot)))
        }
        Files.overwrite(index, at: 0, with: bytes)
    }
}
