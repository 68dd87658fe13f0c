import LogCore

/// The content of one record row, loaded by the runtime for the visible window.
public struct RowData: Sendable, Equatable {
    public var offset: UInt64
    public var relativeOffset: UInt32
    public var position: UInt64
    public var frameSize: UInt64
    public var valueLength: Int?
    public var severity: Finding.Severity?
    public var status: String
    public var preview: String
    /// A Raft log record's term, `nil` when the record has none.
    public var term: UInt64?
    /// A Raft log record's type, `nil` for a record with neither term nor type.
    public var type: RaftLogType?

    public init(
        offset: UInt64, relativeOffset: UInt32, position: UInt64, frameSize: UInt64, valueLength: Int?,
        severity: Finding.Severity?, status: String, preview: String, term: UInt64? = nil, type: RaftLogType? = nil
    ) {
        self.offset = offset
        self.relativeOffset = relativeOffset
        self.position = position
        self.frameSize = frameSize
        self.valueLength = valueLength
        self.severity = severity
        self.status = status
        self.preview = preview
        self.term = term
        self.type = type
    }
}

/// Everything the detail pane shows for the selected row, loaded by the runtime.
public struct DetailData: Sendable, Equatable {
    /// Which row it is for.
    public var segment: Int
    public var row: Int
    /// The record through the index (nil on an anomaly row).
    public var record: InspectedRecord?
    /// The frame's bytes from its length prefix on (at most ``DetailData/maxFrameBytes``).
    public var frameBytes: [UInt8]
    /// The frame's (or anomaly's) total byte count in the file.
    public var frameByteCount: UInt64
    /// Where `frameBytes` start in the store.
    public var frameStart: UInt64
    /// The selected entry and up to two neighbours each side: slot and entry.
    public var neighbours: [(slot: Int, entry: IndexEntry)]
    /// The raw 12 bytes of the selected entry.
    public var entryBytes: [UInt8]
    /// The anomaly row, when one is selected.
    public var anomaly: AnomalyRow?
    /// Findings that touch this record or anomaly, by index into the snapshot's findings.
    public var findingIndexes: [Int]
    /// For a damaged frame or an anomaly: up to ``DetailData/contextBytes`` of the file just before
    /// `frameBytes`, so the Hex tab shows the damage in place.
    public var contextBefore: [UInt8] = []
    /// The same just after `frameBytes` (when all of the frame was read).
    public var contextAfter: [UInt8] = []

    public static let maxFrameBytes = 64 * 1024
    /// How many bytes of context are read on either side of a damaged frame.
    public static let contextBytes = 32

    public init(
        segment: Int, row: Int, record: InspectedRecord?, frameBytes: [UInt8], frameByteCount: UInt64, frameStart: UInt64,
        neighbours: [(slot: Int, entry: IndexEntry)], entryBytes: [UInt8], anomaly: AnomalyRow?, findingIndexes: [Int]
    ) {
        self.segment = segment
        self.row = row
        self.record = record
        self.frameBytes = frameBytes
        self.frameByteCount = frameByteCount
        self.frameStart = frameStart
        self.neighbours = neighbours
        self.entryBytes = entryBytes
        self.anomaly = anomaly
        self.findingIndexes = findingIndexes
    }

    public static func == (lhs: DetailData, rhs: DetailData) -> Bool {
        lhs.segment == rhs.segment && lhs.row == rhs.row && lhs.record == rhs.record && lhs.frameBytes == rhs.frameBytes
            && lhs.frameByteCount == rhs.frameByteCount && lhs.neighbours.map(\.slot) == rhs.neighbours.map(\.slot)
            && lhs.anomaly == rhs.anomaly && lhs.findingIndexes == rhs.findingIndexes && lhs.contextBefore == rhs.contextBefore
            && lhs.contextAfter == rhs.contextAfter
    }
}
