/// What changed in a ``LogDirectory`` between two looks at it, by segment: the typed change a
/// ``LogFollower`` hands to whoever follows the directory (`tail -f`, the inspector, the compare view).
public struct DirectoryDelta: Sendable, Equatable {
    /// Whether anything changed at all (segments, their files' stamps, stray entries).
    public var listed = false
    /// Segments that appeared, by base offset, in ascending order.
    public var added: [UInt64] = []
    /// Segments that disappeared, by base offset, in ascending order.
    public var removed: [UInt64] = []
    /// Segments whose store file is a new file under the same name (a reset to the same base).
    public var replaced: [UInt64] = []
    /// Segments sealed before this look (all but the newest of the last look) written in place: same
    /// files, same sizes, but a newer modification time, or inotify saw them written.
    public var changedInPlace: Set<UInt64> = []
    /// Those of ``changedInPlace`` whose store was written in place: the bytes of their records may
    /// have changed (an index whose modification time alone moved, as the Go reference's mapped
    /// index does when it is synced at close, changes no record's bytes).
    public var storesChangedInPlace: Set<UInt64> = []
    /// Segments sealed before this look that their writer finished, by base offset, in ascending
    /// order: their stores grew on the same file, or their indexes were trimmed to whole entries (see
    /// ``SegmentFiles/onlyFinishedByItsWriter(since:)``). Records arriving, not history changing: the Go
    /// reference writes each sealed segment's buffered frames when it closes the log.
    public var finished: [UInt64] = []
    /// Segments whose store file is shorter than before (a recovery or a truncation cut it).
    public var truncated: [UInt64] = []
    /// Segments whose files' stamps changed (grew, shrank, written, replaced), added ones included.
    public var updated: Set<UInt64> = []
    /// Whether the entries that are not segment files changed.
    public var straysChanged = false

    /// No change.
    public init() {}
}
