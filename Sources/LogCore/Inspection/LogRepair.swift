/// Applies a recovery plan to a copy of a damaged directory, never in place.
///
/// Every complete, decodable frame is kept, byte for byte, in offset order; each source segment's run
/// of consecutive offsets becomes one segment named after its first offset, so a hole in the middle of a segment
/// splits it in two instead of discarding what follows. Indexes are rebuilt from the frames. Stray
/// files are not copied. The result opens cleanly with LogCore and with the Go reference.
public struct LogRepair {
    /// What a repair did.
    public struct Report: Sendable, Equatable {
        /// The segments written: base offset and record count.
        public var segments: [(base: UInt64, records: Int)]
        /// Records copied.
        public var recordsKept: UInt64
        /// Complete decodable frames left out because their offset repeated or went backwards.
        public var framesSkipped: Int
        /// The source's findings (what was repaired).
        public var sourceFindings: [Finding]

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.recordsKept == rhs.recordsKept && lhs.framesSkipped == rhs.framesSkipped
                && lhs.segments.map(\.base) == rhs.segments.map(\.base) && lhs.sourceFindings == rhs.sourceFindings
        }
    }

    public let source: LogDirectory
    public let output: String

    /// Creates a repair of `source` into the new directory `output`.
    public init(source: LogDirectory, output: String) {
        self.source = source
        self.output = output
    }

    /// Runs the repair.
    ///
    /// - Throws: ``LogError`` when `output` exists and is not an empty directory, when a source file
    ///   cannot be read (before anything is written: a copy without its records would look repaired),
    ///   or on I/O errors.
    public func run() throws(LogError) -> Report {
        for segment in source.segments {
            defer { segment.releaseDescriptors() }
            if let unreadable = try segment.unreadableFiles().first { throw unreadable.error }
        }
        switch FileSystem.kind(of: output) {
        case .missing: try FileSystem.makeDirectory(output)
        case .directory:
            guard try FileSystem.entries(of: output).isEmpty else {
                throw LogError.directoryNotEmpty(path: output)
            }
        default: throw LogError.notADirectory(path: output)
        }
        var collector = FindingCollector()
        var writer = RunWriter(directory: output)
        var report = Report(segments: [], recordsKept: 0, framesSkipped: 0, sourceFindings: [])
        for segment in source.segments {
            var frames: [(offset: UInt64, position: UInt64, size: UInt64)] = []
            var checker = SegmentChecker(segment: segment, live: false)
            checker.onDecodedFrame = { frames.append(($0, $1, $2)) }
            _ = try checker.run(into: &collector)
            writer.startNewSegment()
            for frame in frames {
                if let last = writer.lastOffset, frame.offset <= last {
                    report.framesSkipped += 1
                    continue
                }
                let bytes = try segment.storeBytes(at: frame.position, count: Int(frame.size))
                try writer.append(frame: bytes, offset: frame.offset)
            }
        }
        try writer.finish()
        report.segments = writer.written
        report.recordsKept = UInt64(writer.written.reduce(0) { $0 + $1.records })
        report.sourceFindings = collector.findings
        return report
    }
}

/// Writes frames into segments, starting a new one for each source segment and whenever offsets stop
/// being consecutive.
private struct RunWriter {
    let directory: String
    var written: [(base: UInt64, records: Int)] = []
    var lastOffset: UInt64?
    private var store: SystemFile?
    private var index: SystemFile?
    private var storeSize: UInt64 = 0

    private var forceNewSegment = true

    init(directory: String) { self.directory = directory }

    /// The next frame starts a new segment (a source segment boundary is kept).
    mutating func startNewSegment() { forceNewSegment = true }

    mutating func append(frame: [UInt8], offset: UInt64) throws(LogError) {
        if forceNewSegment || store == nil || lastOffset.map({ $0 &+ 1 != offset }) ?? true || offset - written[written.count - 1].base >= UInt64(UInt32.max) {
            try finish()
            store = try SystemFile(path: directory + "/\(offset).store", mode: .readWriteCreate)
            index = try SystemFile(path: directory + "/\(offset).index", mode: .readWriteCreate)
            storeSize = 0
            written.append((offset, 0))
            forceNewSegment = false
        }
        let base = written[written.count - 1].base
        try frame.withBytes { (raw) throws(LogError) in try store!.write(raw) }
        let entry = IndexEntry(relativeOffset: UInt32(offset - base), position: storeSize)
        try entry.bytes.withBytes { (raw) throws(LogError) in try index!.write(raw) }
        storeSize += UInt64(frame.count)
        written[written.count - 1].records += 1
        lastOffset = offset
    }

    mutating func finish() throws(LogError) {
        try store?.sync()
        try index?.sync()
        try store?.close()
        try index?.close()
        store = nil
        index = nil
    }
}
