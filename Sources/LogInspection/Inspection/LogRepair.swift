/// Applies a recovery plan to a copy of a damaged directory, never in place.
///
/// Every complete, decodable frame is kept, byte for byte, in offset order (but a stuck index's orphan
/// frames, which no append acknowledged); each source segment's run
/// of consecutive offsets becomes one segment named after its first offset, so a hole in the middle of a segment
/// splits it in two instead of discarding what follows. Indexes are rebuilt from the frames, never
/// past the `MaxIndexBytes` the log was written with (given, or inferred by `MaxIndexBytesInference`):
/// records that do not fit start a new segment, as the reference would have rolled, and a full last
/// segment is followed by an empty one so the reference's next append has room. Stray files are not
/// copied. The result opens cleanly with LogCore and with the Go reference.
import LogCore

public struct LogRepair {
    /// What a repair did.
    public struct Report: Sendable, Equatable {
        /// The segments written: base offset and record count.
        public var segments: [WrittenSegment]
        /// Records copied.
        public var recordsKept: UInt64
        /// Complete decodable frames left out because their offset repeated or went backwards.
        public var framesSkipped: Int
        /// Frames failed appends wrote after a stuck index (bug K3), left out: none was acknowledged
        /// and the reference reads none, so none is a record (the source's STORE-STUCK-INDEX-ORPHANS
        /// finding lists their bytes).
        public var orphanFramesDropped = 0
        /// The source's findings (what was repaired).
        public var sourceFindings: [Finding]
        /// The `MaxIndexBytes` no written index exceeds, and why: "as given" or the inference's reason.
        public var maxIndexBytes: UInt64 = Config.referenceDefaultBytes
        public var maxIndexBytesReason = ""
    }

    /// A segment a repair wrote: its base offset and how many records it holds.
    public struct WrittenSegment: Sendable, Equatable {
        /// The segment's base offset (its files' name).
        public var base: UInt64
        /// The records written to it.
        public var records: Int
    }

    public let source: LogDirectory
    public let output: String
    /// The writer's `MaxIndexBytes`; `nil` infers it from the source's files.
    public let maxIndexBytes: UInt64?
    /// The writer's `MaxStoreBytes`; `nil` keeps the source's segment boundaries (no store limit).
    public let maxStoreBytes: UInt64?
    /// Where the repair counts the segments it has looked at: one pass to check the source (when
    /// `maxIndexBytes` is inferred), then one to copy it.
    public var progress: CheckProgress?

    /// Creates a repair of `source` into the new directory `output`.
    ///
    /// - Parameters:
    ///   - maxIndexBytes: the `MaxIndexBytes` the log's writer uses (0: the reference's 1024); `nil`
    ///     infers the smallest the files allow.
    ///   - maxStoreBytes: the writer's `MaxStoreBytes` (0: 1024): a segment whose store reaches it ends
    ///     there; `nil` sets no limit.
    public init(source: LogDirectory, output: String, maxIndexBytes: UInt64? = nil, maxStoreBytes: UInt64? = nil) {
        self.source = source
        self.output = output
        self.maxIndexBytes = maxIndexBytes.map { $0 == 0 ? Config.referenceDefaultBytes : $0 }
        self.maxStoreBytes = maxStoreBytes.map { $0 == 0 ? Config.referenceDefaultBytes : $0 }
    }

    /// Runs the repair.
    ///
    /// - Throws: ``LogError`` when `output` exists and is not an empty directory, when `maxIndexBytes`
    ///   cannot hold one entry, when a source file cannot be read (before anything is written: a copy
    ///   without its records would look repaired), or on I/O errors.
    public func run() throws(LogError) -> Report {
        if let maxIndexBytes, maxIndexBytes < UInt64(IndexEntry.size) {
            throw LogError.invalidConfig("maxIndexBytes \(maxIndexBytes) cannot hold one 12-byte index entry")
        }
        for segment in source.segments {
            if let unreadable = try segment.unreadableFiles().first { throw unreadable.error }
        }
        try Self.prepareOutput(output, readingFrom: [source.path])
        var report = Report(segments: [], recordsKept: 0, framesSkipped: 0, sourceFindings: [])
        if let maxIndexBytes {
            report.maxIndexBytes = maxIndexBytes
            report.maxIndexBytesReason = "as given"
        } else {
            // A stuck index shows itself only to a walk of its store: check first.
            var checker = IntegrityChecker(directory: source, live: false)
            checker.progress = progress
            let inference = MaxIndexBytesInference(directory: source, report: try checker.run())
            report.maxIndexBytes = inference.assumed
            report.maxIndexBytesReason = inference.reason
        }
        var collector = FindingCollector()
        let capacity = Int(min(report.maxIndexBytes / UInt64(IndexEntry.size), UInt64(Int.max)))
        var writer = SegmentWriter(directory: output, indexCapacity: capacity, maxStoreBytes: maxStoreBytes)
        progress?.start(total: source.segments.count)
        for segment in source.segments {
            defer { progress?.advance() }
            var frames: [(offset: UInt64, position: UInt64, size: UInt64)] = []
            var checker = SegmentChecker(segment: segment, live: false)
            checker.onDecodedFrame = { frames.append(($0, $1, $2)) }
            let health = try checker.run(into: &collector)
            writer.startNewSegment()
            let orphanOffset = health.stuckIndexEntries.map { segment.baseOffset.saturatingAdd(UInt64($0)) }
            for frame in frames {
                if frame.offset == orphanOffset {
                    report.orphanFramesDropped += 1
                    continue
                }
                if let last = writer.lastOffset, frame.offset <= last {
                    report.framesSkipped += 1
                    continue
                }
                let bytes = try segment.storeBytes(at: frame.position, count: Int(frame.size))
                try bytes.withBytes { (raw) throws(LogError) in try writer.append(frame: raw, offset: frame.offset) }
            }
        }
        if writer.newestIsFull, let last = writer.lastOffset, last < UInt64.max - 1 {
            try writer.appendEmptySegment(base: last + 1)
        }
        try writer.finish()
        report.segments = writer.written.map { WrittenSegment(base: $0.base, records: $0.records) }
        report.recordsKept = UInt64(writer.written.reduce(0) { $0 + $1.records })
        report.sourceFindings = collector.findings
        return report
    }

    /// Makes `output` the empty directory a repair of the directories `sources` writes to: refuses an
    /// output inside a source or a source inside the output (symbolic links resolved), a file, or a
    /// directory that holds anything; creates it when missing.
    static func prepareOutput(_ output: String, readingFrom sources: [String]) throws(LogError) {
        let target = FileSystem.canonicalPath(output)
        for source in sources {
            let read = FileSystem.canonicalPath(source)
            if target == read || target.hasPrefix(read + "/") {
                throw LogError.outputOverlapsSource(output: output, source: source, sourceInsideOutput: false)
            }
            if read.hasPrefix(target + "/") { throw LogError.outputOverlapsSource(output: output, source: source, sourceInsideOutput: true) }
        }
        switch FileSystem.kind(of: output) {
        case .missing: try FileSystem.makeDirectory(output)
        case .directory:
            guard try FileSystem.entries(of: output).isEmpty else {
                throw LogError.directoryNotEmpty(path: output)
            }
        default: throw LogError.notADirectory(path: output)
        }
    }
}
