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

    /// A LogCore writer left open at `directory` as the Go reference would leave it: records
    /// `value 0` … `value <flushed − 1>` in the store, `unflushed` more appended into its buffer with
    /// their entries already in the index. The caller closes it.
    package static func openWriter(at directory: String, flushed: Int, unflushed: Int) throws -> Log {
        let log = try Log(directory: directory, config: Config(maxStoreBytes: 1 << 20, maxIndexBytes: 1 << 20), createDirectory: true)
        let values = (0..<(flushed + unflushed)).map { Array("value \($0)".utf8) }
        for value in values[..<flushed] { _ = try log.append(value) }
        try log.sync()
        for value in values[flushed...] { _ = try log.append(value) }  // in the 4 KiB buffer
        write(values, base: 0, index: directory + "/0.index")
        return log
    }
}
