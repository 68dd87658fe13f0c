/// What the Go reference (`proglog` `internal/log`, chapter 3) would do if it reopened a directory as
/// it is now: which offsets it would read, what it would report, and whether appends would work.
///
/// It replays the reference's `setup()` and `newSegment()` on the listing, with their quirks: every
/// directory entry is parsed as a base offset (a stray name parses as 0, an overflowing one as
/// 2^64−1; bug K7), each index's logical size is its file size (bug K1), an index is grown or cut to
/// `MaxIndexBytes` on open (bug K8), and an append fails once the mapped index has no room (bugs
/// K1, K3). Nothing is written: the replay reads the files with `pread`.
import LogCore

public struct ReferenceReopenPrediction: Sendable, Equatable {
    /// The outcome of reading one offset.
    public enum ReadOutcome: Sendable, Equatable {
        /// The record is returned and names this offset.
        case record
        /// A record is returned, but it names another offset.
        case wrongRecord(UInt64)
        /// `offset out of range: N`.
        case outOfRange
        /// `EOF` or `unexpected EOF` from the index or the store.
        case endOfFile
        /// The payload does not unmarshal.
        case unmarshalError
        /// The length prefix (`length` bytes) is so large that the reference's `make([]byte, length)`
        /// would kill it: a panic past Go's allocation limit, out of memory below it.
        case crash(length: UInt64)
        /// `EOF`, after allocating a buffer of `length` bytes (at least 64 MiB) for a garbage prefix.
        case endOfFileAfterAllocating(length: UInt64)
    }

    /// Go's largest allocation on 64-bit Linux (`maxAlloc`, 2^48): `make([]byte, n)` with a larger
    /// `n` panics with "makeslice: len out of range".
    public static let goMaxAlloc: UInt64 = 1 << 48
    /// From this size on an allocation is taken to kill the process ("out of memory").
    public static let fatalAllocation: UInt64 = 1 << 40
    /// From this size on an allocation that then fails with EOF is worth a warning.
    public static let largeAllocation: UInt64 = 64 << 20

    /// The outcome of the next `Append`.
    public enum AppendOutcome: Sendable, Equatable {
        /// It would succeed at this offset.
        case offset(UInt64)
        /// It would fail with `EOF` after writing an orphan frame to this store.
        case endOfFile(orphanIn: String)
    }

    /// The `MaxIndexBytes` the replay assumes.
    public var maxIndexBytes: UInt64
    /// Whether ``maxIndexBytes`` was given (`--reference-max-index-bytes`) rather than inferred.
    public var maxIndexBytesGiven = true
    /// What the files show about the `MaxIndexBytes` that wrote them (the inferred value and why).
    package var inference = MaxIndexBytesInference()
    /// `nil` when opening succeeds; otherwise why the reference would fail or panic.
    public var openFailure: String?
    /// Whether ``openFailure`` is an index larger than the assumed `MaxIndexBytes` (bug K8): the
    /// given value is smaller than the log was written with, or the files prove the service's value is.
    public var openFailureIsMaxIndexBytes = false
    /// The segments it would open, in order (a base may repeat), with their `nextOffset`.
    public var segments: [SegmentOpening]
    /// `LowestOffset()` and `HighestOffset()`.
    public var lowestOffset: UInt64
    public var highestOffset: UInt64
    /// Offsets whose records are intact on disk (from the integrity check).
    public var intactOffsets: [ClosedRange<UInt64>]
    /// Intact offsets the reference would read back correctly.
    public var readableIntact: [ClosedRange<UInt64>]
    /// How many intact records it would read back correctly, and how many it would not.
    public var readableCount: UInt64
    public var intactCount: UInt64
    /// Offsets it would answer with a record naming another offset.
    public var wrongRecords: [UInt64]
    /// Offsets whose read would crash the process, with the length prefix it would allocate.
    public var crashingReads: [PrefixedRead] = []
    /// Offsets whose read would allocate a buffer of `length` bytes before failing with EOF.
    public var largeAllocations: [PrefixedRead] = []
    /// The next `Append`.
    public var append: AppendOutcome?
    /// Whether indexes with zero tails would keep them for good after a `Close`.
    public var closePersistsZeroTails: Bool

    /// A segment the reference would open: its base offset and the `nextOffset` it would compute.
    public struct SegmentOpening: Sendable, Equatable {
        /// The segment's base offset.
        public var base: UInt64
        /// The offset its next append would get.
        public var next: UInt64
    }

    /// A read of `offset` whose frame's length prefix says `length` bytes.
    public struct PrefixedRead: Sendable, Equatable {
        /// The offset read.
        public var offset: UInt64
        /// The length prefix the reference would allocate.
        public var length: UInt64
    }

