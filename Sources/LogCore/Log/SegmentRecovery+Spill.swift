extension SegmentRecovery {
    /// Copies complete frames this segment's index has no room for into new segments (`capacity`
    /// entries each) starting at `offsets.lowerBound`, as the writer would have rolled, and makes them
    /// durable before the caller cuts them from this store.
    ///
    /// A segment already listed at one of the new bases must hold exactly what would be written there
    /// (an earlier recovery that stopped before cutting this store): it is written again. Any other
    /// segment in the way is an overlap, and nothing is written.
    func moveFrames(_ spill: [Range<UInt64>], offsets: ClosedRange<UInt64>, capacity: Int, frames: FrameReader) throws(LogError)
        -> [SegmentWriter.Written]
    {
        let chunks = stride(from: 0, to: spill.count, by: capacity).map { spill[$0..<min($0 + capacity, spill.count)] }
        var planned: [UInt64: Range<UInt64>] = [:]
        for (i, chunk) in chunks.enumerated() {
            planned[offsets.lowerBound + UInt64(i * capacity)] = chunk.first!.lowerBound..<chunk.last!.upperBound
        }
        for base in listedBases where base > baseOffset && base <= offsets.upperBound {
            guard let bytes = planned[base], try holds(directory + "/\(base).store", bytes, of: frames) else {
                throw LogError.inconsistentSegments(
                    path: directory,
                    reason: "\(indexName) has no room for the records with \(offsets.offsetText()) (the frames from byte \(spill[0].lowerBound) of "
                        + "\(storeName)), which belong in a new segment, but segment \(base) is in the way; move it out of the directory and open again")
            }
        }
        var writer = SegmentWriter(directory: directory, indexCapacity: capacity)
        var offset = offsets.lowerBound
        for frame in spill {
            let bytes = try frames.withBytes(at: frame.lowerBound, count: Int(frame.byteCount)) { Array($0) }
            try bytes.withBytes { (raw) throws(LogError) in try writer.append(frame: raw, offset: offset) }
            offset += 1
        }
        try writer.finish()
        try FileSystem.syncDirectory(directory)
        return writer.written
    }

    /// Whether the file at `path` holds exactly the bytes `range` of the store read by `frames`.
    private func holds(_ path: String, _ range: Range<UInt64>, of frames: FrameReader) throws(LogError) -> Bool {
        guard FileSystem.size(of: path) == range.byteCount else { return false }
        let file = try SystemFile(path: path, mode: .readOnly)
        defer { try? file.close() }
        let other = FrameReader(file: file, size: range.byteCount)
        var at: UInt64 = 0
        while at < range.byteCount {
            let n = Int(min(64 * 1024, range.byteCount - at))
            let mine = try frames.withBytes(at: range.lowerBound + at, count: n) { Array($0) }
            guard try other.withBytes(at: at, count: n, { $0.elementsEqual(mine) }) else { return false }
            at += UInt64(n)
        }
        return true
    }
}
