/// Checks one segment: its index on its own, a walk of its store that trusts no index, and the two
/// merged, so every index position is matched against a frame boundary.
import LogCore

struct SegmentChecker {
    let segment: InspectedSegment
    /// Whether a writer holds the segment open (pending entries and a torn last frame are normal).
    let live: Bool
    /// How far a byte-by-byte search for the next trustworthy frame may go.
    static let resyncScanLimit: UInt64 = 1 << 20

    var base: UInt64 { segment.baseOffset }

    /// Trust segments that look cleanly closed instead of walking them (for `stat` and the inspector).
    let quick: Bool
    /// Whether a walk fills in ``SegmentCounts/frameSizes``.
    var measuresFrameSizes = true

    /// Called for every complete, decodable frame in store order: embedded offset, position, frame size.
    var onDecodedFrame: ((UInt64, UInt64, UInt64) -> Void)?

    /// Asked every few thousand frames: `true` abandons the walk (the caller then discards the
    /// segment's health), so a check behind an interactive UI stops within milliseconds, not at the
    /// end of a large segment.
    var shouldStop: (@Sendable () -> Bool)?

    init(segment: InspectedSegment, live: Bool, quick: Bool = false) {
        self.segment = segment
        self.live = live
        self.quick = quick
    }

    func run(into collector: inout FindingCollector) throws(LogError) -> SegmentHealth {
        let start = collector.findings.count
        var health = SegmentHealth(
            baseOffset: base, storeSize: segment.storeSize, indexSize: segment.indexSize, indexEntries: 0, zeroTailSlots: 0,
            frames: 0, indexedFrames: 0, firstOffset: nil, lastOffset: nil, regions: [], worstSeverity: nil, isLive: live)
        health.files = segment.files.fingerprint
        let unreadable = try segment.unreadableFiles()
        if !unreadable.isEmpty {
            // Half a segment cannot be judged: neither its records nor a missing file would be true.
            for file in unreadable {
                collector.add(
                    Finding(
                        .unreadableFile, file: file.name, expected: "a file this user may read", actual: "open failed: \(file.reason) (errno \(file.errno))",
                        summary: "cannot be read; segment \(base)'s records were not checked"))
            }
            collector.endSegment()
            health.unreadableFiles = unreadable.map(\.name)
            health.walked = false
            health.worstSeverity = .error
            return health
        }
        if var quick = try quickHealth() {
            quick.files = segment.files.fingerprint
            quick.validEntries = try segment.validEntryCount()  // the quick check's own scan
            return quick
        }
        let claimed = try checkIndex(into: &collector, health: &health)
        health.counts.indexEntries = claimed
        if measuresFrameSizes { health.counts.frameSizes = FrameSizeHistogram() }
        // A writer rolling creates a segment's two files one after the other: a look in between sees
        // one of them, empty. On a segment being written that is the roll in progress, not damage.
        let beingCreated = "being created: a writer rolling creates the two files one after the other"
        if segment.storePath == nil {
            health.counts.pendingEntries = claimed
            let rolling = live && claimed == 0
            collector.add(
                Finding(
                    .indexWithoutStore, severity: rolling ? .info : nil, file: segment.indexName,
                    offsets: claimed > 0 ? base...(base + UInt64(claimed - 1)) : nil,
                    summary: rolling
                        ? "\(segment.storeName) is not there yet; the segment is \(beingCreated)"
                        : "\(segment.storeName) is missing; the \(claimed) entries of \(segment.indexName) point at nothing"))
        } else {
            if segment.indexPath == nil {
                let rolling = live && segment.storeSize == 0
                collector.add(
                    Finding(
                        .storeWithoutIndex, severity: rolling ? .info : nil, file: segment.storeName,
                        summary: rolling
                            ? "\(segment.indexName) is not there yet; the segment is \(beingCreated)"
                            : "\(segment.indexName) is missing; the store's frames are not indexed"))
            }
            try walkStore(claimed: claimed, into: &collector, health: &health)
        }
        health.counts.unindexedFrames = max(0, health.frames - health.indexedFrames)
        health.validEntries = try segment.validEntryCount()
        collector.endSegment()
        health.worstSeverity = collector.worstSeverity(from: start)
        return health
    }

