/// Makes one segment's files consistent before a ``Log`` uses them (the seed's "sanity check when the
/// service restarts"), and says what it changed.
///
/// The store is the source of truth: the index's logical end is found by validation (bug K1); its tail
/// entries are checked against the store, and those not backed by a complete frame holding the right
/// offset are dropped (bug K2); complete frames past the last entry are re-indexed; a torn store tail
/// is cut. A complete frame that is not the expected record is never cut: opening fails instead, except
/// for the orphans of a stuck index (bug K3): frames after the last entry that all repeat the next
/// offset, one per failed append, none acknowledged. The first names the next offset and is kept; the
/// repeats are dropped, each listed in the report. An index never grows past the config's
/// `maxIndexBytes`, nor past what a stuck index proves the writer's was (`MaxIndexBytesInference`):
/// frames that do not fit move to new segments, as the writer would have rolled.
struct SegmentRecovery {
    /// The outcome for one segment.
    struct Outcome {
        var baseOffset: UInt64
        var entryCount: Int
        var storeSize: UInt64
        var actions: [RecoveryReport.Action]
        /// New segments that received the frames this one had no room for.
        var spilled: [SegmentWriter.Written] = []
        var nextOffset: UInt64 { baseOffset + UInt64(entryCount) }
    }

    let directory: String
    let baseOffset: UInt64
    let config: Config
    /// The bases of the directory's segments, ascending: frames are never moved over one of them.
    var listedBases: [UInt64] = []

    var storeName: String { "\(baseOffset).store" }
    var indexName: String { "\(baseOffset).index" }

    /// At most this many dropped orphan frames are listed one by one (with their bytes); the rest are
    /// counted with their byte range.
    static let listedOrphanLimit = 1000
    /// How many bytes of a dropped frame the report shows in hex.
    static let shownFrameBytes = 64

