/// Everything that can change the compare view's state: input, and the results of what the runtime did.
public enum CompareEvent: Sendable {
    /// A key pressed.
    case key(Key)
    /// A mouse click or wheel turn.
    case mouse(MouseEvent)
    /// The terminal's new size.
    case resize(Size)
    /// Rows the session read (the diff of the window, and each directory's records).
    case rowsLoaded([CompareRow])
    /// The selected offset's detail the session read.
    case detailLoaded(CompareDetail)
    /// Runs that do not agree, found by the background diff numbered `serial`; the runs below
    /// `frontier` are settled; `finished` when it has read everything.
    case differencesFound(serial: Int, [CompareDifference], frontier: UInt64?, finished: Bool)
    /// What the search's scan read.
    case searchProgress([CompareSearchProgress])
    /// The runtime looked at the logs (a scan that waited for a writer reads on).
    case looked
    /// The directories' offsets changed (a writer appended, or a rescan): each one's offsets, by position.
    case headsChanged([ClosedRange<UInt64>?])
    /// Another log of the node directories is shown (after `L`): its name, its offsets, whether it is a Raft log.
    case logSwitched(Int, heads: [ClosedRange<UInt64>?], raft: Bool)
    /// A rescan (`r`) read the directories again, trusting nothing read before: their offsets.
    case rescanned([ClosedRange<UInt64>?])
    /// Something could not be read: what to say.
    case failed(String)
}

/// A side effect the compare view's `reduce` asks the runtime to perform.
public enum CompareEffect: Sendable, Equatable {
    /// Start a background diff numbered `serial` of offsets `from` to `through` (the highest offset the
    /// view knows of: a frame a writer is adding beyond it is left to the next diff). Its results
    /// replace the differences from `from` on.
    case indexDifferences(serial: Int, from: UInt64, through: UInt64)
    /// Show log number `index` of the node directories (``CompareState/logs``).
    case switchLog(Int)
    /// List the directories again, and diff everything again.
    case rescan
    /// Turn mouse reporting on or off.
    case setMouseCapture(Bool)
}

/// Data the compare view lacks to draw its next frame.
public enum CompareNeed: Sendable, Equatable {
    /// The rows of these offsets.
    case rows(ClosedRange<UInt64>)
    /// The detail of this offset.
    case detail(UInt64)
}