    /// A cleanly closed segment proves itself in O(1): whole entries, a valid last entry, and a last
    /// frame that decodes, names the right offset and ends exactly at the end of the store. Only a
    /// quick check trusts that; a full check walks every frame.
    private func quickHealth() throws(LogError) -> SegmentHealth? {
        guard quick, segment.storePath != nil, segment.indexPath != nil else { return nil }
        if live { return try quickLiveHealth() }
        guard segment.indexSize % 12 == 0 else { return nil }
        let scan = try segment.indexScan()
        guard scan.validCount == scan.slotsInFile else { return nil }
        let count = scan.validCount
        var terms: (first: TermMark?, last: TermMark?) = (nil, nil)
        if count == 0 {
            guard segment.storeSize == 0 else { return nil }
        } else {
            guard let last = try segment.rawEntry(at: count - 1) else { return nil }
            let info = try segment.frame(at: last.position)
            guard info.verdict(expectedOffset: base + UInt64(count - 1), storeSize: segment.storeSize).isValid, info.end == segment.storeSize
            else { return nil }
            terms = try quickTerms(count: count, last: info)
        }
        var health = SegmentHealth(
            baseOffset: base, storeSize: segment.storeSize, indexSize: segment.indexSize, indexEntries: count, zeroTailSlots: 0,
            frames: count, indexedFrames: count, firstOffset: count > 0 ? base : nil,
            lastOffset: count > 0 ? base + UInt64(count - 1) : nil, regions: [], worstSeverity: nil, isLive: live, walked: false)
        health.counts = SegmentCounts(indexEntries: count, records: count)
        (health.firstTerm, health.lastTerm) = terms
        if count > 0 {
            health.intactOffsets = [base...(base + UInt64(count - 1))]
            health.addRegion(.indexed, 0..<segment.storeSize)
        }
        return health
    }

    /// The newest segment of a log a writer holds: entries validated incrementally, the newest complete
    /// frame found by binary search over positions, entries past the store's end pending. O(log n) plus
    /// the new entries since the last look.
    private func quickLiveHealth() throws(LogError) -> SegmentHealth? {
        let scan = try segment.indexScan()
        let count = scan.validCount
        var low = 0
        var high = count
        while low < high {  // entries whose frame header starts inside the store
            let mid = (low + high) / 2
            if let entry = try segment.rawEntry(at: mid), entry.position.saturatingAdd(8) <= segment.storeSize { low = mid + 1 } else { high = mid }
        }
        var complete = low
        var end: UInt64 = 0
        var terms: (first: TermMark?, last: TermMark?) = (nil, nil)
        while complete > 0 {
            guard let entry = try segment.rawEntry(at: complete - 1) else { return nil }
            let info = try segment.frame(at: entry.position)
            if info.shape.isComplete {
                guard info.verdict(expectedOffset: base + UInt64(complete - 1), storeSize: segment.storeSize).isValid else { return nil }
                end = info.end
                terms = try quickTerms(count: complete, last: info)
                break
            }
            complete -= 1
        }
        var health = SegmentHealth(
            baseOffset: base, storeSize: segment.storeSize, indexSize: segment.indexSize, indexEntries: count,
            zeroTailSlots: max(0, segment.indexSlots - count), frames: complete, indexedFrames: complete,
            firstOffset: complete > 0 ? base : nil, lastOffset: complete > 0 ? base + UInt64(complete - 1) : nil,
            regions: [], worstSeverity: nil, isLive: true, walked: false)
        health.counts = SegmentCounts(indexEntries: count, records: complete, pendingEntries: count - complete)
        (health.firstTerm, health.lastTerm) = terms
        if complete > 0 {
            health.intactOffsets = [base...(base + UInt64(complete - 1))]
            health.addRegion(.indexed, 0..<end)
        }
        if end < segment.storeSize { health.addRegion(.pending, end..<segment.storeSize) }
        health.worstSeverity = count > complete || health.zeroTailSlots > 0 ? .info : nil
        return health
    }

    // MARK: Index on its own

