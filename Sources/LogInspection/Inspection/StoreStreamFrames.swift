import LogCore

/// The frames of a store that has no index (a snapshot's `state.bin`), read front to back: what
/// builds the index ``LogDirectory/init(storeStream:)`` reads records through
/// (``StoreStreamIndex``), and what the node checks compare with the data log frame by frame. A
/// stream of millions of frames is read in one pass with no index kept (the record cursor needs one:
/// 12 bytes a frame in memory).
struct StoreStreamFrames {
    /// A complete frame: where it starts, its number from 0 and its payload's length.
    struct Frame {
        var position: UInt64
        var number: UInt64
        var length: UInt64
        /// Where the next frame starts.
        var end: UInt64 { position + UInt64(Store.lengthPrefixSize) + length }
    }

    private let frames: FrameReader
    /// The store's size.
    var size: UInt64 { frames.size }
    /// Where the next frame starts.
    private(set) var position: UInt64 = 0
    /// How many complete frames were read.
    private(set) var count: UInt64 = 0

    /// The frames of `file` (the caller closes it).
    init(file: SystemFile) throws(LogError) {
        frames = FrameReader(file: file, size: try file.size())
    }

    /// The next complete frame, or `nil` at the end of the store or where a frame is cut off there
    /// (``position`` then says where: before ``size`` for a cut frame).
    mutating func next() throws(LogError) -> Frame? {
        guard position < frames.size, case .complete(let length) = try frames.probe(at: position) else { return nil }
        let frame = Frame(position: position, number: count, length: length)
        position = frame.end
        count += 1
        return frame
    }

    /// Calls `body` with `frame`'s payload (valid only during the call).
    func withPayload<T>(of frame: Frame, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        try frames.withBytes(at: frame.position + UInt64(Store.lengthPrefixSize), count: Int(frame.length), body)
    }
}