    /// Checks and repairs the segment's files.
    func run(hasStore: Bool, hasIndex: Bool) throws(LogError) -> Outcome {
        var actions: [RecoveryReport.Action] = []
        if !hasIndex && hasStore { actions.append(.indexCreated(file: indexName)) }
        if !hasStore && hasIndex { actions.append(.storeCreated(file: storeName)) }
        let storeFile = try SystemFile(path: directory + "/" + storeName, mode: .readWriteCreate)
        let indexFile = try SystemFile(path: directory + "/" + indexName, mode: .readWriteCreate)
        defer {
            try? storeFile.close()
            try? indexFile.close()
        }
        let storeSize = try storeFile.size()
        let frames = FrameReader(file: storeFile, size: storeSize)
        let scan = try IndexValidator.scan(indexFile)
        if scan.slotsInFile > scan.validCount || scan.fileSize % UInt64(IndexEntry.size) != 0 {
            actions.append(
                .indexTailIgnored(
                    file: indexName, validEntries: scan.validCount, slotsInFile: scan.slotsInFile, zeroTail: scan.tailIsZero))
        }

        // Drop tail entries that the store does not back.
        // Entries past the last offset a log can number (2^64−2) are never records.
        let roomForEntries = SegmentFileName.maxEntries(baseOffset: baseOffset)
        let validEntries = min(scan.validCount, roomForEntries)
        var count = validEntries
        var end: UInt64 = 0
        var dropReason: String?
        while count > 0 {
            let entry = try readEntry(indexFile, slot: count - 1)
            let frame = try frames.check(at: entry.position, expectedOffset: baseOffset + UInt64(count - 1))
            if frame.verdict.isValid {
                end = frame.end
                break
            }
            dropReason = "no complete frame backs them (at byte \(entry.position): \(frame.verdict.describe(store: storeName)))"
            count -= 1
        }
        if count < validEntries, let dropReason {
            actions.append(
                .entriesDropped(
                    file: indexName,
                    offsets: (baseOffset + UInt64(count))...(baseOffset + UInt64(validEntries - 1)),
                    reason: dropReason))
        }

        // Complete frames past the last entry, up to a torn tail, zeros, or a stuck index's orphans.
        var found: [Range<UInt64>] = []
        var position = end
        var tail: (position: UInt64, reason: String)?
        var orphans: OrphanScan?
        walk: while position < storeSize {
            guard count + found.count < roomForEntries else {
                throw LogError.corrupt(
                    path: directory + "/" + storeName, position: position,
                    reason: "bytes past the record with offset 2^64−2, the last a log can number")
            }
            let expected = baseOffset + UInt64(count + found.count)
            let frame = try frames.check(at: position, expectedOffset: expected)
            if frame.verdict.isValid {
                found.append(position..<frame.end)
                position = frame.end
                continue walk
            }
            if frame.verdict.isTorn {
                tail = (position, frame.verdict.describe(store: storeName))
                break walk
            }
            if try frames.isZero(from: position) {
                tail = (position, "zero-filled tail (preallocated or lost writes)")
                break walk
            }
            if count + found.count >= 2, let first = found.last, try OrphanScan(frames, from: position, repeating: expected - 1) != nil {
                // The frame before the repeats names the same offset: the first failed append's. No append
                // of them was acknowledged (the reference returned EOF and reads none of them), so none is
                // a record: the scan starts at it.
                found.removeLast()
                orphans = try OrphanScan(frames, from: first.lowerBound, repeating: expected - 1)
                break walk
            }
            throw LogError.corrupt(
                path: directory + "/" + storeName, position: position,
                reason: "a complete frame (ending at byte \(frame.end)) where offset \(expected) was expected: \(frame.verdict); "
                    + "it is not a torn tail, so opening stops rather than discard it")
        }

        // The index's room: the config's, and no more than a stuck index shows the writer's was.
        var limit = config.effectiveMaxIndexBytes
        if let orphans {
            let stuckEntries = count + found.count
            var inference = MaxIndexBytesInference()
            inference.noteStuckIndex(file: indexName, entries: stuckEntries)
            limit = min(limit, inference.provenLimit ?? limit)
            actions.append(
                .stuckIndex(
                    file: indexName, entries: stuckEntries, offset: baseOffset + UInt64(stuckEntries), frames: orphans.count,
                    maxIndexBytes: inference.stuckRange ?? limit...limit))
            actions += try orphans.dropActions(file: storeName, frames: frames)
        }
        let capacity = Int(min(limit / UInt64(IndexEntry.size), UInt64(roomForEntries)))
        let kept = min(found.count, max(0, capacity - count))
        let added = found[..<kept].enumerated().map { i, frame in
            IndexEntry(relativeOffset: UInt32(truncatingIfNeeded: UInt64(count + i)), position: frame.lowerBound)
        }
        if !added.isEmpty {
            actions.append(
                .framesReindexed(file: indexName, offsets: (baseOffset + UInt64(count))...(baseOffset + UInt64(count + added.count - 1))))
        }
        let spill = found[kept...]
        var spilled: [SegmentWriter.Written] = []
        if let first = spill.first, let last = spill.last {
            let offsets = (baseOffset + UInt64(count + kept))...(baseOffset + UInt64(count + found.count - 1))
            spilled = try moveFrames(Array(spill), offsets: offsets, capacity: max(1, Int(limit / UInt64(IndexEntry.size))), frames: frames)
            actions.append(
                .framesMoved(
                    file: storeName, offsets: offsets, bytes: first.lowerBound..<last.upperBound, segments: spilled.map(\.base),
                    reason: "\(indexName) holds at most \(Plural.count(capacity, "entry", "entries")) (MaxIndexBytes \(limit))"))
        }

        let total = count + added.count
        if !added.isEmpty { try writeEntries(added, to: indexFile, fromSlot: count) }
        if scan.fileSize != UInt64(total * IndexEntry.size) {
            try indexFile.truncate(to: UInt64(total * IndexEntry.size))
        }
        let cut = spill.first?.lowerBound ?? orphans?.bytes.lowerBound ?? tail?.position ?? storeSize
        if cut < storeSize {
            var reasons: [String] = []
            if !spilled.isEmpty { reasons.append(spilled.count == 1 ? "frames moved to a new segment" : "frames moved to new segments") }
            if let orphans { reasons.append("\(orphans.count) orphan frames dropped" + (orphans.tail.map { ", then \($0)" } ?? "")) }
            if let tail { reasons.append(reasons.isEmpty ? tail.reason : "then \(tail.reason)") }
            try storeFile.truncate(to: cut)
            actions.append(.storeTailCut(file: storeName, from: storeSize, to: cut, reason: reasons.joined(separator: ", ")))
        }
        return Outcome(baseOffset: baseOffset, entryCount: total, storeSize: cut, actions: actions, spilled: spilled)
    }

    private func readEntry(_ file: SystemFile, slot: Int) throws(LogError) -> IndexEntry {
        try withScratch(count: IndexEntry.size) { (bytes) throws(LogError) -> IndexEntry in
            let got = try file.read(into: bytes, count: IndexEntry.size, at: UInt64(slot * IndexEntry.size))
            guard got == IndexEntry.size else {
                throw LogError.corrupt(path: file.path, position: UInt64(slot * IndexEntry.size), reason: "index entry cut off")
            }
            return IndexEntry(loadingFrom: bytes)
        }
    }

    private func writeEntries(_ entries: [IndexEntry], to file: SystemFile, fromSlot slot: Int) throws(LogError) {
        let chunk = 4096
        var bytes = [UInt8](repeating: 0, count: min(entries.count, chunk) * IndexEntry.size)
        var start = 0
        while start < entries.count {
            let n = min(chunk, entries.count - start)
            try bytes.withMutableBytes { (raw) throws(LogError) in
                for i in 0..<n { entries[start + i].store(to: raw.baseAddress! + i * IndexEntry.size) }
                try file.write(
                    UnsafeRawBufferPointer(rebasing: raw[0..<(n * IndexEntry.size)]),
                    at: UInt64((slot + start) * IndexEntry.size))
            }
            start += n
        }
    }
}
