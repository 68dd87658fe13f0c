/// Rebuilds a node's data log into a new directory from what the node still holds: each record the
/// data log can read, byte for byte; each one it lost from the command the Raft log still holds (the
/// state machine appends a command's produced value as the record at its offset, so the record is
/// encoded as the service wrote it); below the Raft log's first command, from the newest snapshot's
/// `state.bin` (the data log's store stream). Commands the data log has no record for yet are
/// appended after it, in order, as the state machine would apply them.
///
/// The data ↔ command mapping is ``NodeConsistency``'s. The data log's segment boundaries are kept,
/// and no index grows past the node's `MaxIndexBytes` (``WriterConfigInference``, or the size given),
/// so the Go reference reads the result with the node's config. The source is only read.
import LogCore

public struct NodeRebuild {
    /// Where each record of the rebuilt log came from.
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// The node's data log, byte for byte.
        case dataLog = "the data log"
        /// The Raft log's command for it, encoded as the state machine writes it.
        case raftLog = "the Raft log"
        /// The newest snapshot's `state.bin`, byte for byte.
        case snapshot = "the snapshot"
    }

    /// What a rebuild did.
    public struct Report: Sendable, Equatable {
        /// The segments written.
        public var segments: [LogRepair.WrittenSegment] = []
        /// Offsets written from one source.
        public struct Run: Sendable, Equatable {
            public var source: Source
            public var offsets: ClosedRange<UInt64>
        }

        /// The offsets written, by where their records came from, in offset order (runs merged).
        public var sources: [Run] = []
        /// Data offsets nothing the node holds can restore (unreadable, and no command or snapshot frame).
        public var unrecoverable: [ClosedRange<UInt64>] = []
        /// Commands the data log had no record for, appended after it (they may not be committed yet).
        public var appendedCommands: ClosedRange<UInt64>?
        /// The `MaxIndexBytes` no written index exceeds, and why.
        public var maxIndexBytes: UInt64 = Config.referenceDefaultBytes
        public var maxIndexBytesReason = ""
        /// The data ↔ command mapping the rebuild followed.
        public var mapping: NodeConsistency.Report?

        /// The number of records written.
        public var records: UInt64 { sources.reduce(0) { $0 + $1.offsets.offsetCount } }
    }

    /// The node.
    public let node: NodeDirectory
    /// A new (or empty) directory for the rebuilt data log.
    public let output: String
    /// The `MaxIndexBytes` to write with; `nil` takes what the data log's files show.
    public let maxIndexBytes: UInt64?
    /// A `MaxStoreBytes` that ends a segment once its store reaches it; `nil` keeps the data log's
    /// segment boundaries only.
    public let maxStoreBytes: UInt64?

    /// A rebuild of `node`'s data log into `output`.
    public init(node: NodeDirectory, output: String, maxIndexBytes: UInt64? = nil, maxStoreBytes: UInt64? = nil) {
        self.node = node
        self.output = output
        self.maxIndexBytes = maxIndexBytes
        self.maxStoreBytes = maxStoreBytes
    }

    /// Runs the rebuild.
    ///
    /// - Throws: ``LogError`` when the node lacks a data log or a Raft log, when the two differ in more
    ///   places than a mapping keeps (``NodeConsistency/maxPieces``), when `output` is not a new or empty
    ///   directory, or on I/O errors.
    public func run() throws(LogError) -> Report {
        guard let dataLog = node.logs.first(where: { $0.role == .data }), let raftLog = node.logs.first(where: { $0.role == .raft }) else {
            throw LogError.invalidConfig("\(node.path) needs both a data log (log/) and a Raft log (raft/log/) to rebuild the data log from Raft")
        }
        let data = try LogDirectory(path: dataLog.path)
        let raft = try LogDirectory(path: raftLog.path)
        let mapping = try NodeConsistency(node: node, data: data, raft: raft).run()
        guard mapping.omittedPieces == 0 else {
            throw LogError.invalidConfig(
                "the data log and the Raft log of \(node.path) differ in more than \(NodeConsistency.maxPieces) places (see `logscope check`); rebuild refused")
        }
        var report = Report()
        report.mapping = mapping
        let sizes = try WriterConfigInference(directory: data)
        report.maxIndexBytes = maxIndexBytes ?? sizes.maxIndexBytes.bytes
        report.maxIndexBytesReason = maxIndexBytes == nil ? sizes.maxIndexBytes.evidence : "as given"
        guard report.maxIndexBytes >= UInt64(IndexEntry.size) else {
            throw LogError.invalidConfig("maxIndexBytes \(report.maxIndexBytes) cannot hold one 12-byte index entry")
        }
        try LogRepair.prepareOutput(output, readingFrom: [node.path] + node.logs.map(\.path))
        // The data log's segment boundaries are kept (a store a crash cut short proves nothing of the
        // writer's MaxStoreBytes); a segment also ends where its index is full, or its store reaches
        // the MaxStoreBytes given.
        var writer = SegmentWriter(
            directory: output, indexCapacity: Int(min(report.maxIndexBytes / UInt64(IndexEntry.size), UInt64(Int.max))), maxStoreBytes: maxStoreBytes)
        let bases = Set(data.segments.map(\.baseOffset))
        var sources = Sources(data: data, raft: raft, snapshot: try snapshotFrames(mapping))
        // Commands are numbered from 1 after those only the snapshot holds.
        let commandBase = mapping.pieces.first { $0.kind == .snapshot }?.data.map { $0.upperBound + 1 } ?? 0
        for piece in mapping.pieces {
            if piece.kind == .behind {
                guard let commands = piece.commands else { continue }
                for number in commands {
                    let offset = writer.lastOffset.map { $0 + 1 } ?? 0
                    guard try sources.writeCommand(ordinal: Int(number - 1 - commandBase), offset: offset, to: &writer) else { continue }
                    report.add(.raftLog, offset)
                }
                report.appendedCommands = report.appendedCommands.map { $0.lowerBound...commands.upperBound } ?? commands
                continue
            }
            guard let offsets = piece.data else { continue }
            for offset in offsets {
                if bases.contains(offset) { writer.startNewSegment() }
                if try sources.writeDataRecord(at: offset, to: &writer) {
                    report.add(.dataLog, offset)
                } else if piece.kind == .lost, let commands = piece.commands,
                    try sources.writeCommand(ordinal: Int(commands.lowerBound + (offset - offsets.lowerBound) - 1 - commandBase), offset: offset, to: &writer)
                {
                    report.add(.raftLog, offset)
                } else if piece.kind == .snapshot, try sources.writeSnapshotFrame(at: offset, to: &writer) {
                    report.add(.snapshot, offset)
                } else {
                    report.unrecoverable.appendMerging(offset)
                }
            }
        }
        if writer.newestIsFull, let last = writer.lastOffset, last < UInt64.max - 1 {
            try writer.appendEmptySegment(base: last + 1)
        }
        try writer.finish()
        report.segments = writer.written.map { LogRepair.WrittenSegment(base: $0.base, records: $0.records) }
        return report
    }

    /// The newest snapshot's `state.bin` when the mapping takes records from it.
    private func snapshotFrames(_ mapping: NodeConsistency.Report) throws(LogError) -> StoreStreamFrames? {
        guard let id = mapping.pieces.first(where: { $0.kind == .snapshot })?.snapshot,
            let snapshot = node.snapshots.first(where: { $0.id == id })
        else { return nil }
        return try StoreStreamFrames(file: try FileAccessRoutes.access(for: snapshot.statePath).openForReading(snapshot.statePath))
    }

    /// The node's three sources, each read forward once.
    private struct Sources {
        var records: PayloadWalk
        let commands: CommandWalk
        var snapshot: StoreStreamFrames?
        /// The snapshot frame read last.
        var snapshotFrame: StoreStreamFrames.Frame?
        var frame: [UInt8] = []

        init(data: LogDirectory, raft: LogDirectory, snapshot: StoreStreamFrames?) {
            records = PayloadWalk(directory: data)
            commands = CommandWalk(directory: raft)
            self.snapshot = snapshot
        }

        /// Writes the data log's record at `offset` when it can be read; `false` when it cannot.
        mutating func writeDataRecord(at offset: UInt64, to writer: inout SegmentWriter) throws(LogError) -> Bool {
            while let at = records.offset, at < offset {
                guard try records.advance() else { break }
            }
            if records.offset == nil, try !records.advance() { return false }
            guard records.offset == offset, records.fields?.offset == offset else { return false }
            let payload = records.payload
            return try write(payload: payload, offset: offset, to: &writer)
        }

        /// Writes command `ordinal`'s record at `offset`, encoded as the state machine appends it;
        /// `false` when the Raft log has no such command or it does not decode.
        mutating func writeCommand(ordinal: Int, offset: UInt64, to writer: inout SegmentWriter) throws(LogError) -> Bool {
            guard ordinal >= 0, try commands.advance(to: ordinal) else { return false }
            guard
                let payload = commands.withValue({ value in
                    var bytes = [UInt8](repeating: 0, count: RecordCodec.encodedSize(valueCount: value.count, offset: offset))
                    let written = bytes.withUnsafeMutableBytes { RecordCodec.encode(value: value, offset: offset, into: $0.baseAddress!) }
                    return Array(bytes[..<written])
                })
            else { return false }
            return try write(payload: payload, offset: offset, to: &writer)
        }

        /// Writes frame number `offset` of the snapshot's `state.bin`, when it is whole and names that offset.
        mutating func writeSnapshotFrame(at offset: UInt64, to writer: inout SegmentWriter) throws(LogError) -> Bool {
            guard snapshot != nil else { return false }
            while snapshotFrame.map({ $0.number < offset }) ?? true {
                guard let next = try snapshot!.next() else { return false }
                snapshotFrame = next
            }
            guard let current = snapshotFrame, current.number == offset, let snapshot else { return false }
            let payload = try snapshot.withPayload(of: current) { Array($0) }
            guard case .success(let fields) = payload.withUnsafeBytes({ RecordCodec.fields(of: $0) }), fields.offset == offset else { return false }
            return try write(payload: payload, offset: offset, to: &writer)
        }

        /// Appends a frame of `payload` (its length prefix, then the bytes) at `offset`.
        private mutating func write(payload: [UInt8], offset: UInt64, to writer: inout SegmentWriter) throws(LogError) -> Bool {
            frame.removeAll(keepingCapacity: true)
            let length = UInt64(payload.count)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
            frame += payload
            let appended = frame.withUnsafeBytes { bytes in Result { () throws(LogError) in try writer.append(frame: bytes, offset: offset) } }
            try appended.get()
            return true
        }
    }
}

extension NodeRebuild.Report {
    /// Notes that `offset` was written from `source`.
    fileprivate mutating func add(_ source: NodeRebuild.Source, _ offset: UInt64) {
        if let last = sources.last, last.source == source, last.offsets.upperBound &+ 1 == offset {
            sources[sources.count - 1].offsets = last.offsets.lowerBound...offset
        } else {
            sources.append(Run(source: source, offsets: offset...offset))
        }
    }
}

extension Array where Element == ClosedRange<UInt64> {
    /// Adds `offset`, extending the last range when it follows it.
    fileprivate mutating func appendMerging(_ offset: UInt64) {
        if let last, last.upperBound &+ 1 == offset {
            self[count - 1] = last.lowerBound...offset
        } else {
            append(offset...offset)
        }
    }
}
