/// What lies at a position of a store file, judged by its length prefix alone: a whole frame, or one
/// the end of the file cuts short.
///
/// ``FrameReader`` reports it without decoding the payload; ``FrameVerdict`` judges a frame further.
public enum FrameShape: Sendable, Equatable {
    /// A whole frame: an 8-byte length prefix and the `payloadLength` bytes it announces, all inside the file.
    case complete(payloadLength: UInt64)
    /// Fewer than 8 bytes remain at the position (none when it is at or past the end of the file).
    case tornPrefix(available: Int)
    /// The length prefix announces more bytes than the file holds after it.
    case tornPayload(announced: UInt64, available: UInt64)

    /// Whether the frame is whole.
    public var isComplete: Bool {
        if case .complete = self { return true }
        return false
    }
}
