/// A schema-less reading of bytes as protobuf: a tree of numbered fields, nested where a
/// length-delimited field itself parses as a message. For showing values whose schema is unknown.
import LogCore

public indirect enum ProtobufTree: Sendable, Equatable {
    /// A message: its fields in order.
    case message([Field])

    /// One field.
    public struct Field: Sendable, Equatable {
        public var number: UInt64
        public var value: Value
    }

    /// A field's value by wire type.
    public enum Value: Sendable, Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        /// Length-delimited bytes that parse as a message.
        case message(ProtobufTree)
        /// Length-delimited bytes that are printable UTF-8.
        case text(String)
        /// Other length-delimited bytes.
        case bytes([UInt8])
    }

    /// Parses `bytes`; `nil` when they are not a well-formed protobuf message (or are empty).
    public static func parse(_ bytes: [UInt8], depth: Int = 0) -> ProtobufTree? {
        guard !bytes.isEmpty, depth < 8 else { return nil }
        return bytes.withUnsafeBytes { raw -> ProtobufTree? in
            var fields: [Field] = []
            var i = 0
            while i < raw.count {
                guard let tag = Varint.read(raw, at: &i), tag >> 3 > 0, tag >> 3 < 1 << 29 else { return nil }
                let number = tag >> 3
                switch tag & 7 {
                case 0:
                    guard let v = Varint.read(raw, at: &i) else { return nil }
                    fields.append(Field(number: number, value: .varint(v)))
                case 1:
                    guard raw.count - i >= 8 else { return nil }
                    fields.append(Field(number: number, value: .fixed64(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))))
                    i += 8
                case 5:
                    guard raw.count - i >= 4 else { return nil }
                    fields.append(Field(number: number, value: .fixed32(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))))
                    i += 4
                case 2:
                    guard let length = Varint.read(raw, at: &i), length <= UInt64(raw.count - i) else { return nil }
                    let inner = Array(raw[i..<(i + Int(length))])
                    i += Int(length)
                    if let text = printableText(inner) {
                        fields.append(Field(number: number, value: .text(text)))
                    } else if let message = parse(inner, depth: depth + 1) {
                        fields.append(Field(number: number, value: .message(message)))
                    } else {
                        fields.append(Field(number: number, value: .bytes(inner)))
                    }
                default:
                    return nil
                }
            }
            return .message(fields)
        }
    }

    /// Indented lines, one per field: `1: "text"`, `2: 42`, `3 {` … `}`.
    public func lines(indent: String = "") -> [String] {
        guard case .message(let fields) = self else { return [] }
        var lines: [String] = []
        for field in fields {
            switch field.value {
            case .varint(let v): lines.append("\(indent)\(field.number): \(v)")
            case .fixed64(let v): lines.append("\(indent)\(field.number): \(v) (fixed64)")
            case .fixed32(let v): lines.append("\(indent)\(field.number): \(v) (fixed32)")
            case .text(let text): lines.append("\(indent)\(field.number): \(quoted(text))")
            case .bytes(let bytes): lines.append("\(indent)\(field.number): 0x\(HexString.encode(bytes))")
            case .message(let tree):
                lines.append("\(indent)\(field.number) {")
                lines += tree.lines(indent: indent + "  ")
                lines.append("\(indent)}")
            }
        }
        return lines
    }

    /// The tree on one line: `{1: "a", 2: 3}`.
    public var compact: String {
        guard case .message(let fields) = self else { return "{}" }
        let parts = fields.map { field -> String in
            switch field.value {
            case .varint(let v): return "\(field.number): \(v)"
            case .fixed64(let v): return "\(field.number): \(v)"
            case .fixed32(let v): return "\(field.number): \(v)"
            case .text(let text): return "\(field.number): \(quoted(text))"
            case .bytes(let bytes): return "\(field.number): 0x\(HexString.encode(bytes))"
            case .message(let tree): return "\(field.number): \(tree.compact)"
            }
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingControlCharacters() + "\""
    }

    /// The bytes as text when they are valid UTF-8 with no control characters but tab and newline.
    static func printableText(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        var decoded = ""
        var iterator = bytes.makeIterator()
        var utf8 = UTF8()
        loop: while true {
            switch utf8.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { return nil }
                if scalar.value == 0x7f { return nil }
                decoded.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return decoded
    }
}

extension String {
    /// The string with newlines, tabs and other control characters escaped, for one-line display;
    /// with `quotes`, also `"` and `\` (for text shown between quotes).
    public func replacingControlCharacters(quotes: Bool = true) -> String {
        (quotes ? Self.controlAndQuoteEscapes : Self.controlEscapes).applied(to: self)
    }

    private static let controlEscapes = ASCIIEscapes { ByteOutput.textEscape($0, quotes: false) }
    private static let controlAndQuoteEscapes = ASCIIEscapes { ByteOutput.textEscape($0, quotes: true) }
}
