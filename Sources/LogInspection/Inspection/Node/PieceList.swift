/// The pieces of a node's data-offset ↔ command mapping as ``NodeConsistency`` finds them, one record
/// at a time, and the findings of the pieces that do not fit (capped per class, as a check's are).
import LogCore

struct PieceList {
    typealias Piece = NodeConsistency.Piece

    /// Command number (from 1) minus one of the Raft log's first command: how many commands only the
    /// snapshot holds.
    var commandBase: UInt64 = 0
    /// Where the snapshot's findings are: `raft/snapshots/<id>`.
    var snapshotLocation = "raft/snapshots"
    private var pieces: [Piece] = []
    private var current: Piece?
    private var omitted = 0
    private var collector = FindingCollector()

    /// Adds one data record (or, for `.behind`, one command) to the mapping.
    mutating func add(_ kind: Piece.Kind, offset: UInt64?, ordinal: Int?, raftIndex: UInt64?) {
        let number = ordinal.map { commandBase + UInt64($0) + 1 }
        if var piece = current, piece.kind == kind, Self.follows(piece.data, offset), Self.follows(piece.commands, number) {
            piece.data = offset.map { piece.data!.lowerBound...$0 }
            piece.commands = number.map { piece.commands!.lowerBound...$0 }
            piece.raftIndexes = raftIndex.map { (piece.raftIndexes?.lowerBound ?? $0)...$0 }
            current = piece
            return
        }
        close()
        current = Piece(
            kind: kind, data: offset.map { $0...$0 }, commands: number.map { $0...$0 }, raftIndexes: raftIndex.map { $0...$0 }, firstApplied: nil,
            snapshot: nil)
    }

    /// Adds the records only `snapshot` explains, and the finding that says so.
    mutating func addSnapshot(data: ClosedRange<UInt64>, snapshot: NodeDirectory.Snapshot, records: UInt64, matches: Bool, firstRaftIndex: UInt64?) {
        pieces.append(Piece(kind: .snapshot, data: data, commands: nil, raftIndexes: nil, firstApplied: nil, snapshot: snapshot.id))
        let agreement =
            matches ? "its state.bin holds the data log's first \(Plural.count(records, "record")), byte for byte" : "its state.bin differs from the data log"
        let start = firstRaftIndex.map { "; the Raft log starts at index \($0)" } ?? ""
        report(
            Finding(
                .nodeSnapshotPrefix, offsets: data,
                summary: "\(data.text("record", "records")) are explained only by snapshot \(snapshot.id) (\(agreement))\(start)"))
    }

    /// Adds a finding that no piece stands for.
    mutating func report(_ finding: Finding) {
        collector.add(finding)
    }

    /// Ends the piece being built.
    mutating func close() {
        guard let piece = current else { return }
        current = nil
        var kept = piece
        if piece.kind == .replay, let commands = piece.commands,
            let first = pieces.first(where: { $0.kind == .commands && $0.commands?.contains(commands.lowerBound) == true }),
            let data = first.data, let firstCommands = first.commands
        {
            let start = data.lowerBound + (commands.lowerBound - firstCommands.lowerBound)
            kept.firstApplied = start...(start + (commands.upperBound - commands.lowerBound))
        }
        if let finding = Self.finding(for: kept) { collector.add(finding) }
        if pieces.count < NodeConsistency.maxPieces {
            pieces.append(kept)
        } else {
            omitted += 1
        }
    }

    /// The report: pieces and findings, each finding with the log it is about.
    mutating func result() -> NodeConsistency.Report {
        close()
        collector.endSegment()
        let findings = collector.findings.map { finding in
            NodeFinding(log: Self.log(of: finding.id, snapshot: snapshotLocation), finding: finding)
        }
        return NodeConsistency.Report(pieces: pieces, omittedPieces: omitted, findings: findings)
    }

    private static func follows(_ range: ClosedRange<UInt64>?, _ next: UInt64?) -> Bool {
        switch (range, next) {
        case (nil, nil): return true
        case (let range?, let next?): return range.upperBound &+ 1 == next
        default: return false
        }
    }

    private static func log(of id: FindingID, snapshot: String) -> String {
        switch id {
        case .nodeDataBehind: return "raft/log"
        case .nodeSnapshotMismatch: return snapshot
        default: return "log"
        }
    }

    /// The finding a piece that does not fit stands for.
    private static func finding(for piece: Piece) -> Finding? {
        guard let data = piece.data ?? piece.raftIndexes else { return nil }
        let records = data.text("record", "records")
        let single = data.lowerBound == data.upperBound
        switch piece.kind {
        case .snapshot, .commands:
            return nil
        case .replay:
            let earlier = piece.firstApplied.map { ", already applied at " + $0.offsetText() } ?? ", already applied earlier"
            return Finding(
                .nodeReappliedCommands, offsets: data, expected: "records of new commands", actual: "a second copy of " + piece.commandsText,
                summary:
                    "\(records) \(single ? "repeats" : "repeat") \(piece.commandsText)\(earlier): the state machine applied its Raft log again after a restart (upstream bug 2)"
            )
        case .lost:
            return Finding(
                .nodeDataLost, offsets: data, expected: "readable records", actual: "no readable frame",
                summary:
                    "\(records) cannot be read, but the Raft log still holds \(piece.commandsText) that produced \(single ? "it" : "them"): a replay restores \(single ? "it" : "them")"
            )
        case .mismatch:
            return Finding(
                .nodeDataMismatch, offsets: data, expected: "the values of " + piece.commandsText, actual: "other values",
                summary: "\(records) \(single ? "differs" : "differ") from \(piece.commandsText), the \(single ? "command at its" : "commands at their") place")
        case .ahead:
            return Finding(
                .nodeDataAhead, offsets: data, expected: "no record after the Raft log's last command", actual: Plural.count(data.offsetCount, "record"),
                summary: "\(records) \(single ? "follows" : "follow") the last command of the Raft log: no Raft entry explains them")
        case .behind:
            return Finding(
                .nodeDataBehind, offsets: data, expected: "a data record for each command", actual: "none for " + piece.commandsText,
                summary: "\(piece.commandsText) \(single ? "has" : "have") no record in the data log: not applied yet, or the data log lost its tail")
        }
    }
}