    /// Checks each claimed entry; returns how many slots precede the zero tail.
    private func checkIndex(into collector: inout FindingCollector, health: inout SegmentHealth) throws(LogError) -> Int {
        guard segment.indexPath != nil else { return 0 }
        let name = segment.indexName
        let size = segment.indexSize
        let slots = segment.indexSlots
        // The last slot holding a non-zero byte, found a chunk at a time from the end: a live index is
        // preallocated to MaxIndexBytes, a million zero slots by default.
        var lastNonZero = -1
        var chunkEnd = UInt64(slots * IndexEntry.size)
        while chunkEnd > 0, lastNonZero < 0 {
            let start = chunkEnd - min(chunkEnd, UInt64(4096 * IndexEntry.size))
            let bytes = try segment.indexBytes(at: start, count: Int(chunkEnd - start))
            if let last = bytes.lastIndex(where: { $0 != 0 }) { lastNonZero = (Int(start) + last) / IndexEntry.size }
            if bytes.count < Int(chunkEnd - start) { break }
            chunkEnd = start
        }
        var claimed = lastNonZero + 1
        if claimed == 0, slots > 0, segment.storeSize > 0 { claimed = 1 }  // (0, 0) is a real first entry
        health.indexEntries = claimed
        health.zeroTailSlots = slots - claimed
        // A preallocated file (MaxIndexBytes, often not a multiple of 12) ends in a zero partial entry.
        let partial = UInt64(slots * IndexEntry.size)..<size
        let partialIsZero = try segment.indexBytes(at: partial.lowerBound, count: partial.count).allSatisfy { $0 == 0 }
        if !partial.isEmpty, !(partialIsZero && slots > claimed) {
            collector.add(
                Finding(
                    .indexSizeNotMultiple, file: name, bytes: partial,
                    expected: "a multiple of 12 bytes", actual: "\(size) bytes",
                    summary: "\(partial.count) bytes of a partial entry at the end"))
        }
        if slots > claimed {
            collector.add(
                Finding(
                    .indexZeroTail, severity: live ? .info : .warning, file: name,
                    bytes: UInt64(claimed * IndexEntry.size)..<size,
                    expected: "\(claimed * IndexEntry.size) bytes after a clean close", actual: "\(slots - claimed) zero slots after \(claimed) entries",
                    summary: live ? "preallocated tail of a log open for writing" : "preallocated tail left by an unclean shutdown"))
        }
        let room = SegmentFileName.maxEntries(baseOffset: base)
        if claimed > room {
            collector.add(
                Finding(
                    .badSegmentName, severity: .error, file: name, bytes: UInt64(room * IndexEntry.size)..<UInt64(claimed * IndexEntry.size),
                    expected: "at most \(room) entries after base \(base) (offsets end at 2^64−2)", actual: "\(claimed) entries",
                    summary: "the base offset is so close to 2^64 that entries \(room)… would name offsets past the last one; they are not read"))
            claimed = room
            health.indexEntries = room
        }
        // The last position that points into the store: one past its end (a slot all ones, say) is
        // reported for itself, and the slots after it are judged against the one before.
        var previous: UInt64?
        var findings: [Finding] = []
        try segment.forEachEntry(in: 0..<claimed) { k, entry in
            let bytes = UInt64(k * IndexEntry.size)..<UInt64((k + 1) * IndexEntry.size)
            if UInt64(entry.relativeOffset) != UInt64(k) {
                findings.append(
                    Finding(
                        .indexRelativeOffset, file: name, bytes: bytes, offsets: (base + UInt64(k))...(base + UInt64(k)),
                        expected: "relative offset \(k)", actual: "\(entry.relativeOffset)",
                        summary: "slot \(k) holds the wrong relative offset"))
            }
            if let previous, entry.position <= previous {
                findings.append(
                    Finding(
                        .indexPositionOrder, file: name, bytes: bytes, offsets: (base + UInt64(k))...(base + UInt64(k)),
                        expected: "a position after \(previous)", actual: "\(entry.position)",
                        summary: "slot \(k)'s position does not increase"))
            } else if k == 0, entry.position != 0 {
                findings.append(
                    Finding(
                        .indexPositionOrder, file: name, bytes: bytes, offsets: base...base,
                        expected: "position 0", actual: "\(entry.position)", summary: "the first entry does not point at the first frame"))
            }
            if entry.position < segment.storeSize { previous = entry.position }
            return findings.count < 4 * FindingCollector.perClassLimit
        }
        for finding in findings { collector.add(finding) }
        return claimed
    }

    // MARK: Store walk merged with the index

