/// What opening a log found on disk and what it changed to make the log usable.
///
/// A cleanly closed directory gives an empty report. Each ``Action`` names the file, the bytes or
/// offsets involved, and the cause, so the report can be shown to a person as it is.
public struct RecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// One finding or change.
    public enum Action: Sendable, Equatable, CustomStringConvertible {
        /// A file that is not `<u64>.store` or `<u64>.index` was left alone (the reference would have
        /// treated it as segment 0: bug K7).
        case ignoredStrayFile(name: String)
        /// An index held more slots than valid entries; the rest is a preallocated tail or garbage.
        case indexTailIgnored(file: String, validEntries: Int, slotsInFile: Int, zeroTail: Bool)
        /// Index entries whose frames are missing or damaged in the store were dropped.
        case entriesDropped(file: String, offsets: ClosedRange<UInt64>, reason: String)
        /// Complete frames the index lacked were added to it.
        case framesReindexed(file: String, offsets: ClosedRange<UInt64>)
        /// An incomplete frame at the end of a store was cut off.
        case storeTailCut(file: String, from: UInt64, to: UInt64, reason: String)
        /// A store without its index got a new index built from the store.
        case indexCreated(file: String)
        /// An index without its store got an empty store.
        case storeCreated(file: String)
        /// An empty segment after lost records was removed so the next append continues the log.
        case emptySegmentRemoved(base: UInt64, continuingAt: UInt64)
        /// Records between two segments were lost before this open.
        case gap(offsets: ClosedRange<UInt64>)
        /// The newest segment is already full under the current config (it shrank): the next append
        /// starts a new segment.
        case sealedByConfig(file: String, reason: String)
        /// An index stopped at `entries` entries while appends went on writing frames for `offset`
        /// (the reference's bug K3): `frames` orphan frames, none acknowledged; the writer's
        /// `MaxIndexBytes` lies in `maxIndexBytes`.
        case stuckIndex(file: String, entries: Int, offset: UInt64, frames: Int, maxIndexBytes: ClosedRange<UInt64>)
        /// A frame a failed append wrote for a stuck index's next offset was dropped; `hex` shows its first bytes.
        case orphanFrameDropped(file: String, bytes: Range<UInt64>, offset: UInt64, hex: String)
        /// More repeats were dropped than the report lists one by one.
        case orphanFramesNotListed(file: String, count: Int, bytes: Range<UInt64>)
        /// Complete frames the index had no room for were moved to new segments, as the writer would
        /// have rolled.
        case framesMoved(file: String, offsets: ClosedRange<UInt64>, bytes: Range<UInt64>, segments: [UInt64], reason: String)

        public var description: String {
            switch self {
            case .ignoredStrayFile(let name):
                return "ignored \(name): not a <offset>.store or <offset>.index file"
            case .indexTailIgnored(let file, let valid, let slots, let zeroTail):
                return "\(file): \(valid) valid entries, \(slots - valid) more slots "
                    + (zeroTail ? "of zeros (left by an unclean shutdown)" : "that do not continue the index")
                    + "; the extra slots were removed"
            case .entriesDropped(let file, let offsets, let reason):
                return "\(file): dropped entries for offsets \(offsets.rangeText): \(reason)"
            case .framesReindexed(let file, let offsets):
                return "\(file): re-indexed complete frames for offsets \(offsets.rangeText)"
            case .storeTailCut(let file, let from, let to, let reason):
                return "\(file): cut \(Plural.count(from - to, "byte")) at byte \(to) (was \(Plural.count(from, "byte"))): \(reason)"
            case .indexCreated(let file):
                return "\(file): was missing; rebuilt from the store"
            case .storeCreated(let file):
                return "\(file): was missing; created empty (its index entries had no frames)"
            case .emptySegmentRemoved(let base, let next):
                return "removed empty segment \(base) after lost records; the next append gets offset \(next)"
            case .gap(let offsets):
                return "\(offsets.offsetText()) \(offsets.lowerBound == offsets.upperBound ? "was" : "were") lost before this open and read as out of range"
            case .sealedByConfig(let file, let reason):
                return "\(file): \(reason); the next append starts a new segment"
            case .stuckIndex(let file, let entries, let offset, let frames, let range):
                return "\(file): stuck at \(Plural.count(entries, "entry", "entries")) (MaxIndexBytes \(range.rangeText); the Go "
                    + "reference's bug K3): the store holds \(Plural.count(frames, "frame")) for offset \(offset) after them, one per failed "
                    + "append, none acknowledged and none a record (the reference reads none of them): all dropped, the next append gets offset \(offset)"
            case .orphanFrameDropped(let file, let bytes, let offset, let hex):
                let more = bytes.byteCount > UInt64(hex.utf8.count / 2) ? "… (\(bytes.byteCount - UInt64(hex.utf8.count / 2)) more bytes)" : ""
                return
                    "\(file): dropped bytes \(bytes.rangeText), a \(bytes.byteCount)-byte orphan frame for offset \(offset): \(hex)\(more)"
            case .orphanFramesNotListed(let file, let count, let bytes):
                return "\(file): dropped \(Plural.count(count, "more orphan frame")) at bytes \(bytes.rangeText), not listed one by one"
            case .framesMoved(let file, let offsets, let bytes, let segments, let reason):
                let list =
                    segments.count > 3
                    ? "\(segments.count) new segments from \(segments[0])"
                    : "new segment\(segments.count == 1 ? "" : "s") "
                        + segments.map { "\($0)" }.joined(separator: ", ")
                return
                    "\(file): moved the \(offsets.offsetCount == 1 ? "frame" : "frames") for \(offsets.offsetText()) (bytes \(bytes.rangeText)) to \(list): \(reason)"
            }
        }
    }

    /// Everything found or changed, in the order it happened.
    public var actions: [Action]

    /// Creates a report.
    public init(actions: [Action] = []) {
        self.actions = actions
    }

    /// Whether opening changed no file (findings such as stray files or gaps change nothing).
    public var isClean: Bool {
        actions.allSatisfy {
            if case .ignoredStrayFile = $0 { return true }
            if case .sealedByConfig = $0 { return true }
            if case .gap = $0 { return true }
            return false
        }
    }

    public var description: String {
        actions.isEmpty ? "clean" : actions.map(\.description).joined(separator: "\n")
    }
}
