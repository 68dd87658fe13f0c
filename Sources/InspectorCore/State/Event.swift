import LogCore

/// Everything that can change the state: input, and the results of effects the runtime performed.
public enum Event: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// Rows of `segment` the runtime loaded.
    case rowsLoaded(segment: Int, rows: [Int: RowData])
    case detailLoaded(DetailData)
    /// A new picture of the directory (after `r`, or when the full check finished).
    case snapshotLoaded(DirectorySnapshot)
    case checkStarted
    case searchFinished(pattern: String, found: UInt64?, forward: Bool)
    case positionLocated(segment: Int, position: UInt64, row: Int?)
    case filterBuilt(segment: Int, pattern: String, rows: [Int])
    case copied(String)
    case failed(String)
    /// The directory changed while a writer appends.
    case liveUpdated(LiveUpdate)
    /// New rows are no longer tinted.
    case tintExpired
}

/// A side effect `reduce` asks the runtime to perform; its result comes back as an ``Event``.
public enum Effect: Sendable, Equatable {
    case search(SearchPattern, from: UInt64, forward: Bool)
    case locatePosition(segment: Int, position: UInt64)
    case buildFilter(segment: Int, SearchPattern)
    case copyValue(segment: Int, row: Int)
    case copyFrame(segment: Int, row: Int)
    case rescan
    case setMouseCapture(Bool)
    /// Show log number `index` of a node's data directory (``InspectorState/logs``).
    case switchLog(Int)
}

/// Data the state lacks to draw the next frame; the runtime loads it and answers with an event.
public enum DataNeed: Sendable, Equatable {
    case rows(segment: Int, Range<Int>)
    case detail(segment: Int, row: Int)
}

/// What `/`, `n`, `N` and `&` look for: text, bytes written `x:0a 0b`, or in a Raft log a term
/// (`term:4`) or a type (`type:config`).
public struct SearchPattern: Sendable, Equatable {
    /// A Raft field a record must have, matched instead of value bytes.
    public enum RaftField: Sendable, Equatable {
        case term(UInt64)
        case type(RaftLogType)
    }

    public var bytes: [UInt8]
    public var text: String
    /// The Raft field to match, for `term:N` and `type:NAME`.
    public var raftField: RaftField?

    /// Parses `term:N`, `type:NAME` (a number, or a name such as `command`, `noop`, `config`), `x:`
    /// hex or plain text; `nil` for empty text, malformed hex, or a term or type that is none.
    public init?(_ text: String) {
        self.text = text
        if text.hasPrefix("term:") || text.hasPrefix("type:") {
            let argument = String(text.dropFirst(5)).trimmingSpaces()
            if text.hasPrefix("term:") {
                guard let term = UInt64(argument) else { return nil }
                raftField = .term(term)
            } else {
                guard let type = RaftLogType(parsing: argument) else { return nil }
                raftField = .type(type)
            }
            bytes = []
        } else if text.hasPrefix("x:") {
            guard let bytes = HexString.decode(text.dropFirst(2)), !bytes.isEmpty else { return nil }
            self.bytes = bytes
        } else {
            guard !text.isEmpty else { return nil }
            bytes = Array(text.utf8)
        }
    }
}
