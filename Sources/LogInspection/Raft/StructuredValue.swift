/// A value of a self-describing document, as the Raft readers decode MessagePack (a Raft
/// configuration entry) and JSON (a snapshot's `meta.json`) into one shape.

public enum StructuredValue: Sendable, Equatable {
    /// One key and value of a map, in the document's order.
    public struct Member: Sendable, Equatable {
        /// The key (a string in every document logscope reads).
        public var key: StructuredValue
        /// The value.
        public var value: StructuredValue
    }

    /// MessagePack `nil`, JSON `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A negative integer (non-negative ones are ``unsigned(_:)``).
    case signed(Int64)
    /// A non-negative integer.
    case unsigned(UInt64)
    /// A floating-point number.
    case double(Double)
    /// A string or raw bytes (MessagePack's old raw format carries strings as bytes), undecoded.
    case bytes([UInt8])
    /// An array.
    case array([StructuredValue])
    /// A map, its members in document order.
    case map([Member])

    /// The value of the first member whose key is the string `key`, when this is a map.
    public subscript(key: String) -> StructuredValue? {
        guard case .map(let members) = self else { return nil }
        let wanted = Array(key.utf8)
        return members.first { $0.key == .bytes(wanted) }?.value
    }

    /// The bytes as UTF-8 text (invalid sequences replaced), when this is a string.
    public var text: String? {
        guard case .bytes(let bytes) = self else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number when this is a non-negative integer.
    public var unsignedValue: UInt64? {
        switch self {
        case .unsigned(let value): return value
        case .signed(let value): return value >= 0 ? UInt64(value) : nil
        default: return nil
        }
    }

    /// The elements when this is an array.
    public var elements: [StructuredValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// A short name of the value's kind for messages: `map`, `array`, `string`, ….
    public var kindName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "a boolean"
        case .signed, .unsigned: return "an integer"
        case .double: return "a float"
        case .bytes: return "a string"
        case .array: return "an array"
        case .map: return "a map"
        }
    }
}

/// Why bytes do not decode as the document or Raft structure expected: where, and what was found.
public struct DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte of the input where decoding stopped (`nil` when the failure concerns the structure, not a byte).
    public var position: Int?
    /// What was expected and found.
    public var reason: String

    /// Creates a failure.
    public init(at position: Int?, _ reason: String) {
        self.position = position
        self.reason = reason
    }

    public var description: String { position.map { "byte \($0): \(reason)" } ?? reason }
}
