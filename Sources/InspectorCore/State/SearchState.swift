/// The active search: its pattern, what the background scan found so far, and a jump waiting for it.
public struct SearchState: Sendable, Equatable {
    /// A move to the next (or previous) match that the scan has not answered yet.
    public struct PendingJump: Sendable, Equatable {
        /// The selection when it was asked for; the jump is dropped if the selection moved since.
        public var segment: Int
        public var row: Int
        public var forward: Bool
    }

    public var pattern: SearchPattern
    /// Tells this search's scan results from those of an earlier one still arriving.
    public var id: Int
    public var matches = SearchMatches()
    public var forward = true
    public var pending: PendingJump?
    /// Why the scan could not read everything, if it could not.
    public var failure: String?

    public init(pattern: SearchPattern, id: Int) {
        self.pattern = pattern
        self.id = id
    }
}

/// Rows of one segment the background search should read.
public struct SearchScanRequest: Sendable, Equatable {
    public var baseOffset: UInt64
    public var rows: Range<Int>

    public init(baseOffset: UInt64, rows: Range<Int>) {
        self.baseOffset = baseOffset
        self.rows = rows
    }
}

/// What the search still has to read: the runtime runs it on a thread of its own.
public struct SearchScan: Sendable, Equatable {
    public var id: Int
    public var pattern: SearchPattern
    /// In the order to read them: from the selected segment on, wrapping around.
    public var requests: [SearchScanRequest]
}

/// Rows the background search read and which of them match (sent in chunks as it goes).
public struct SearchProgress: Sendable, Equatable {
    public var id: Int
    public var baseOffset: UInt64
    public var rows: Range<Int>
    public var matching: [Int]
    /// Set when the rows could not be read (they count as read, without a match).
    public var failure: String?

    public init(id: Int, baseOffset: UInt64, rows: Range<Int>, matching: [Int], failure: String? = nil) {
        self.id = id
        self.baseOffset = baseOffset
        self.rows = rows
        self.matching = matching
        self.failure = failure
    }
}