    /// The prediction in one plain paragraph.
    public var paragraph: String {
        var text = "If the Go reference reopened this directory as it is now (assuming MaxIndexBytes \(maxIndexBytes)"
        text += maxIndexBytesGiven ? "), " : ", \(inference.reason)), "
        if let openFailure {
            text += openFailure + "."
            if openFailureIsMaxIndexBytes {
                text +=
                    maxIndexBytesGiven
                    ? " That is what reopening with a smaller MaxIndexBytes than the log was written with does."
                    : " The files prove that the service's MaxIndexBytes is smaller than an index it wrote earlier: reopening needs at least \(inference.largest?.value ?? maxIndexBytes)."
            }
            return text
        }
        text += "it would open \(Self.describeOpens(segments.map(\.base))) and report LowestOffset \(lowestOffset) and HighestOffset \(highestOffset). "
        if intactCount == 0 {
            text += "The directory holds no intact record. "
        } else if readableCount == intactCount {
            text += "It would read all \(intactCount) intact records. "
        } else {
            text += "It would read \(readableCount) of the \(intactCount) intact records"
            text += readableIntact.isEmpty ? "" : " (\(Self.describe(readableIntact)))"
            text += "; the others would fail with \"offset out of range\" or EOF. "
        }
        if wrongRecords.count == 1 {
            text += "Reading offset \(wrongRecords[0]) would return a record that names another offset. "
        } else if !wrongRecords.isEmpty {
            text += "Reads of offsets \(Self.describe(wrongRecords.map { $0...$0 })) would return records that name other offsets. "
        }
        if let first = crashingReads.first {
            let offset = first.offset
            let length = first.length
            text += "Reading offset \(offset) would crash it: the length prefix there says \(length) bytes, and "
            text +=
                length > Self.goMaxAlloc
                ? "allocating that panics with \"makeslice: len out of range\""
                : "allocating \(ByteSize.long(length)) kills it with \"out of memory\""
            text += crashingReads.count > 1 ? " (so would reading \(Self.describe(crashingReads.dropFirst().map { $0.offset...$0.offset })))" + ". " : ". "
            text +=
                "Dying without Close leaves every index it opened \(maxIndexBytes) bytes long (MaxIndexBytes) with a zero tail, "
                + "which the next reopen takes for entries (bug K1). "
        }
        if let first = largeAllocations.first {
            let offset = first.offset
            let length = first.length
            text += "Reading offset \(offset) would allocate \(ByteSize.long(length)) for a garbage length prefix, then fail with EOF"
            text += largeAllocations.count > 1 ? " (\(largeAllocations.count) such reads). " : ". "
        }
        switch append {
        case .offset(let offset)?:
            text += "Its next Append would succeed at offset \(offset)."
        case .endOfFile(let store)?:
            text +=
                "Every Append would fail with EOF, because the newest index already fills MaxIndexBytes (its file size is taken as entries), each failure leaving an orphan frame in \(store)."
        case nil:
            break
        }
        var opens: [UInt64: Int] = [:]
        for segment in segments { opens[segment.base, default: 0] += 1 }
        let repeated = opens.filter { $0.value > 1 }.keys.sorted()
        if !repeated.isEmpty {
            let list = repeated.map { "\($0)" }.joined(separator: ", ")
            text +=
                " Stray files parse as base offsets too, so segment\(repeated.count == 1 ? "" : "s") \(list) would be opened more than once, and a Close would leave \(repeated.map { "\($0).index" }.joined(separator: ", ")) padded with zeros to MaxIndexBytes, breaking the next reopen (bug K7)."
        }
        if closePersistsZeroTails {
            text += " A Close would then keep the zero-filled index tails for good."
        }
        return text
    }

    /// `segment 0`, `segments 0, 11, 34`, a base opened repeatedly as `0 (opened 86 times)`, and a long
    /// list cut in the middle with the total (a log may have thousands of segments).
    static func describeOpens(_ bases: [UInt64]) -> String {
        var groups: [(base: UInt64, count: Int)] = []
        for base in bases {
            if let last = groups.last, last.base == base { groups[groups.count - 1].count += 1 } else { groups.append((base, 1)) }
        }
        let times = { (count: Int) in count == 2 ? "twice" : "\(count) times" }
        if groups.count == 1, let only = groups.first {
            return "segment \(only.base)" + (only.count > 1 ? " " + times(only.count) : "")
        }
        let shown = groups.map { "\($0.base)" + ($0.count > 1 ? " (opened \(times($0.count)))" : "") }
        let list =
            shown.count > 8 ? (shown.prefix(4) + ["…"] + shown.suffix(2)).joined(separator: ", ") + " (\(groups.count) in all)" : shown.joined(separator: ", ")
        return "segments " + list
    }

    static func describe(_ ranges: [ClosedRange<UInt64>]) -> String {
        let shown = ranges.prefix(6).map(\.rangeText)
        return shown.joined(separator: ", ") + (ranges.count > 6 ? ", …" : "")
    }
}
