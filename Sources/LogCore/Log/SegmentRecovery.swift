/// Makes one segment's files consistent before a ``Log`` uses them (the seed's "sanity check when the
/// service restarts"), and says what it changed.
///
/// The store is the source of truth: the index's logical end is found by validation (bug K1); its tail
/// entries are checked against the store, and those not backed by a complete frame holding the right
/// offset are dropped (bug K2); complete frames past the last entry are re-indexed; a torn store tail
/// is cut. A complete frame that is not the expected record is never cut: opening fails instead.
struct SegmentRecovery {
    /// The outcome for one segment.
    struct Outcome {
        var baseOffset: UInt64
        var entryCount: Int
        var storeSize: UInt64
        var actions: [RecoveryReport.Action]
        var nextOffset: UInt64 { baseOffset + UInt64(entryCount) }
    }

    let directory: String
    let baseOffset: UInt64

    var storeName: String { "\(baseOffset).store" }
    var indexName: String { "\(baseOffset).index" }

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
            let verdict = try frames.check(at: entry.position, expectedOffset: baseOffset + UInt64(count - 1))
            if case .valid(let frameEnd) = verdict {
                end = frameEnd
                break
            }
            switch verdict {
            case .torn(let reason), .invalid(let reason, _):
                dropReason = "no complete frame backs them (at byte \(entry.position): \(reason))"
            case .valid:
                break
            }
            count -= 1
        }
        if count < validEntries, let dropReason {
            actions.append(
                .entriesDropped(
                    file: indexName,
                    offsets: (baseOffset + UInt64(count))...(baseOffset + UInt64(validEntries - 1)),
                    reason: dropReason))
        }

        // Re-index complete frames past the last entry.
        var added: [IndexEntry] = []
        var position = end
        walk: while position < storeSize {
            guard count + added.count < roomForEntries else {
                throw LogError.corrupt(
                    path: directory + "/" + storeName, position: position,
                    reason: "bytes past the record with offset 2^64−2, the last a log can number")
            }
            let expected = baseOffset + UInt64(count + added.count)
            switch try frames.check(at: position, expectedOffset: expected) {
            case .valid(let frameEnd):
                added.append(IndexEntry(relativeOffset: UInt32(truncatingIfNeeded: expected - baseOffset), position: position))
                position = frameEnd
            case .torn(let reason):
                try cutTail(storeFile, frames: frames, at: position, size: storeSize, reason: reason, actions: &actions)
                break walk
            case .invalid(let reason, let frameEnd):
                if try frames.isZero(from: position) {
                    try cutTail(
                        storeFile, frames: frames, at: position, size: storeSize,
                        reason: "zero-filled tail (preallocated or lost writes)", actions: &actions)
                    break walk
                }
                throw LogError.corrupt(
                    path: directory + "/" + storeName, position: position,
                    reason: "a complete frame (ending at byte \(frameEnd)) where offset \(expected) was expected: \(reason); "
                        + "it is not a torn tail, so opening stops rather than discard it")
            }
        }
        if !added.isEmpty {
            actions.append(
                .framesReindexed(
                    file: indexName,
                    offsets: (baseOffset + UInt64(count))...(baseOffset + UInt64(count + added.count - 1))))
        }

        let total = count + added.count
        if !added.isEmpty { try writeEntries(added, to: indexFile, fromSlot: count) }
        if scan.fileSize != UInt64(total * IndexEntry.size) {
            try indexFile.truncate(to: UInt64(total * IndexEntry.size))
        }
        return Outcome(baseOffset: baseOffset, entryCount: total, storeSize: min(position, storeSize), actions: actions)
    }

    private func cutTail(
        _ storeFile: SystemFile, frames: FrameReader, at position: UInt64, size: UInt64, reason: String,
        actions: inout [RecoveryReport.Action]
    ) throws(LogError) {
        try storeFile.truncate(to: position)
        actions.append(.storeTailCut(file: storeName, from: size, to: position, reason: reason))
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
