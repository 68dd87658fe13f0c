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
    /// A full check started in the background (the runtime says when it ends).
    case checkStarted
    /// The background check ended (or none was needed).
    case checkEnded
    /// The clock: seconds on a monotonic clock (the runtime's; tests choose their own).
    case tick(Double)
    /// Rows the background search read, and which of them match.
    case searchProgress([SearchProgress])
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
