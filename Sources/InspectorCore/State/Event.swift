/// Everything that can change the state: input, and the results of effects the runtime performed.
public enum Event: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// Rows of `segment` the runtime loaded.
    case rowsLoaded(segment: Int, rows: [Int: RowData])
    case detailLoaded(DetailData)
    /// A new picture of the directory (when the full check finished).
    case snapshotLoaded(DirectorySnapshot)
    /// The directory listed and quick-checked again after `r`: the full check must start over.
    case rescanned(DirectorySnapshot)
    /// A full check started in the background (the runtime says when it ends).
    case checkStarted
    /// The background check ended (or none was needed).
    case checkEnded
    /// The background check has looked at more segments.
    case checkProgressed(CheckFigure)
    /// The background check found these segments clean (rows shown unchecked until now).
    case segmentsChecked(CheckedSegments)
    /// The clock: seconds on a monotonic clock (the runtime's; tests choose their own).
    case tick(Double)
    /// Rows the background search read, and which of them match.
    case searchProgress([SearchProgress])
    case positionLocated(segment: Int, position: UInt64, row: Int?)
    case filterBuilt(segment: Int, pattern: String, rows: [Int])
    /// What `y` or `Y` copies was read: `bytes` go to the clipboard, `description` says what they are.
    case clipboardRead(bytes: [UInt8], description: String)
    case failed(String)
    /// The directory changed while a writer appends.
    case liveUpdated(LiveUpdate)
    /// New rows are no longer tinted.
    case tintExpired
}

/// A side effect `reduce` asks the runtime to perform; its result comes back as an ``Event``.
/// ``performer`` says who performs it.
public enum Effect: Sendable, Equatable {
    case locatePosition(segment: Int, position: UInt64)
    case buildFilter(segment: Int, SearchPattern)
    case copyValue(segment: Int, row: Int)
    case copyFrame(segment: Int, row: Int)
    case rescan
    case setMouseCapture(Bool)
    /// Put `bytes` on the terminal's clipboard (OSC 52).
    case setClipboard([UInt8])
    /// Stop the background check (it looks at files as they were) and start a new one.
    case restartCheck
    /// Show log number `index` of a node's data directory (``InspectorState/logs``).
    case switchLog(Int)

    /// Who performs an effect: the one place that decides.
    public enum Performer: Sendable, Equatable {
        /// ``InspectorSession/perform(_:)``: it reads the directory and answers with an event.
        case session
        /// ``InspectorRuntime``: the terminal, the background check, the log shown.
        case runtime
    }

    /// Who performs this effect.
    public var performer: Performer {
        switch self {
        case .locatePosition, .buildFilter, .copyValue, .copyFrame, .rescan: .session
        case .setMouseCapture, .setClipboard, .restartCheck, .switchLog: .runtime
        }
    }
}

/// Data the state lacks to draw the next frame; the runtime loads it and answers with an event.
public enum DataNeed: Sendable, Equatable {
    case rows(segment: Int, Range<Int>)
    case detail(segment: Int, row: Int)
}
