/// What the inspector found at one position of a store file, without trusting any index.
import LogCore

public struct FrameInfo: Sendable, Equatable {
    /// The shape of the bytes at the position.
    public enum Shape: Sendable, Equatable {
        /// An 8-byte prefix and all `payloadLength` bytes it announces.
        case complete
        /// Fewer than 8 bytes remain in the file.
        case truncatedPrefix(available: Int)
        /// The prefix announces more bytes than the file holds.
        case truncatedPayload(available: UInt64)
    }

    /// The position of the length prefix.
    public var position: UInt64
    /// The announced payload length (0 when the prefix itself is cut off).
    public var payloadLength: UInt64
    /// Whether the frame is whole.
    public var shape: Shape
    /// The decoded fields when the frame is complete and decodes.
    public var fields: RecordCodec.Fields?
    /// Why a complete payload does not decode.
    public var decodeFailure: RecordCodec.DecodeFailure?

    /// The frame's size on disk: prefix and payload (saturating: a garbage prefix may claim 2^64−1).
    public var size: UInt64 {
        let (sum, overflow) = payloadLength.addingReportingOverflow(UInt64(Store.lengthPrefixSize))
        return overflow ? UInt64.max : sum
    }
    /// The position after the frame (saturating).
    public var end: UInt64 {
        let (sum, overflow) = position.addingReportingOverflow(size)
        return overflow ? UInt64.max : sum
    }
    /// Whether the frame is complete and decodes.
    public var isValid: Bool { shape == .complete && fields != nil }
    /// The embedded offset of a valid frame.
    public var embeddedOffset: UInt64? { fields?.offset }
}