    struct Walk {
        var position: UInt64 = 0
        var slot = 0
        var lastOffset: UInt64?
        var unindexed: UnindexedRun?
        /// Skipped stretches, in store order (the walk only moves forward): disjoint and ascending.
        var damaged: [Range<UInt64>] = []
        var lastEntryPosition: UInt64?
        /// The walk skipped bytes since the last frame, so the next offset may jump.
        var resumedAfterDamage = false
        /// Where a last frame that runs past the end of the file starts.
        var tornTail: UInt64?

        /// Whether `position` lies in a skipped stretch (binary search: a garbage store has many).
        func isDamaged(_ position: UInt64) -> Bool {
            var low = 0
            var high = damaged.count
            while low < high {
                let mid = (low + high) / 2
                if damaged[mid].upperBound <= position { low = mid + 1 } else { high = mid }
            }
            return low < damaged.count && damaged[low].contains(position)
        }
    }

    private func walkStore(claimed: Int, into collector: inout FindingCollector, health: inout SegmentHealth) throws(LogError) {
        guard let reader = try segment.frameReader() else { return }
        let findingsBefore = collector.findings.count
        let size = segment.storeSize
        let name = segment.storeName
        let entries = try segment.reader()
        var walk = Walk()
        var steps = 0
        var nextStopCheck = 4096  // frames between two questions to shouldStop
        walking: while walk.position < size {
            steps += 1
            if steps >= nextStopCheck {
                nextStopCheck = steps + 4096
                if shouldStop?() == true { return }
            }
            let run = try walkCleanRun(claimed: claimed, reader: reader, entries: entries, walk: &walk, health: &health)
            if run > 0 {
                steps += run - 1
                continue walking
            }
            let position = walk.position
            switch try reader.probe(at: position) {
            case .tornPrefix(let available):
                flushUnindexed(&walk, atTail: claimed, into: &collector, health: &health)
                // The high bytes of a length prefix are zeros for any frame under 4 GiB: such bytes
                // (zeros among them) are a prefix cut short, not trailing garbage or a zero run.
                let startsPrefix = try reader.withBytes(at: position, count: available) { $0.prefix(4).allSatisfy { $0 == 0 } }
                let finding = Finding(
                    startsPrefix ? .storeTornTail : .storeTrailingBytes, file: name, bytes: position..<size,
                    offsets: nextExpected(walk).map { $0...$0 }, expected: "an 8-byte length prefix", actual: Plural.count(available, "byte"),
                    summary: startsPrefix
                        ? "the store ends inside the last frame's length prefix" : "bytes after the last frame, too few for a length prefix")
                reportTorn(finding, walk: &walk, into: &collector, health: &health)
                break walking
            case .tornPayload(let length, let available):
                let resume = try resync(after: position, walk: walk, claimed: claimed, reader: reader)
                flushUnindexed(&walk, atTail: resume == nil ? claimed : nil, into: &collector, health: &health)
                if let resume {
                    collector.add(
                        Finding(
                            .storeImplausibleLength, file: name, bytes: position..<resume,
                            expected: "at most \(Plural.count(available, "byte"))", actual: "length prefix \(length)",
                            summary: "skipped \(resume - position) bytes to the next frame at byte \(resume)"))
                    markDamaged(.damaged, position..<resume, walk: &walk, health: &health)
                    walk.position = resume
                    walk.resumedAfterDamage = true
                    continue walking
                }
                try reportTail(
                    Finding(
                        .storeTornTail, file: name, bytes: position..<size, offsets: nextExpected(walk).map { $0...$0 },
                        expected: "\(length) payload bytes", actual: "\(available)", summary: "the last frame is cut off"),
                    reader: reader, walk: &walk, into: &collector, health: &health)
                break walking
            case .complete(let length):
                let end = position + 8 + length
                // A zero length prefix is a valid frame only for offset 0 with an empty value; anywhere
                // else it starts a run of zeros.
                // Eight zeros followed by a frame are one such frame at the wrong offset (a segment
                // renamed from base 0, say), which the frame check below reports for what it is.
                if length == 0, nextExpected(walk) != 0, try !startsNonEmptyFrame(at: end, reader: reader) {
                    flushUnindexed(&walk, into: &collector, health: &health)
                    let zeroEnd = try firstNonZero(from: position, reader: reader)
                    if zeroEnd >= size {
                        reportZeros(position..<size, toEnd: true, walk: &walk, into: &collector, health: &health)
                        break walking
                    }
                    let resume = try resync(after: position, walk: walk, claimed: claimed, reader: reader) ?? size
                    reportZeros(position..<resume, toEnd: resume == size, walk: &walk, into: &collector, health: &health)
                    walk.position = resume
                    walk.resumedAfterDamage = true
                    continue walking
                }
                try frame(
                    at: position, end: end, length: length, claimed: claimed, reader: reader, entries: entries, walk: &walk,
                    into: &collector, health: &health)
                walk.position = end
            }
        }
        flushUnindexed(&walk, atTail: claimed, into: &collector, health: &health)
        try finishIndex(claimed: claimed, walk: walk, into: &collector, health: &health)
        health.lastOffset = walk.lastOffset
        if segment.indexPath != nil, health.frames != claimed, collector.findings.count == findingsBefore {
            collector.add(
                Finding(
                    .countMismatch, file: segment.indexName, expected: "\(health.frames) entries (one per frame)",
                    actual: "\(claimed)", summary: "the index holds \(claimed) entries, the store \(health.frames) complete frames"))
        }
    }

