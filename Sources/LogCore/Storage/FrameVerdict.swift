/// The verdict on the frame that should hold the record at an expected offset: the one judgement
/// recovery, the checker, the tailer and the inspector make of a frame.
///
/// Like LevelDB's log reader, the frame reader reports what it found as a typed value and leaves the
/// policy to its caller (a writer's pending frame is normal, the same bytes in a closed log are lost).
/// Nothing is formatted until ``description`` or ``describe(store:)`` is asked for, so a walk over
/// millions of valid frames builds no string.
public enum FrameVerdict: Sendable, Equatable, CustomStringConvertible {
    /// A complete frame whose payload decodes and names the expected offset.
    case valid
    /// The position is at or past the end of the store: no byte of the frame is there.
    case pastEnd(storeSize: UInt64)
    /// Only `available` (1–7) bytes of the 8-byte length prefix are in the file.
    case tornPrefix(available: Int)
    /// The length prefix announces `announced` payload bytes but only `available` follow it.
    case tornPayload(announced: UInt64, available: UInt64)
    /// A zero length prefix where the record at an offset other than 0 should be: a run of zero
    /// bytes (preallocated space or lost writes), not a record.
    case zeros
    /// A complete frame whose payload is not a `Record`.
    case undecodable(RecordCodec.DecodeFailure)
    /// A complete `Record` that names offset `found` where `expected` was due.
    case wrongOffset(found: UInt64, expected: UInt64)

    /// The verdict on a frame of `shape` that is not complete; `nil` for a complete one (which needs
    /// its payload judged: ``init(payloadLength:decoded:expectedOffset:)``).
    ///
    /// - Parameter storeSize: the store's size, named by ``pastEnd(storeSize:)``.
    public init?(shape: FrameShape, storeSize: UInt64) {
        switch shape {
        case .complete: return nil
        case .tornPrefix(let available): self = available == 0 ? .pastEnd(storeSize: storeSize) : .tornPrefix(available: available)
        case .tornPayload(let announced, let available): self = .tornPayload(announced: announced, available: available)
        }
    }

    /// The verdict on a complete frame of `payloadLength` bytes whose payload decoded as `decoded`,
    /// where the record at `expectedOffset` should be.
    public init(payloadLength: UInt64, decoded: Result<RecordCodec.Fields, RecordCodec.DecodeFailure>, expectedOffset: UInt64) {
        switch decoded {
        case .failure(let failure):
            self = .undecodable(failure)
        case .success where payloadLength == 0 && expectedOffset != 0:
            self = .zeros
        case .success(let fields) where fields.offset != expectedOffset:
            self = .wrongOffset(found: fields.offset, expected: expectedOffset)
        case .success:
            self = .valid
        }
    }

    /// Whether the frame is complete, decodes and names the expected offset.
    public var isValid: Bool { self == .valid }

    /// Whether the frame runs past the end of the file (a writer may still bring its bytes).
    public var isTorn: Bool {
        switch self {
        case .pastEnd, .tornPrefix, .tornPayload: return true
        case .valid, .zeros, .undecodable, .wrongOffset: return false
        }
    }

    /// What is wrong, in one sentence naming the store file `store` ("the frame is valid" for a valid one).
    public func describe(store: String) -> String {
        switch self {
        case .valid:
            return "the frame is valid"
        case .pastEnd(let storeSize):
            return "the entry points past the end of \(store) (\(storeSize) bytes)"
        case .tornPrefix(let available):
            return "only \(available) of the 8 length-prefix bytes are in the file"
        case .tornPayload(let announced, let available):
            return "the length prefix says \(announced) bytes but only \(available) follow it"
        case .zeros:
            return "zero bytes where the frame should be"
        case .undecodable(let failure):
            return "the payload does not decode: \(failure)"
        case .wrongOffset(let found, let expected):
            return "the record names offset \(found), not \(expected)"
        }
    }

    /// What is wrong, in one sentence: ``describe(store:)`` naming "the store".
    public var description: String { describe(store: "the store") }
}
