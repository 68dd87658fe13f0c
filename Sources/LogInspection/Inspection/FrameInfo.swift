/// What the inspector found at one position of a store file, without trusting any index.
import LogCore

public struct FrameInfo: Sendable, Equatable {
    /// The position of the length prefix.
    public var position: UInt64
    /// The announced payload length (0 when the prefix itself is cut off).
    public var payloadLength: UInt64
    /// Whether the frame is whole.
    public var shape: FrameShape
    /// The decoded fields when the frame is complete and decodes.
    public var fields: RecordCodec.Fields?
    /// Why a complete payload does not decode.
    public var decodeFailure: RecordCodec.DecodeFailure?

    /// The frame's size on disk: prefix and payload (saturating: a garbage prefix may claim 2^64−1).
    public var size: UInt64 {
        let (sum, overflow) = payloadLength.addingReportingOverflow(UInt64(Store.lengthPrefixSize))
        return overflow ? UInt64.max : sum
    }
    /// The frame's size as far as the store tells it: `nil` when not even its length prefix is there
    /// (an entry past the store's end, or a prefix cut short).
    public var knownSize: UInt64? {
        if case .tornPrefix = shape { return nil }
        return size
    }
    /// The position after the frame (saturating).
    public var end: UInt64 {
        let (sum, overflow) = position.addingReportingOverflow(size)
        return overflow ? UInt64.max : sum
    }
    /// Whether the frame is complete and decodes.
    public var isValid: Bool { shape.isComplete && fields != nil }
    /// The embedded offset of a valid frame.
    public var embeddedOffset: UInt64? { fields?.offset }

    /// The verdict on this frame as the one that should hold the record at `expectedOffset`, in a
    /// store of `storeSize` bytes.
    public func verdict(expectedOffset: UInt64, storeSize: UInt64) -> FrameVerdict {
        if let torn = FrameVerdict(shape: shape, storeSize: storeSize) { return torn }
        if let decodeFailure { return .undecodable(decodeFailure) }
        // A complete frame is always decoded: fields or a failure (this only guards a hand-made value).
        guard let fields else { return .pastEnd(storeSize: storeSize) }
        return FrameVerdict(payloadLength: payloadLength, decoded: .success(fields), expectedOffset: expectedOffset)
    }
}