    private func frame(
        at position: UInt64, end: UInt64, length: UInt64, claimed: Int, reader: FrameReader, entries: InspectedSegment.Reader,
        walk: inout Walk,
        into collector: inout FindingCollector, health: inout SegmentHealth
    ) throws(LogError) {
        // Entries pointing before this frame point inside the previous one (or into skipped bytes).
        // Each entry is read once: the first at or after this frame is the one that may index it.
        // An entry past the one after it (IDX-POSITION-ORDER reports it: slot 0 all ones, say) indexes
        // nothing: it is skipped, so the entries after it still find their frames.
        var next = walk.slot < claimed ? try entries.entry(at: walk.slot) : nil
        while let entry = next, entry.position != position {
            if entry.position > position {
                guard walk.slot + 1 < claimed, let following = try entries.entry(at: walk.slot + 1), following.position < entry.position else { break }
            } else {
                let repeated = walk.lastEntryPosition.map { entry.position <= $0 } ?? false  // IDX-POSITION-ORDER says so
                if !repeated, !walk.isDamaged(entry.position) {
                    collector.add(
                        Finding(
                            .positionNotOnFrame, file: segment.indexName,
                            bytes: UInt64(walk.slot * 12)..<UInt64(walk.slot * 12 + 12),
                            offsets: (base + UInt64(walk.slot))...(base + UInt64(walk.slot)),
                            expected: "the start of a frame", actual: "byte \(entry.position), inside a frame",
                            summary: "entry \(walk.slot) does not point at a frame boundary of \(segment.storeName)"))
                }
                walk.lastEntryPosition = entry.position
            }
            walk.slot += 1
            next = walk.slot < claimed ? try entries.entry(at: walk.slot) : nil
        }
        let slot = walk.slot
        let indexed = next?.position == position
        let fields = try reader.withBytes(at: position + 8, count: Int(length)) { RecordCodec.fields(of: $0) }
        let decodedOffset: UInt64? = if case .success(let decoded) = fields { decoded.offset } else { nil }
        // An unindexed frame naming the same offset as the run before it may be a stuck index's orphan.
        let orphanRepeat = !indexed && walk.unindexed?.isRepeat(decodedOffset) == true
        if !orphanRepeat { walk.unindexed?.release(into: &collector) }
        var offset: UInt64?
        switch fields {
        case .failure(let failure):
            collector.add(
                Finding(
                    .storeUndecodable, file: segment.storeName, bytes: position..<end,
                    offsets: indexed ? (base + UInt64(slot))...(base + UInt64(slot)) : nil,
                    summary: "the payload is not a Record: \(failure)"))
            if indexed { walk.lastOffset = base + UInt64(slot) } else { walk.resumedAfterDamage = true }
        case .success(let decoded):
            offset = decoded.offset
            onDecodedFrame?(decoded.offset, position, end - position)
            checkTerm(decoded, bytes: position..<end, into: &collector, health: &health)
            let mismatched = indexed && decoded.offset != base + UInt64(slot)
            if mismatched {
                collector.add(
                    Finding(
                        .storeOffsetMismatch, file: segment.storeName, bytes: position..<end, offsets: (base + UInt64(slot))...(base + UInt64(slot)),
                        expected: "offset \(base + UInt64(slot)) (from index slot \(slot))", actual: "\(decoded.offset)",
                        summary: "the record names another offset than its index entry"))
            } else if walk.resumedAfterDamage, let last = walk.lastOffset, decoded.offset > last {
                // After skipped bytes a jump forward is explained by the damage.
            } else if let last = walk.lastOffset, decoded.offset != last &+ 1 {
                let kind = decoded.offset == last ? "a repeated" : decoded.offset < last ? "a backwards" : "a skipping"
                let finding = Finding(
                    .storeOffsetOrder, file: segment.storeName, bytes: position..<end, offsets: decoded.offset...decoded.offset,
                    expected: "offset \(last &+ 1)", actual: "\(decoded.offset)", summary: "\(kind) offset in store order")
                if orphanRepeat { walk.unindexed?.hold(finding) } else { collector.add(finding) }
            } else if health.frames == 0, !indexed, decoded.offset != base {
                collector.add(
                    Finding(
                        .storeOffsetOrder, file: segment.storeName, bytes: position..<end, offsets: decoded.offset...decoded.offset,
                        expected: "offset \(base) (the segment's base)", actual: "\(decoded.offset)", summary: "the first record is not at the base offset"))
            }
            let trusted = mismatched ? base + UInt64(slot) : decoded.offset
            if !mismatched, walk.lastOffset.map({ decoded.offset > $0 }) ?? true { health.addIntact(decoded.offset) }
            if health.firstOffset == nil { health.firstOffset = trusted }
            walk.lastOffset = max(walk.lastOffset ?? 0, trusted)
        }
        health.frames += 1
        if offset != nil { walk.resumedAfterDamage = false }
        if indexed {
            flushUnindexed(&walk, into: &collector, health: &health)
            if offset == base + UInt64(slot) {
                health.counts.records += 1
                health.counts.frameSizes?.add(end - position)
            }
            health.indexedFrames += 1
            walk.lastEntryPosition = position
            walk.slot += 1
            health.addRegion(.indexed, position..<end)
        } else {
            if walk.unindexed != nil {
                walk.unindexed?.extend(to: end, offset: offset)
            } else {
                let next = base.addingReportingOverflow(UInt64(health.indexedFrames))
                walk.unindexed = UnindexedRun(
                    bytes: position..<end, offset: offset, isNextOffset: !next.overflow && offset == next.partialValue && slot >= claimed)
            }
            health.addRegion(.unindexed, position..<end)
        }
    }

