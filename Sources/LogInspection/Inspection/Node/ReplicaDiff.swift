/// Compares replicas of one log (the same log of several nodes) offset by offset, in one streaming
/// pass: a merge of each directory's ``RecordWalk``, with one record per directory in memory.
///
/// Records are compared by their whole payload (value, embedded offset, and for a Raft log term and
/// type), so equal values at different offsets never agree. The result is one ``Row`` per maximal run
/// of offsets with the same verdict, the same directories present and, for a Raft log, the same term
/// and type in each group.
import LogCore

public struct ReplicaDiff {
    /// What the directories hold over a run of offsets.
    public enum Verdict: String, Sendable, Equatable, CaseIterable {
        /// Every directory holds the same record.
        case agree
        /// The directories that hold the run agree; the others hold nothing there.
        case absent
        /// Directories hold different records at the same offsets.
        case diverge
        /// An index entry exists but its frame cannot be read (and the readable records agree).
        case unreadable
        /// An index entry of a segment a writer holds points past its store's end: the writer has not
        /// flushed the frame yet (and the readable records agree).
        case pending
    }

    /// Directories that hold the same record at each offset of a run.
    public struct Group: Sendable, Equatable {
        /// The directories, by position (0-based), ascending.
        public var directories: [Int]
        /// The Raft term of the group's entries (Raft logs only).
        public var term: UInt64?
        /// The Raft log type of the group's entries (Raft logs only; 0 is a command).
        public var type: UInt64?
    }

    /// A maximal run of offsets with one verdict.
    public struct Row: Sendable, Equatable {
        /// The offsets (Raft indexes in a Raft log).
        public var offsets: ClosedRange<UInt64>
        /// What the directories hold there.
        public var verdict: Verdict
        /// The directories with an index entry at these offsets, readable or not.
        public var present: [Int]
        /// The directories holding nothing at these offsets.
        public var absent: [Int]
        /// The present directories whose entries have no readable frame.
        public var unreadable: [Int]
        /// The present directories whose entries' frames their writer has not flushed yet.
        public var pending: [Int] = []
        /// The readable records, grouped: one group when they agree, several when they diverge.
        public var groups: [Group]
        /// For a Raft log: two groups hold different entries with the same index and term, which
        /// Raft's Log Matching Property forbids (unless the later entry was never committed).
        public var logMatchingViolation: Bool
        /// Why the first unreadable entry of the run cannot be read.
        public var unreadableReason: Unreadable?
    }

    /// Why a directory's entry cannot be read.
    public struct Unreadable: Sendable, Equatable {
        /// The directory, by position.
        public var directory: Int
        /// What is wrong with the frame its entry points to.
        public var reason: String
    }

    /// The most directories one diff compares (sets of directories are bit masks).
    public static let maxDirectories = 64

    /// The replicas, by position; `nil` for a directory that does not have this log (it holds nothing).
    public let directories: [LogDirectory?]
    /// Whether the log is a Raft log: groups then carry term and type, and runs split where they change.
    public let raft: Bool

    /// The segments a writer holds in each directory, by base offset (``LogDirectory/segmentsHeldByWriter``):
    /// their entries past the store's end are pending, not unreadable. Empty: none is held.
    public var held: [Set<UInt64>] = []

    /// A diff of `directories` (at most ``maxDirectories``).
    public init(directories: [LogDirectory?], raft: Bool, held: [Set<UInt64>] = []) {
        self.directories = directories
        self.raft = raft
        self.held = held
    }

    /// Walks every directory once and calls `emit` with each row, in offset order.
    ///
    /// - Parameters:
    ///   - from: the first offset compared (rows start there: a run reaching below it is cut).
    ///   - through: the last offset compared (a run reaching above it is cut).
    ///   - shouldStop: asked every few thousand offsets, with the offset the walk has reached; `true`
    ///     ends the walk without emitting the run being built (a cancelled background job). A
    ///     progress figure reads the offset from it.
    /// - Throws: ``LogError/invalidConfig(_:)`` for more than ``maxDirectories`` directories, or an I/O error.
    public func run(
        from: UInt64 = 0, through: UInt64 = .max, stoppingWhen shouldStop: (UInt64) -> Bool = { _ in false }, _ emit: (Row) -> Void
    ) throws(LogError) {
        guard directories.count <= Self.maxDirectories else {
            throw LogError.invalidConfig("diff compares at most \(Self.maxDirectories) directories, not \(directories.count)")
        }
        // Walks of directories without the log hold nothing. Elements are read and advanced in place:
        // copying a walk would cost a reference count per file it holds.
        var replicas = directories.map { PayloadWalk(directory: $0, from: from) }
        for i in replicas.indices { try replicas[i].advance() }
        var state = OffsetState()
        var run: PendingRun?
        var steps = 0
        while let offset = Self.lowestOffset(of: replicas), offset <= through {
            steps &+= 1
            if steps & 4095 == 0, shouldStop(offset) { return }
            state.reset()
            for i in replicas.indices where replicas[i].offset == offset {
                read(i, of: replicas, into: &state)
            }
            if run?.continues(with: state, at: offset) == true {
                run!.last = offset  // in place: no copy of the run's groups per offset
            } else {
                if let run { emit(run.row(count: directories.count)) }
                run = PendingRun(state: state, first: offset, raft: raft)
            }
            for i in replicas.indices where replicas[i].offset == offset { try replicas[i].advance() }
        }
        if let run { emit(run.row(count: directories.count)) }
    }

