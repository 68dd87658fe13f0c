/// The active search: its pattern, what the background scan found so far, and a jump waiting for it.
public struct SearchState: Sendable, Equatable {
    /// A move to the next (or previous) match that the scan has not answered yet.
    public struct PendingJump: Sendable, Equatable {
        /// The selection (segment number and row) when it was asked for; the jump is dropped if the
        /// selection moved since.
        public var segment: Int
        /// The selected row then.
        public var row: Int
        /// `n` (after the selection) or `N` (before it).
        public var forward: Bool
    }

    /// What is searched for.
    public var pattern: SearchPattern
    /// Tells this search's scan results from those of an earlier one still arriving.
    public var id: Int
    /// The matches of the rows scanned so far.
    public var matches = SearchMatches()
    /// The direction of the last `n` or `N`.
    public var forward = true
    /// The jump waiting for the scan, if any.
    public var pending: PendingJump?
    /// Why the scan could not read everything, if it could not.
    public var failure: String?

    /// A search for `pattern` with nothing scanned yet.
    public init(pattern: SearchPattern, id: Int) {
        self.pattern = pattern
        self.id = id
    }
}

/// Rows of one segment the background search should read.
public struct SearchScanRequest: Sendable, Equatable {
    /// The segment, by its base offset.
    public var baseOffset: UInt64
    /// Its rows (index slots) to read.
    public var rows: Range<Int>

    /// Rows `rows` of the segment at `baseOffset`.
    public init(baseOffset: UInt64, rows: Range<Int>) {
        self.baseOffset = baseOffset
        self.rows = rows
    }
}

/// What the search still has to read: the runtime runs it on a thread of its own.
public struct SearchScan: Sendable, Equatable {
    /// The search it reads for (``SearchState/id``).
    public var id: Int
    /// What to look for.
    public var pattern: SearchPattern
    /// In the order to read them: from the selected segment on, wrapping around.
    public var requests: [SearchScanRequest]
}

/// Rows the background search read and which of them match (sent in chunks as it goes).
public struct SearchProgress: Sendable, Equatable {
    /// The search it was read for (``SearchState/id``).
    public var id: Int
    /// The segment, by its base offset.
    public var baseOffset: UInt64
    /// The rows read.
    public var rows: Range<Int>
    /// Those of them whose value holds the pattern.
    public var matching: [Int]
    /// Set when the rows could not be read (they count as read, without a match).
    public var failure: String?

    /// Rows `rows` of the segment at `baseOffset` read for search `id`, `matching` among them.
    public init(id: Int, baseOffset: UInt64, rows: Range<Int>, matching: [Int], failure: String? = nil) {
        self.id = id
        self.baseOffset = baseOffset
        self.rows = rows
        self.matching = matching
        self.failure = failure
    }
}
