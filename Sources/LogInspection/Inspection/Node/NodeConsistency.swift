/// Checks a node's data log against its Raft log: record k of the data log is the value of the k-th
/// command the node applied, and a snapshot explains the records below the Raft log's first command.
///
/// The result maps data offsets to command numbers and Raft indexes piece by piece (``Piece``), and
/// names what does not fit: runs that repeat earlier commands (upstream bug 2), records no command
/// explains, commands without a record, records that differ from their command, and a snapshot that
/// is not the data log's prefix. One streaming pass over each log (and over the Raft log's prefix
/// once more when a snapshot covers it); memory holds a record and a command at a time.
import LogCore

public struct NodeConsistency {
    /// A run of data offsets (or, for ``Kind/behind``, of commands) with one explanation.
    public struct Piece: Sendable, Equatable {
        /// How the records of the piece are explained.
        public enum Kind: String, Sendable, Equatable {
            /// Only the snapshot holds these records; the Raft log was compacted past their commands.
            case snapshot
            /// Each record is the value of the command at its place, applied for the first time.
            case commands
            /// The records repeat commands applied earlier (``Piece/firstApplied`` says where).
            case replay
            /// The records differ from the commands at their place.
            case mismatch
            /// Records after the Raft log's last command: nothing explains them.
            case ahead
            /// Commands with no record in the data log (no data offsets).
            case behind
            /// Records whose frames cannot be read, whose commands the Raft log still holds: a replay of
            /// them restores the records.
            case lost
        }

        /// How the piece is explained.
        public var kind: Kind
        /// The data log's offsets (`nil` for ``Kind/behind``).
        public var data: ClosedRange<UInt64>?
        /// The commands, numbered from 1 in the order the cluster committed them (`nil` for
        /// ``Kind/snapshot`` and ``Kind/ahead``).
        public var commands: ClosedRange<UInt64>?
        /// The Raft indexes of those commands (other entries may lie between them).
        public var raftIndexes: ClosedRange<UInt64>?
        /// For ``Kind/replay``: the data offsets where the same commands were applied first.
        public var firstApplied: ClosedRange<UInt64>?
        /// For ``Kind/snapshot``: the snapshot's directory name.
        public var snapshot: String?
    }

    /// What the comparison found.
    public struct Report: Sendable, Equatable {
        /// The mapping, in data-offset order, then the commands without records.
        public var pieces: [Piece]
        /// Pieces past ``NodeConsistency/maxPieces`` that were not kept (their findings were).
        public var omittedPieces: Int
        /// The node-level findings, each with the log (or snapshot) it is about.
        public var findings: [NodeFinding]
    }

    /// The most pieces a report keeps (a data log that differs from its Raft log at every other
    /// record would otherwise make one per record).
    public static let maxPieces = 256
    /// How many times a report looks for earlier commands that a record repeats (each look walks the
    /// Raft log from its start).
    static let maxSearches = 16

    /// The node.
    public let node: NodeDirectory
    /// Its data log (`log/`).
    public let data: LogDirectory
    /// Its Raft log (`raft/log/`).
    public let raft: LogDirectory

    /// A comparison of `node`'s two logs, opened read-only by the caller.
    public init(node: NodeDirectory, data: LogDirectory, raft: LogDirectory) {
        self.node = node
        self.data = data
        self.raft = raft
    }

    /// Compares the logs.
    public func run() throws(LogError) -> Report {
        var pieces = PieceList()
        var base: UInt64 = 0
        if let snapshot = node.snapshots.last(where: { $0.index != nil && FileAccessRoutes.access(for: $0.path).kind(of: $0.statePath) == .regularFile }) {
            base = try explainPrefix(with: snapshot, into: &pieces)
        }
        try align(from: base, into: &pieces)
        return pieces.result()
    }