    /// The lowest offset any walk stands at.
    private static func lowestOffset(of replicas: [PayloadWalk]) -> UInt64? {
        var lowest: UInt64?
        for i in replicas.indices {
            if let offset = replicas[i].offset { lowest = min(lowest ?? offset, offset) }
        }
        return lowest
    }

    /// Puts directory `i`'s entry at the current offset into `state`: into the group of the records
    /// equal to it, or among the unreadable ones.
    private func read(_ i: Int, of replicas: [PayloadWalk], into state: inout OffsetState) {
        let bit = UInt64(1) << UInt64(i)
        state.present |= bit
        guard let fields = replicas[i].fields else {
            if replicas[i].runsPastTheEnd, let base = replicas[i].segmentBase, held.indices.contains(i), held[i].contains(base) {
                state.pending |= bit
            } else {
                state.markUnreadable(bit, directory: i, reason: replicas[i].problem?.description ?? "its frame cannot be read")
            }
            return
        }
        for g in state.groups.indices
        where replicas[i].payload.withUnsafeBytes({ mine in
            replicas[state.groups[g].representative].payload.withUnsafeBytes { PayloadWalk.same(mine, $0) }
        }) {
            state.groups[g].mask |= bit
            return
        }
        state.groups.append((bit, raft ? fields.term ?? 0 : nil, raft ? fields.type ?? 0 : nil, i))
    }

    /// What the directories hold at one offset, as bit masks (no allocation per offset once warm).
    private struct OffsetState {
        var present: UInt64 = 0
        var unreadable: UInt64 = 0
        var pending: UInt64 = 0
        /// The groups, each with the directory whose payload stands for it.
        var groups: [(mask: UInt64, term: UInt64?, type: UInt64?, representative: Int)] = []
        var reason: Unreadable?

        mutating func reset() {
            present = 0
            unreadable = 0
            pending = 0
            groups.removeAll(keepingCapacity: true)
            reason = nil
        }

        mutating func markUnreadable(_ bit: UInt64, directory: Int, reason: String) {
            unreadable |= bit
            if self.reason == nil { self.reason = Unreadable(directory: directory, reason: reason) }
        }

        var verdict: Verdict {
            if groups.count > 1 { return .diverge }
            if unreadable != 0 { return .unreadable }
            if pending != 0 { return .pending }
            return .agree
        }

        /// Two groups with the same term: the same index and term hold different bytes.
        var logMatchingViolation: Bool {
            for a in groups.indices {
                for b in groups.indices where b > a && groups[a].term != nil && groups[a].term == groups[b].term { return true }
            }
            return false
        }
    }

    /// The run being extended.
    private struct PendingRun {
        var first: UInt64
        var last: UInt64
        var present: UInt64
        var unreadable: UInt64
        var pending: UInt64
        var groups: [(mask: UInt64, term: UInt64?, type: UInt64?, representative: Int)]
        var verdict: Verdict
        var violation: Bool
        var reason: Unreadable?

        init(state: OffsetState, first: UInt64, raft: Bool) {
            self.first = first
            last = first
            present = state.present
            unreadable = state.unreadable
            pending = state.pending
            groups = state.groups
            verdict = state.verdict
            violation = raft && state.logMatchingViolation
            reason = state.reason
        }

        /// Whether the run goes on at `offset`: the same directories, groups and terms, and an unreadable
        /// entry for the same reason (a torn frame does not explain the entries past the store's end
        /// after it: the reason a run names fits each of its offsets).
        func continues(with state: OffsetState, at offset: UInt64) -> Bool {
            guard offset == last &+ 1, state.present == present, state.unreadable == unreadable, state.pending == pending,
                state.groups.count == groups.count,
                state.reason == reason
            else { return false }
            for (a, b) in zip(state.groups, groups) where a.mask != b.mask || a.term != b.term || a.type != b.type { return false }
            return true
        }

        func row(count: Int) -> Row {
            let all = count == 64 ? UInt64.max : (UInt64(1) << UInt64(count)) - 1
            var verdict = self.verdict
            if verdict == .agree, present != all { verdict = .absent }
            return Row(
                offsets: first...last, verdict: verdict, present: Self.positions(present), absent: Self.positions(all & ~present),
                unreadable: Self.positions(unreadable), pending: Self.positions(pending),
                groups: groups.map { Group(directories: Self.positions($0.mask), term: $0.term, type: $0.type) },
                logMatchingViolation: violation, unreadableReason: reason)
        }

        static func positions(_ mask: UInt64) -> [Int] {
            (0..<64).filter { mask & (UInt64(1) << UInt64($0)) != 0 }
        }
    }
}
