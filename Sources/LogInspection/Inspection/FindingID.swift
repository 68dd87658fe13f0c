/// The stable identifiers of integrity findings. They are a contract: scripts may match on them, and
/// README lists them. New classes may be added; existing ones keep their names and meaning.
import LogCore

public enum FindingID: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    // Directory
    case strayFile = "DIR-STRAY-FILE"
    case badSegmentName = "DIR-BAD-NAME"
    case storeWithoutIndex = "DIR-STORE-WITHOUT-INDEX"
    case indexWithoutStore = "DIR-INDEX-WITHOUT-STORE"
    case segmentGap = "DIR-SEGMENT-GAP"
    case segmentOverlap = "DIR-SEGMENT-OVERLAP"
    case noSegments = "DIR-NO-SEGMENTS"
    case unreadableFile = "DIR-UNREADABLE-FILE"
    // Index
    case indexSizeNotMultiple = "IDX-SIZE-NOT-MULTIPLE"
    case indexZeroTail = "IDX-ZERO-TAIL"
    case indexRelativeOffset = "IDX-RELATIVE-OFFSET"
    case indexPositionOrder = "IDX-POSITION-ORDER"
    case indexPastStoreEnd = "IDX-PAST-STORE-END"
    case indexPending = "IDX-PENDING"
    // Store
    case storeTornTail = "STORE-TORN-TAIL"
    case storeTrailingBytes = "STORE-TRAILING-BYTES"
    case storeImplausibleLength = "STORE-IMPLAUSIBLE-LENGTH"
    case storeZeroRun = "STORE-ZERO-RUN"
    case storeUnindexedFrames = "STORE-UNINDEXED-FRAMES"
    case storeUndecodable = "STORE-UNDECODABLE"
    case storeOffsetMismatch = "STORE-OFFSET-MISMATCH"
    case storeOffsetOrder = "STORE-OFFSET-ORDER"
    case storeStuckIndexOrphans = "STORE-STUCK-INDEX-ORPHANS"
    // Cross-checks
    case positionNotOnFrame = "XCHK-NOT-ON-FRAME"
    case countMismatch = "XCHK-COUNT-MISMATCH"
    // Raft
    case raftTermOrder = "RAFT-TERM-ORDER"
    // Node directories: the data log against the Raft log's commands and snapshot
    case nodeReappliedCommands = "NODE-REAPPLIED-COMMANDS"
    case nodeDataAhead = "NODE-DATA-AHEAD"
    case nodeDataBehind = "NODE-DATA-BEHIND"
    case nodeDataMismatch = "NODE-DATA-MISMATCH"
    case nodeDataLost = "NODE-DATA-LOST"
    case nodeSnapshotPrefix = "NODE-SNAPSHOT-PREFIX"
    case nodeSnapshotMismatch = "NODE-SNAPSHOT-MISMATCH"

    /// The severity findings of this class usually have.
    public var defaultSeverity: Finding.Severity {
        switch self {
        case .strayFile, .badSegmentName, .segmentGap, .indexZeroTail, .storeUnindexedFrames, .countMismatch, .noSegments:
            return .warning
        case .indexPending, .nodeSnapshotPrefix:
            return .info
        case .nodeDataBehind, .nodeDataLost:
            return .warning
        default:
            return .error
        }
    }

    /// Likely cause, impact and fix.
    public var explanation: String {
        switch self {
        case .strayFile:
            return
                "A file that is not <offset>.store or <offset>.index. The Go reference parses every name as a segment and would open it as base offset 0, corrupting 0.index. Move it out of the log directory."
        case .badSegmentName:
            return
                "A segment-like name whose base is not a plain decimal u64 (leading zeros, sign, overflow). The reference would misparse it; LogCore ignores it. Rename or move it. "
                + "As an error: the base is so close to 2^64 that index entries would name offsets past 2^64−2, the last a log can number; those entries are not read."
        case .storeWithoutIndex:
            return
                "A store without its index, usually a crash between creating the two files or a manual deletion. Records are intact; LogCore rebuilds the index on open (or use `logscope repair`)."
        case .indexWithoutStore:
            return "An index without its store: the records it points to are gone. Opening with LogCore creates an empty store and drops the entries."
        case .segmentGap:
            return
                "Offsets between two segments are missing, usually after a crash lost the end of a segment or a segment was deleted by hand. Reads of those offsets fail with out of range."
        case .segmentOverlap:
            return
                "A segment holds offsets at or past the next segment's base. Two logs were mixed or a file was renamed. LogCore refuses to open it; separate the segments by hand."
        case .noSegments:
            return "The directory holds no segment. Opening it as a log creates one at the initial offset."
        case .unreadableFile:
            return
                "A segment file this user cannot open for reading: its permissions (or ownership, or an ACL) keep this user out, or the disk under it returns an I/O error. Its segment's records were not checked, and the offsets it holds cannot be read; the rest of the directory was. Fix: run as the log's owner, or grant read access (`chmod o+r` on the file, or `chmod g+r` and join its group); an I/O error needs the disk checked (dmesg) and the file restored from a copy."
        case .indexSizeNotMultiple:
            return "The index is not a whole number of 12-byte entries: a torn write or a foreign file. The partial entry is ignored; LogCore trims it on open."
        case .indexZeroTail:
            return
                "Zero-filled slots after the last entry: the index was preallocated to MaxIndexBytes and the writer did not close cleanly (or is still running). The reference takes the last zero slot as an entry (bug K1); LogCore finds the real end by validation. "
                + "In a Raft log of the replicated service a tail alone does not tell: its DistributedLog.Close never closes the Raft log store, so every raft/log index keeps its tail after a clean shutdown too (and the reference cannot restart the node). "
                + "The node's data log decides, and the finding says what it shows: its newest index cut to its entries (a clean shutdown) or still preallocated (a crash)."
        case .indexRelativeOffset:
            return
                "An entry whose relative offset is not its slot number: overwritten or shifted bytes. Reads through this entry return the wrong record or fail."
        case .indexPositionOrder:
            return "Entry positions must grow strictly. A repeated or backwards position means a damaged index; reads may return the wrong record."
        case .indexPastStoreEnd:
            return
                "Entries point past the end of the store: the store lost buffered writes in a crash (the reference never fsyncs; bug K2). Those records are gone; LogCore drops the entries on open."
        case .indexPending:
            return
                "A segment a live writer holds has entries whose frames are not in the store yet (the writer buffers the store but writes the mapped index at once). Normal while a writer runs; they arrive when it flushes."
        case .storeTornTail:
            return
                "The last frame runs past the end of the file, or the file ends inside its 8-byte length prefix: a write cut short by a crash. The record is lost; LogCore cuts the tail on open. As info, on a segment a live writer holds: the writer writes whole 4 KiB blocks and the rest of the frame is still in its buffer."
        case .storeTrailingBytes:
            return
                "Fewer than 8 bytes after the last frame that cannot begin a length prefix (they would claim 4 GiB or more): bytes appended by something else, or a torn write of foreign data. LogCore cuts them on open. As info, on a segment a live writer holds: the start of a frame the writer has not finished writing."
        case .storeImplausibleLength:
            return
                "A length prefix in the middle of the store claims more bytes than follow it: the bytes here are overwritten. The walk skipped to the next frame it could trust."
        case .storeZeroRun:
            return
                "A run of zero bytes where frames should be: preallocated space or lost writes (filesystems may show zeros for blocks never written). Records there are lost."
        case .storeUnindexedFrames:
            return
                "Complete frames that no index entry points to: the index lost its tail (crash) or was cut. The records are intact; LogCore re-indexes them on open."
        case .storeUndecodable:
            return "A complete frame whose payload is not a valid Record protobuf: damaged bytes. The record cannot be read."
        case .storeOffsetMismatch:
            return
                "The offset inside the record differs from the one its index entry maps: bytes were changed or files of two logs were mixed. Reads of this offset fail."
        case .storeOffsetOrder:
            return "Records in store order must carry consecutive offsets. A repeat or a step back means damaged or spliced data."
        case .storeStuckIndexOrphans:
            return
                "The Go reference's bug K3: its index filled up before the segment was sealed (MaxIndexBytes not a multiple of 12, e.g. the default 1024 holds 85 entries), so every later Append wrote a frame for the same next offset and then failed with EOF. "
                + "No acknowledged record is lost, but the writer is stuck: every Append fails until the log is fixed. "
                + "Opening with LogCore (e.g. `logscope append`) keeps the first orphan as that offset in a new segment and drops the repeats, listing each one's bytes; "
                + "`logscope repair` writes a copy the reference can open. Then give the service a MaxIndexBytes that is a multiple of 12."
        case .positionNotOnFrame:
            return "An index entry points inside a frame, not at its start: the index or the store was changed. Reads through it decode garbage or fail."
        case .countMismatch:
            return "The index and the store disagree on how many records the segment holds; the findings above say where."
        case .raftTermOrder:
            return
                "A Raft log entry whose term is lower than the entry before it. Terms never decrease along a Raft log (a leader appends entries of its own term, and a follower deletes conflicting entries before it appends), so entries of two logs were spliced together or bytes were changed. Raft would serve these entries to followers as they are. Restore the node's raft/log from a healthy replica, or remove the node's data and let it rejoin the cluster."
        case .nodeReappliedCommands:
            return
                "A run of the data log repeats commands the state machine had already applied, while the Raft log holds each once. raft 1.1 does not persist the last applied index: "
                + "a node restarted without a snapshot applies its whole Raft log again to a data log that already holds it (upstream bug 2). Consumers read every repeated record twice and "
                + "offsets past the run are shifted from the other replicas'. Rebuild the data log from the Raft log (or a snapshot), and persist the applied index or snapshot before restarting."
        case .nodeDataAhead:
            return
                "The data log holds records after the last command of the node's Raft log: no entry explains them. Usually the Raft log lost its unflushed tail (its store is buffered and, "
                + "with the upstream Close bug, never flushed) while the data log kept its records. Those records may never have been committed; compare with the other replicas (`logscope diff`)."
        case .nodeDataBehind:
            return
                "The Raft log holds commands the data log has no record for: entries not applied yet (uncommitted, or the node stopped before applying them), or a data log that lost its "
                + "tail in a crash. Raft applies committed entries again when the node rejoins; compare with the other replicas (`logscope diff`)."
        case .nodeDataLost:
            return
                "Data records whose frames cannot be read (a crash tore the data log's stores: the 4 KiB write buffer outlives the book's 1024-byte segments) while the node's Raft log "
                + "still holds the commands that produced them. Nothing is lost for good: replaying those commands restores each record with the bytes the service wrote "
                + "(`logscope repair NODE --output DIR` rebuilds the data log from the Raft log); the data log's own findings name the damage."
        case .nodeDataMismatch:
            return
                "A data record differs from the command the Raft log holds at its place (the k-th record should be the value of the k-th command). The data log or the Raft log was changed or "
                + "mixed with another node's. The replicas that agree with the Raft log hold the right value (`logscope diff`)."
        case .nodeSnapshotPrefix:
            return
                "The Raft log was compacted: the first data records are explained only by the newest snapshot (its state.bin is the data log's raw store stream), not by Raft entries. Normal after "
                + "a snapshot; keep the snapshot directory, it is the only other copy of those records on this node."
        case .nodeSnapshotMismatch:
            return
                "The newest snapshot's state.bin is not the start of the data log's store stream (a frame differs, the data log is shorter, or the snapshot holds fewer records than the commands "
                + "it covers). A restore from this snapshot would give a different state; find out which of the two was changed before relying on either."
        }
    }
}