    /// Compares `snapshot`'s state.bin with the start of the data log and returns how many records
    /// come before the Raft log's first command.
    private func explainPrefix(with snapshot: NodeDirectory.Snapshot, into pieces: inout PieceList) throws(LogError) -> UInt64 {
        pieces.snapshotLocation = "raft/snapshots/" + snapshot.id
        let file = try FileAccessRoutes.access(for: snapshot.statePath).openForReading(snapshot.statePath)
        defer { try? file.close() }
        var frames = try StoreStreamFrames(file: file)
        var records = PayloadWalk(directory: data)
        var differs = false
        while let frame = try frames.next() {
            // Once state.bin differs, the rest of the data log is not read: nothing more is compared.
            guard !differs else { continue }
            var same = false
            if try records.advance(), records.fields != nil {
                same = try frames.withPayload(of: frame) { theirs in records.withBytes(0..<records.payload.count) { PayloadWalk.same($0, theirs) } }
            }
            if !same {
                differs = true
                let actual = records.offset == nil ? "the data log ends before it" : "another record"
                pieces.report(
                    Finding(
                        .nodeSnapshotMismatch, file: "state.bin", bytes: frame.position..<frame.end, offsets: frame.number...frame.number,
                        expected: "the data log's record \(frame.number)", actual: actual,
                        summary: "state.bin is not the start of the data log's store stream"))
            }
        }
        let count = frames.count
        if frames.position < frames.size {
            pieces.report(
                Finding(
                    .nodeSnapshotMismatch, file: "state.bin", bytes: frames.position..<frames.size,
                    summary: "state.bin ends in a cut frame after \(Plural.count(count, "record")); it is not a whole store stream"))
        }
        // The commands the snapshot covers that the Raft log still holds.
        let commands = CommandWalk(directory: raft)
        var covered: UInt64 = 0
        while try commands.advance(), commands.raftIndex <= snapshot.index ?? 0 { covered += 1 }
        guard covered <= count else {
            pieces.report(
                Finding(
                    .nodeSnapshotMismatch, file: "state.bin",
                    expected: "at least \(Plural.count(covered, "record")) (the commands up to Raft index \(snapshot.index ?? 0))",
                    actual: Plural.count(count, "record"), summary: "the snapshot holds fewer records than the Raft log's commands it covers"))
            return 0
        }
        let base = count - covered
        if base > 0 {
            pieces.addSnapshot(data: 0...(base - 1), snapshot: snapshot, records: count, matches: !differs, firstRaftIndex: raft.segments.first?.baseOffset)
        }
        return base
    }

    /// Walks the data log from offset `base` beside the Raft log's commands (command 0 at `base`).
    private func align(from base: UInt64, into pieces: inout PieceList) throws(LogError) {
        var records = PayloadWalk(directory: data, from: base)
        var commands = CommandWalk(directory: raft)
        var anchor = (offset: base, ordinal: 0)  // the data offset where command `ordinal` belongs
        var highest = -1  // the highest command applied so far
        var searches = 0
        pieces.commandBase = base
        while try records.advance(), let offset = records.offset {
            let (sum, overflow) = anchor.ordinal.addingReportingOverflow(Int(clamping: offset - anchor.offset))
            let ordinal = overflow ? Int.max : sum  // past every command: a gap in the data log near 2^64
            let there = try commands.advance(to: ordinal)
            if there, records.fields == nil {
                // Unreadable here, but the command that produced it is at its place in the Raft log.
                pieces.add(.lost, offset: offset, ordinal: ordinal, raftIndex: commands.raftIndex)
                highest = max(highest, ordinal)
                continue
            }
            if there, Self.matches(records, commands) {
                pieces.add(ordinal <= highest ? .replay : .commands, offset: offset, ordinal: ordinal, raftIndex: commands.raftIndex)
                highest = max(highest, ordinal)
                continue
            }
            if records.fields != nil, searches < Self.maxSearches, highest >= 0 {
                searches += 1
                if let earlier = try Self.earlierCommand(matching: records, upTo: highest, in: raft) {
                    commands = earlier
                    anchor = (offset, earlier.ordinal)
                    pieces.add(.replay, offset: offset, ordinal: earlier.ordinal, raftIndex: earlier.raftIndex)
                    continue
                }
            }
            if !there {
                pieces.add(.ahead, offset: offset, ordinal: nil, raftIndex: nil)
                continue
            }
            pieces.add(.mismatch, offset: offset, ordinal: ordinal, raftIndex: commands.raftIndex)
            highest = max(highest, ordinal)
        }
        if try commands.advance(to: highest + 1) {
            repeat {
                pieces.add(.behind, offset: nil, ordinal: commands.ordinal, raftIndex: commands.raftIndex)
            } while try commands.advance()
        }
        pieces.close()
    }

    /// Whether the data record is the value of the command.
    private static func matches(_ records: PayloadWalk, _ commands: CommandWalk) -> Bool {
        guard let fields = records.fields else { return false }
        return commands.value(equals: fields.valueRange, of: records)
    }

    /// The first command numbered at most `highest` whose value is the record's, positioned there.
    private static func earlierCommand(matching records: PayloadWalk, upTo highest: Int, in raft: LogDirectory) throws(LogError) -> CommandWalk? {
        let search = CommandWalk(directory: raft)
        while try search.advance(), search.ordinal <= highest {
            if matches(records, search) { return search }
        }
        return nil
    }
}

extension NodeConsistency.Piece {
    /// `commands 1...200 (Raft indexes 5...204)`; empty for a piece without commands.
    public var commandsText: String {
        guard let commands else { return "" }
        let indexes = raftIndexes.map { " (" + $0.text("Raft index", "Raft indexes") + ")" } ?? ""
        return commands.text("command", "commands") + indexes
    }
}

/// A node-level finding and the log (or snapshot) under the node directory it is about.
public struct NodeFinding: Sendable, Equatable {
    /// The path relative to the node directory: `log`, `raft/log` or `raft/snapshots/<id>`.
    public var log: String
    /// The finding; its file is relative to ``log``.
    public var finding: Finding

    /// A finding about `log`.
    public init(log: String, finding: Finding) {
        self.log = log
        self.finding = finding
    }
}
