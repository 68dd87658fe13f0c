/// The walk's fast path: a run of frames that need no finding, parsed straight out of the read-ahead
/// windows and added to the segment's health at once.
import LogCore

extension SegmentChecker {
    /// The most frames one run takes, so the walk still asks `shouldStop` every few thousand frames.
    static let cleanRunLimit = 4096

    /// Walks the frames from `walk.position` on that the full frame check would pass without a word:
    /// each complete and non-empty, pointed at by the next index entry, a record of the next offset
    /// (base + slot) with no Raft term, after a record already trusted and no pending unindexed run.
    /// Their effect on `walk` and `health` is the frame check's, frame by frame, with one region, one
    /// intact range and one histogram merge for the run. Returns the number of frames taken: 0 leaves
    /// the frame at `walk.position` to the full check, which says what is wrong with it.
    func walkCleanRun(
        claimed: Int, reader: FrameReader, entries: InspectedSegment.Reader, walk: inout Walk, health: inout SegmentHealth
    ) throws(LogError) -> Int {
        guard walk.unindexed == nil, health.firstOffset != nil, let last = walk.lastOffset, last < UInt64.max,
            walk.slot < claimed, base.addingReportingOverflow(UInt64(walk.slot)) == (last + 1, false)
        else { return 0 }
        let index = try entries.entryBytes(from: walk.slot, upTo: min(claimed - walk.slot, Self.cleanRunLimit))
        let available = index.count / IndexEntry.size
        guard available > 0 else { return 0 }
        let start = walk.position
        let report = onDecodedFrame
        var sizes = FrameSizeHistogram()
        let (taken, end, lastPosition) = try reader.withRest(at: start) { store -> (Int, Int, Int) in
            guard let storeBase = store.baseAddress, let indexBase = index.baseAddress else { return (0, 0, 0) }
            var taken = 0
            var at = 0  // where the next frame starts, from `start`
            var lastAt = 0
            while taken < available, store.count - at >= 8 {
                let length = BigEndian.loadUInt64(storeBase + at)
                guard length > 0, length <= UInt64(store.count - at - 8) else { break }
                guard IndexEntry(loadingFrom: indexBase + taken * IndexEntry.size).position == start + UInt64(at) else { break }
                let payload = UnsafeRawBufferPointer(start: storeBase + at + 8, count: Int(length))
                let offset = last + 1 + UInt64(taken)
                // The writer's own layout in a few comparisons; any other layout of the same record
                // (an empty value, offset 0, varints longer than they need be) decoded in full.
                // Judged as every reader judges a frame (`FrameVerdict`).
                if !RecordCodec.isWriterLayout(payload, offset: offset) {
                    let decoded = RecordCodec.fields(of: payload)
                    guard FrameVerdict(payloadLength: length, decoded: decoded, expectedOffset: offset).isValid, case .success(let fields) = decoded,
                        fields.term == nil
                    else { break }
                }
                report?(offset, start + UInt64(at), 8 + length)
                sizes.add(8 + length)
                lastAt = at
                at += 8 + Int(length)
                taken += 1
            }
            return (taken, at, lastAt)
        }
        guard taken > 0 else { return 0 }
        let count = UInt64(taken)
        health.frames += taken
        health.indexedFrames += taken
        health.counts.records += taken
        health.counts.frameSizes?.merge(sizes)
        health.addIntact((last + 1)...(last + count))
        health.addRegion(.indexed, start..<(start + UInt64(end)))
        walk.lastOffset = last + count
        walk.lastEntryPosition = start + UInt64(lastPosition)
        walk.slot += taken
        walk.resumedAfterDamage = false
        walk.position = start + UInt64(end)
        return taken
    }
}
