/// Replays the Go reference's reopen of a directory, read-only, to build a
/// ``ReferenceReopenPrediction``.
///
/// It reads index entries and frames its own way, not through ``RecordCursor``: it imitates Go's
/// reads exactly (an entry read past the index size at open, a frame cut short read as `EOF`, the
/// first opened segment that holds an offset), which no reader of the format should do.
import LogCore

public struct ReferenceReplay {
    public let directory: LogDirectory
    /// The `MaxIndexBytes` to replay with; `nil` infers it from the files (`MaxIndexBytesInference`).
    public let maxIndexBytes: UInt64?
    public let initialOffset: UInt64

    /// Creates a replay.
    ///
    /// - Parameters:
    ///   - maxIndexBytes: the value the service reopens with (0 is the reference's default, 1024);
    ///     `nil` infers the smallest value the files allow.
    ///   - initialOffset: the reference's `InitialOffset` (used only when there is no segment).
    public init(directory: LogDirectory, maxIndexBytes: UInt64? = nil, initialOffset: UInt64 = 0) {
        self.directory = directory
        self.maxIndexBytes = maxIndexBytes.map { $0 == 0 ? Config.referenceDefaultBytes : $0 }
        self.initialOffset = initialOffset
    }

    /// Go's `strconv.ParseUint(strings.TrimSuffix(name, path.Ext(name)), 10, 0)` with the error
    /// ignored, as the reference does: 0 on a syntax error, 2^64−1 on overflow.
    public static func goBaseOffset(of name: String) -> UInt64 {
        var stem = Substring(name)
        if let dot = name.lastIndex(of: ".") { stem = name[..<dot] }
        guard !stem.isEmpty, stem.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return 0 }
        return UInt64(stem) ?? UInt64.max
    }

    /// Runs the replay; `report` (from ``IntegrityChecker``) says which records are intact.
    public func run(report: IntegrityChecker.Report) throws(LogError) -> ReferenceReopenPrediction {
        let inference = MaxIndexBytesInference(directory: directory, report: report)
        let maxIndexBytes = self.maxIndexBytes ?? inference.assumed
        // The base offset Go parses from each name it lists (a segment's once for each of its files).
        var bases = directory.strays.map { Self.goBaseOffset(of: $0.name) }
        bases.reserveCapacity(bases.count + 2 * directory.segments.count)
        for segment in directory.segments.listing {
            // A store stream's files are not named by a base offset.
            let (store, index) =
                segment.isStoreStream
                ? (Self.goBaseOffset(of: segment.storeName), Self.goBaseOffset(of: segment.indexName)) : (segment.baseOffset, segment.baseOffset)
            if segment.hasStore { bases.append(store) }
            if segment.hasIndex { bases.append(index) }
        }
        bases.sort()
        // Bases are opened in order: a base listed twice (a store and an index) is opened again at once.
        var lastOpened: UInt64?
        var opened: [OpenedSegment] = []
        var openFailure: String?
        var openFailureIsMaxIndexBytes = false
        let toOpen = bases.isEmpty ? [initialOffset] : stride(from: 0, to: bases.count, by: 2).map { bases[$0] }
        // Only the few segments with a file it cannot read (a dictionary of 100,000 empty lists costs megabytes).
        let unreadable = Dictionary(
            report.segments.lazy.filter { !$0.unreadableFiles.isEmpty }.map { ($0.baseOffset, $0.unreadableFiles) }, uniquingKeysWith: { a, _ in a })
        for base in toOpen {
            let original = directory.segment(at: base)
            if let files = unreadable[base], !files.isEmpty {
                // The reference opens each file for writing: as this user it would fail here; as one who
                // may read the file, what it would read is unknown, since this replay cannot read it.
                openFailure =
                    "it would fail opening segment \(base) if it ran as this user, who cannot read \(files.joined(separator: " and ")) (DIR-UNREADABLE-FILE); what it would read as a user who may cannot be predicted"
                break
            }
            // Opening again, it finds the index its first open grew to MaxIndexBytes.
            let sizeAtOpen = lastOpened == base ? maxIndexBytes : original?.indexSize ?? 0
            // `newIndex` cuts the file to MaxIndexBytes and maps that much; `Read(-1)` then slices the
            // last entry's bytes [12k+4, 12k+12) out of the mapping, which panics past its end.
            let slots = sizeAtOpen / 12
            if sizeAtOpen > maxIndexBytes, slots * 12 > maxIndexBytes {
                openFailureIsMaxIndexBytes = true
                openFailure = Self.k8Panic(base: base, sizeAtOpen: sizeAtOpen, maxIndexBytes: maxIndexBytes, openedBefore: opened.count)
                break
            }
            var next = base
            if sizeAtOpen >= 12 {
                let rel = try entry(of: original, slot: Int(slots - 1), sizeAtOpen: sizeAtOpen).relativeOffset
                next = base &+ UInt64(rel) &+ 1
            }
            lastOpened = base
            opened.append(OpenedSegment(base: base, indexSizeAtOpen: sizeAtOpen, next: next))
        }
        let intactCount = report.segments.reduce(UInt64(0)) { $0 + $1.intactCount }
        var prediction = ReferenceReopenPrediction(
            maxIndexBytes: maxIndexBytes, openFailure: openFailure, segments: opened.map { .init(base: $0.base, next: $0.next) },
            lowestOffset: opened.first?.base ?? 0, highestOffset: opened.last.map { $0.next == 0 ? 0 : $0.next - 1 } ?? 0,
            intactOffsets: report.segments.flatMap(\.intactOffsets), readableIntact: [], readableCount: 0, intactCount: intactCount, wrongRecords: [],
            append: nil, closePersistsZeroTails: false)
        prediction.openFailureIsMaxIndexBytes = openFailureIsMaxIndexBytes
        prediction.inference = inference
        prediction.maxIndexBytesGiven = self.maxIndexBytes != nil
        guard openFailure == nil, let active = opened.last else { return prediction }
        let openedSegments = OpenedSegments(opened)

        var readable: [ClosedRange<UInt64>] = []
        for health in report.segments {
            // A clean segment opened once with its true size reads back whole: no need to replay each read.
            if health.worstSeverity == nil, openedSegments.openCount(of: health.baseOffset) == 1,
                let holder = openedSegments.first(containing: health.baseOffset), holder.base == health.baseOffset,
                holder.indexSizeAtOpen == UInt64(health.indexEntries * 12),
                let first = health.intactOffsets.first, health.intactOffsets.count == 1
            {
                readable.append(first)
                prediction.readableCount = prediction.readableCount.saturatingAdd(first.offsetCount)
                continue
            }
            for range in health.intactOffsets {
                try replayReads(range, opened: openedSegments, readable: &readable, prediction: &prediction)
            }
        }
        prediction.readableIntact = readable
        try replayDamagedReads(report: report, opened: openedSegments, prediction: &prediction)
        if active.indexSizeAtOpen + 12 > maxIndexBytes {
            prediction.append = .endOfFile(orphanIn: "\(active.base).store")
        } else {
            prediction.append = .offset(active.next)
        }
        prediction.closePersistsZeroTails = report.segments.contains { $0.zeroTailSlots > 0 }
        return prediction
    }

    /// Why opening segment `base` panics (bug K8), and what the open has done to the files by then.
    static func k8Panic(base: UInt64, sizeAtOpen: UInt64, maxIndexBytes: UInt64, openedBefore: Int) -> String {
        let lastSlot = sizeAtOpen / 12 - 1
        let firstLost = maxIndexBytes / 12  // the first slot that no longer fits whole
        var text =
            "it would panic while opening segment \(base): \(base).index is \(sizeAtOpen) bytes, more than MaxIndexBytes, and the "
            + "reference reads its last entry (bytes \(RangeNotation.halfOpen("\(lastSlot * 12)", "\(lastSlot * 12 + 12)"))) past the end of its \(maxIndexBytes)-byte "
            + "mapping (bug K8). Before that, opening has cut \(base).index to \(maxIndexBytes) bytes for good: the entries for "
            + (base.saturatingAdd(firstLost)...base.saturatingAdd(lastSlot)).offsetText() + " are lost"
        if openedBefore > 0 {
            text +=
                ", and the crash leaves the \(openedBefore == 1 ? "index" : "\(openedBefore) indexes") it opened before grown to "
                + "\(maxIndexBytes) bytes with zero tails, which the next reopen takes for entries (bug K1)"
        }
        return text
    }

    private func replayReads(
        _ range: ClosedRange<UInt64>, opened: OpenedSegments,
        readable: inout [ClosedRange<UInt64>], prediction: inout ReferenceReopenPrediction
    ) throws(LogError) {
        var offset = range.lowerBound
        while true {
            let outcome = try read(offset, opened: opened)
            switch outcome {
            case .record:
                if let last = readable.last, last.upperBound &+ 1 == offset {
                    readable[readable.count - 1] = last.lowerBound...offset
                } else {
                    readable.append(offset...offset)
                }
                prediction.readableCount += 1
            default:
                note(offset, outcome, in: &prediction)
            }
            if offset == range.upperBound { break }
            offset += 1
        }
    }

    /// At most this many reads of offsets that are not intact are replayed (a huge index of garbage
    /// stays quick; the paragraph names only the first few of each kind anyway).
    static let maxDamagedReads = 100_000

    /// Reads of the offsets the reference would look up but whose records are not intact: an index
    /// entry that points at garbage can return another record or make the reference allocate
    /// whatever the bytes there say.
    private func replayDamagedReads(
        report: IntegrityChecker.Report, opened: OpenedSegments,
        prediction: inout ReferenceReopenPrediction
    ) throws(LogError) {
        // Intact offsets of every segment, sorted and merged into disjoint ranges.
        var intact: [ClosedRange<UInt64>] = []
        for range in report.segments.flatMap(\.intactOffsets).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = intact.last, range.lowerBound <= last.upperBound || range.lowerBound == last.upperBound &+ 1 {
                intact[intact.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                intact.append(range)
            }
        }
        var reads = 0
        var seen = Set<UInt64>()
        for segment in opened.list where seen.insert(segment.base).inserted {
            // Slots the index held when opened, below the segment's nextOffset (which wraps past
            // 2^64 − 1 in Go, and then no offset is below it) and numberable at all.
            let below = segment.next > segment.base ? segment.next - segment.base : 0
            let slots = min(segment.indexSizeAtOpen / 12, below, UInt64(SegmentFileName.maxEntries(baseOffset: segment.base)))
            let end = segment.base + slots
            var offset = segment.base
            // The first intact range that ends at or after `offset`; then each stretch between ranges.
            var i = (SegmentSearch.lastIndex(notAbove: offset, count: intact.count) { intact[$0].lowerBound }) ?? 0
            while offset < end, reads < Self.maxDamagedReads {
                if i < intact.count, intact[i].upperBound < offset {
                    i += 1
                } else if i < intact.count, intact[i].lowerBound <= offset {
                    guard intact[i].upperBound < end else { break }
                    offset = intact[i].upperBound + 1
                    i += 1
                } else {
                    let stop = i < intact.count ? min(end, intact[i].lowerBound) : end
                    while offset < stop, reads < Self.maxDamagedReads {
                        note(offset, try read(offset, opened: opened), in: &prediction)
                        reads += 1
                        offset += 1
                    }
                }
            }
        }
    }

    private func note(_ offset: UInt64, _ outcome: ReferenceReopenPrediction.ReadOutcome, in prediction: inout ReferenceReopenPrediction) {
        switch outcome {
        case .wrongRecord:
            if prediction.wrongRecords.count < 20 { prediction.wrongRecords.append(offset) }
        case .crash(let length):
            if prediction.crashingReads.count < 20 { prediction.crashingReads.append(.init(offset: offset, length: length)) }
        case .endOfFileAfterAllocating(let length):
            if prediction.largeAllocations.count < 20 { prediction.largeAllocations.append(.init(offset: offset, length: length)) }
        case .record, .outOfRange, .endOfFile, .unmarshalError:
            break
        }
    }

    /// The reference's `Read(off)`: the first opened segment with `base ≤ off < next`.
    private func read(_ offset: UInt64, opened: OpenedSegments) throws(LogError)
        -> ReferenceReopenPrediction.ReadOutcome
    {
        guard let segment = opened.first(containing: offset) else { return .outOfRange }
        let slot = offset - segment.base
        guard slot < UInt64(Int.max / 12), (slot + 1) * 12 <= segment.indexSizeAtOpen else { return .endOfFile }
        let original = directory.segment(at: segment.base)
        let position = try entry(of: original, slot: Int(slot), sizeAtOpen: segment.indexSizeAtOpen).position
        guard let original, original.storePath != nil else { return .endOfFile }
        let info = try original.frame(at: position)
        switch info.shape {
        case .tornPrefix:
            return .endOfFile
        case .tornPayload:
            if info.payloadLength >= ReferenceReopenPrediction.fatalAllocation { return .crash(length: info.payloadLength) }
            if info.payloadLength >= ReferenceReopenPrediction.largeAllocation { return .endOfFileAfterAllocating(length: info.payloadLength) }
            return .endOfFile
        case .complete:
            guard let fields = info.fields else { return .unmarshalError }
            return fields.offset == offset ? .record : .wrongRecord(fields.offset)
        }
    }

    /// An entry as the reference's mapping shows it: the file's bytes, zeros where it was grown.
    private func entry(of segment: InspectedSegment?, slot: Int, sizeAtOpen: UInt64) throws(LogError) -> IndexEntry {
        guard let segment, let entry = try segment.rawEntry(at: slot) else {
            return IndexEntry(relativeOffset: 0, position: 0)
        }
        return entry
    }
}