    /// Raft terms never decrease along a log: compares a record's term with the previous record's.
    private func checkTerm(_ fields: RecordCodec.Fields, bytes: Range<UInt64>, into collector: inout FindingCollector, health: inout SegmentHealth) {
        guard let term = fields.term else { return }
        let mark = TermMark(offset: fields.offset, term: term)
        if let last = health.lastTerm, term < last.term {
            collector.add(
                Finding(
                    .raftTermOrder, file: segment.storeName, bytes: bytes, offsets: fields.offset...fields.offset,
                    expected: "at least term \(last.term) as at offset \(last.offset)", actual: "term \(term)",
                    summary: "the Raft term goes back from \(last.term) to \(term)"))
        }
        if health.firstTerm == nil { health.firstTerm = mark }
        health.lastTerm = mark
    }

    /// The terms of the first and last records of a segment a quick check trusts (read from their
    /// frames: O(1)).
    private func quickTerms(count: Int, last: FrameInfo) throws(LogError) -> (first: TermMark?, last: TermMark?) {
        guard count > 0, let lastTerm = last.fields?.term, let entry = try segment.rawEntry(at: 0) else { return (nil, nil) }
        let first = try segment.frame(at: entry.position).fields?.term
        return (first.map { TermMark(offset: base, term: $0) }, TermMark(offset: base + UInt64(count - 1), term: lastTerm))
    }

