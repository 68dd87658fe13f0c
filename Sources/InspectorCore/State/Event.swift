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
    /// A full check started in the background (the runtime says when it ends).
    case checkStarted
    /// The background check ended (or none was needed).
    case checkEnded
    /// The clock: seconds on a monotonic clock (the runtime's; tests choose their own).
    case tick(Double)
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
}

/// Data the state lacks to draw the next frame; the runtime loads it and answers with an event.
public enum DataNeed: Sendable, Equatable {
    case rows(segment: Int, Range<Int>)
    case detail(segment: Int, row: Int)
}

/// What `/`, `n`, `N` and `&` look for: text, or bytes written `x:0a 0b`.
public struct SearchPattern: Sendable, Equatable {
    public var bytes: [UInt8]
    public var text: String

    /// Parses `x:` hex or plain text; `nil` for empty or malformed hex.
    public init?(_ text: String) {
        self.text = text
        if text.hasPrefix("x:") {
            let digits = text.dropFirst(2).filter { !$0.isWhitespace }
            guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var i = digits.startIndex
            while i < digits.endIndex {
                let j = digits.index(i, offsetBy: 2)
                guard let byte = UInt8(digits[i..<j], radix: 16) else { return nil }
                bytes.append(byte)
                i = j
            }
            self.bytes = bytes
        } else {
            guard !text.isEmpty else { return nil }
            bytes = Array(text.utf8)
        }
    }
}
