/// The orphan frames of a stuck index (bug K3), found by recovery after the frame that names the next
/// offset: complete frames to the end of the store (or to a torn or zero-filled tail) that all repeat
/// that offset, one per failed append, none of them acknowledged.
struct OrphanScan {
    /// The repeats, from the first to the end of the last.
    var bytes: Range<UInt64>
    /// How many repeats.
    var count: Int
    /// The first ``SegmentRecovery/listedOrphanLimit`` repeats, to list one by one.
    var listed: [Range<UInt64>]
    /// The offset they repeat.
    var offset: UInt64
    /// What ends the store after them, when it is not the last repeat: a torn or zero-filled tail.
    var tail: String?

    /// Scans from `position`; `nil` when a complete frame there or after it is not a repeat of `offset`.
    init?(_ frames: FrameReader, from position: UInt64, repeating offset: UInt64) throws(LogError) {
        var at = position
        var listed: [Range<UInt64>] = []
        var count = 0
        var tail: String?
        scan: while at < frames.size {
            let frame = try frames.check(at: at, expectedOffset: offset)
            if frame.verdict.isValid {
                if listed.count < SegmentRecovery.listedOrphanLimit { listed.append(at..<frame.end) }
                count += 1
                at = frame.end
            } else if frame.verdict.isTorn {
                tail = "a torn tail at byte \(at) (\(frame.verdict))"
                break scan
            } else {
                guard try frames.isZero(from: at) else { return nil }
                tail = "a zero-filled tail at byte \(at)"
                break scan
            }
        }
        guard count > 0 else { return nil }
        self.bytes = position..<at
        self.count = count
        self.listed = listed
        self.offset = offset
        self.tail = tail
    }

    /// One action per listed repeat, with its bytes in hex (at most ``SegmentRecovery/shownFrameBytes``),
    /// and one for those not listed.
    func dropActions(file: String, frames: FrameReader) throws(LogError) -> [RecoveryReport.Action] {
        var actions: [RecoveryReport.Action] = []
        for frame in listed {
            let shown = Int(min(frame.byteCount, UInt64(SegmentRecovery.shownFrameBytes)))
            let hex = try frames.withBytes(at: frame.lowerBound, count: shown) { HexString.encode($0) }
            actions.append(.orphanFrameDropped(file: file, bytes: frame, offset: offset, hex: hex))
        }
        if count > listed.count, let last = listed.last {
            actions.append(.orphanFramesNotListed(file: file, count: count - listed.count, bytes: last.upperBound..<bytes.upperBound))
        }
        return actions
    }
}