    /// Reports the run of unindexed frames that just ended. At the store's tail (`atTail`: the index's
    /// claimed entries), a run of frames all naming the offset after the last entry, every entry matched,
    /// is the signature of a stuck index (bug K3) and reported as such.
    private func flushUnindexed(
        _ walk: inout Walk, atTail claimed: Int? = nil, into collector: inout FindingCollector, health: inout SegmentHealth
    ) {
        guard var run = walk.unindexed else { return }
        walk.unindexed = nil
        guard segment.indexPath != nil else { return run.release(into: &collector) }
        if let claimed, claimed > 0, let orphans = run.orphanCount, let offset = run.first, health.indexedFrames == claimed,
            offset == base.saturatingAdd(UInt64(claimed))
        {
            health.stuckIndexEntries = claimed
            // No append of them was acknowledged and the reference reads none: their offset is no record.
            if let last = health.intactOffsets.last, last.upperBound == offset {
                if last.lowerBound == offset {
                    var kept: CompactList<ClosedRange<UInt64>> = []
                    for range in health.intactOffsets.dropLast() { kept.append(range) }
                    health.intactOffsets = kept
                } else {
                    health.intactOffsets[health.intactOffsets.count - 1] = last.lowerBound...(offset - 1)
                }
            }
            if walk.lastOffset == offset { walk.lastOffset = offset - 1 }
            collector.add(
                Finding(
                    .storeStuckIndexOrphans, file: segment.storeName, bytes: run.bytes, offsets: offset...offset,
                    expected: "the store to end after the \(Plural.count(claimed, "frame")) \(segment.indexName) indexes",
                    actual: "\(orphans) more frames, all for offset \(offset)",
                    summary: "\(segment.indexName) stopped at \(Plural.count(claimed, "entry", "entries")): \(orphans) appends wrote a frame for "
                        + "offset \(offset), then found no room for its entry (bug K3); none was acknowledged"))
            return
        }
        run.release(into: &collector)
        let offsets = run.first.flatMap { first in run.last.map { first...max(first, $0) } }
        collector.add(
            Finding(
                .storeUnindexedFrames, file: segment.storeName, bytes: run.bytes, offsets: offsets,
                summary: "\(run.count) complete frame\(run.count == 1 ? "" : "s") no index entry points to"))
    }

    /// Entries never matched by the walk: past the store's end (lost or pending) or into skipped bytes.
    private func finishIndex(
        claimed: Int, walk: Walk, into collector: inout FindingCollector, health: inout SegmentHealth
    ) throws(LogError) {
        var slot = walk.slot
        var pastEnd: [Int] = []
        while slot < claimed, let entry = try segment.rawEntry(at: slot) {
            if entry.position >= segment.storeSize {
                pastEnd.append(slot)
            } else if let torn = walk.tornTail, entry.position >= torn {
                health.counts.pendingEntries += 1  // its frame is the torn last one (the finding says so)
            } else if !walk.isDamaged(entry.position) {
                collector.add(
                    Finding(
                        .positionNotOnFrame, file: segment.indexName, bytes: UInt64(slot * 12)..<UInt64(slot * 12 + 12),
                        offsets: (base + UInt64(slot))...(base + UInt64(slot)),
                        expected: "the start of a frame", actual: "byte \(entry.position)",
                        summary: "entry \(slot) does not point at a frame boundary of \(segment.storeName)"))
            }
            slot += 1
        }
        health.counts.pendingEntries += pastEnd.count
        guard let first = pastEnd.first, let last = pastEnd.last else { return }
        collector.add(
            Finding(
                live ? .indexPending : .indexPastStoreEnd, file: segment.indexName,
                bytes: UInt64(first * 12)..<UInt64((last + 1) * 12), offsets: (base + UInt64(first))...(base + UInt64(last)),
                expected: "positions below the store's \(segment.storeSize) bytes", actual: "\(Plural.count(pastEnd.count, "entry", "entries")) at or past it",
                summary: live
                    ? "\(Plural.count(pastEnd.count, "entry", "entries")) wait for their frames (the writer has not flushed yet)"
                    : "\(Plural.count(pastEnd.count, "entry", "entries")) point\(pastEnd.count == 1 ? "s" : "") past the end of \(segment.storeName)"))
    }

    private func reportZeros(
        _ bytes: Range<UInt64>, toEnd: Bool, walk: inout Walk, into collector: inout FindingCollector, health: inout SegmentHealth
    ) {
        collector.add(
            Finding(
                .storeZeroRun, file: segment.storeName, bytes: bytes, offsets: nextExpected(walk).map { $0...$0 },
                expected: "frames", actual: "\(bytes.byteCount) zero bytes",
                summary: toEnd ? "zero bytes up to the end of the file" : "a run of zero bytes between frames"))
        markDamaged(.zeros, bytes, walk: &walk, health: &health)
    }

