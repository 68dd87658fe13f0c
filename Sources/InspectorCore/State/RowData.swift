import LogCore
import LogInspection

/// The content of one record row, loaded by the runtime for the visible window.
public struct RowData: Sendable, Equatable {
    public var offset: UInt64
    public var relativeOffset: UInt32
    public var position: UInt64
    public var frameSize: UInt64
    public var valueLength: Int?
    /// The reader's verdict on the entry (its status column).
    public var verdict: RecordVerdict
    /// The first bytes of the value (the preview is made from them in the current ``PreviewMode``).
    public var value: [UInt8]?
    /// What to show instead of a value: what is wrong, or what a pending entry waits for.
    public var note: String
    /// A Raft log record's term, `nil` when the record has none.
    public var term: UInt64?
    /// A Raft log record's type, `nil` for a record with neither term nor type.
    public var type: RaftLogType?
    /// A Raft entry's value decoded in one line (a command's request and produced value, a
    /// configuration's servers), shown in `auto` mode; `nil` for a value logscope does not decode.
    public var decoded: String?

    public init(
        offset: UInt64, relativeOffset: UInt32, position: UInt64, frameSize: UInt64, valueLength: Int?, verdict: RecordVerdict,
        value: [UInt8]?, note: String, term: UInt64? = nil, type: RaftLogType? = nil, decoded: String? = nil
    ) {
        self.offset = offset
        self.relativeOffset = relativeOffset
        self.position = position
        self.frameSize = frameSize
        self.valueLength = valueLength
        self.verdict = verdict
        self.value = value
        self.note = note
        self.term = term
        self.type = type
        self.decoded = decoded
    }

    /// The status column.
    public var status: String { verdict.label }
    /// `nil` for a readable record, `info` for a pending one, `error` otherwise.
    public var severity: Finding.Severity? { verdict.severity }

    /// The value column in `mode`: a Raft entry's decoded value (in `auto` mode), the value's preview,
    /// or the note when there is no value.
    public func preview(_ mode: PreviewMode) -> String {
        if mode == .auto, let decoded { return decoded }
        return value.map { ValuePreview.format($0, length: valueLength, mode: mode) } ?? note
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
    public var neighbours: [IndexNeighbour]
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
        neighbours: [IndexNeighbour], entryBytes: [UInt8], anomaly: AnomalyRow?, findingIndexes: [Int]
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

    /// An index entry shown in the Index tab, with its slot number.
    public struct IndexNeighbour: Sendable, Equatable {
        /// The slot number (its byte position is `slot * 12`).
        public var slot: Int
        /// The entry the slot holds.
        public var entry: IndexEntry
    }
}