    /// The end of the store: zeros to the end of the file, else `finding` (a torn tail or trailing bytes).
    private func reportTail(
        _ finding: Finding, reader: FrameReader, walk: inout Walk, into collector: inout FindingCollector, health: inout SegmentHealth
    ) throws(LogError) {
        guard let bytes = finding.bytes else { return }
        if !live, try reader.isZero(from: bytes.lowerBound) {
            reportZeros(bytes, toEnd: true, walk: &walk, into: &collector, health: &health)
        } else {
            reportTorn(finding, walk: &walk, into: &collector, health: &health)
        }
    }

    /// A last frame cut short (or the start of one), whose entries count as pending. On a segment a
    /// live writer holds it is info: a writer writes whole 4 KiB blocks, as the reference's
    /// bufio.Writer does, so its last frame is often only partly in the file (its length prefix may be
    /// cut among zeros), the rest in the writer's buffer.
    private func reportTorn(_ finding: Finding, walk: inout Walk, into collector: inout FindingCollector, health: inout SegmentHealth) {
        guard let bytes = finding.bytes else { return }
        var finding = finding
        if live {
            finding.severity = .info
            finding.summary = "the last frame is still being written (the rest is in the writer's buffer)"
        }
        collector.add(finding)
        markDamaged(live ? .pending : .torn, bytes, walk: &walk, health: &health)
        walk.tornTail = bytes.lowerBound
    }

    /// Bytes the walk could not read as frames: shown in the coverage map, and index entries pointing
    /// into them are not reported again.
    private func markDamaged(_ kind: SegmentHealth.RegionKind, _ bytes: Range<UInt64>, walk: inout Walk, health: inout SegmentHealth) {
        health.addRegion(kind, bytes)
        walk.damaged.append(bytes)
    }

    private func nextExpected(_ walk: Walk) -> UInt64? {
        walk.lastOffset.map { $0 &+ 1 } ?? base
    }

    /// Whether a complete frame with a non-empty payload starts at `position`.
    private func startsNonEmptyFrame(at position: UInt64, reader: FrameReader) throws(LogError) -> Bool {
        guard position < segment.storeSize, case .complete(let length) = try reader.probe(at: position) else { return false }
        return length > 0
    }

    private func firstNonZero(from position: UInt64, reader: FrameReader) throws(LogError) -> UInt64 {
        var at = position
        let size = segment.storeSize
        while at < size {
            let n = Int(min(4096, size - at))
            let index = try reader.withBytes(at: at, count: n) { bytes in bytes.firstIndex(where: { $0 != 0 }) }
            if let index { return at + UInt64(index) }
            at += UInt64(n)
        }
        return size
    }

    /// The next position after `position` where a trustworthy frame starts: an index entry's position
    /// that holds a valid frame, else the first position within ``resyncScanLimit`` bytes holding a
    /// valid non-empty frame followed by another valid frame or the end of the file.
    private func resync(after position: UInt64, walk: Walk, claimed: Int, reader: FrameReader) throws(LogError) -> UInt64? {
        var slot = walk.slot
        var tried = 0
        while slot < claimed, tried < 8, let entry = try segment.rawEntry(at: slot) {
            if entry.position > position, entry.position < segment.storeSize {
                tried += 1
                if try trustworthy(at: entry.position, reader: reader) { return entry.position }
            }
            slot += 1
        }
        let limit = min(segment.storeSize, position + Self.resyncScanLimit)
        var candidate = position + 1
        while candidate < limit {
            if try trustworthy(at: candidate, reader: reader) { return candidate }
            candidate += 1
        }
        return nil
    }

    private func trustworthy(at position: UInt64, reader: FrameReader) throws(LogError) -> Bool {
        guard case .complete(let length) = try reader.probe(at: position), length > 0 else { return false }
        let decoded = try reader.withBytes(at: position + 8, count: Int(length)) { RecordCodec.fields(of: $0) }
        guard case .success(let fields) = decoded, fields.offset >= base, fields.offset - base < UInt64(UInt32.max) else { return false }
        let end = position + 8 + length
        if end == segment.storeSize { return true }
        guard case .complete(let nextLength) = try reader.probe(at: end) else { return false }
        let next = try reader.withBytes(at: end + 8, count: Int(nextLength)) { RecordCodec.fields(of: $0) }
        if case .success(let nextFields) = next { return nextFields.offset == fields.offset + 1 }
        return false
    }
}
