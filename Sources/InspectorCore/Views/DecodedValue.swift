import LogCore
import LogInspection

/// How the Decoded tab reads a value, and the text `y` copies of it: pretty JSON, UTF-8 text, a
/// schema-less protobuf field tree, or, for other bytes, hex.
enum DecodedValue: Equatable {
    case empty
    case json([String])
    case text(String)
    case protobuf([String])
    case binary

    init(_ value: [UInt8]) {
        if value.isEmpty {
            self = .empty
        } else if let json = JSONPretty.lines(value) {
            self = .json(json)
        } else if let text = String(validating: value, as: UTF8.self),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        {
            self = .text(text)
        } else if let tree = ProtobufTree.parse(value) {
            self = .protobuf(tree.lines())
        } else {
            self = .binary
        }
    }

    /// What the tab calls it.
    var kind: String {
        switch self {
        case .empty: return "empty"
        case .json: return "JSON"
        case .text: return "UTF-8 text"
        case .protobuf: return "protobuf (schema-less)"
        case .binary: return "binary"
        }
    }

    /// What the tab shows, as text: the JSON as indented, the text as it is, the field tree, or the
    /// bytes of `value` in lower-case hex (never raw binary: a NUL would end up on the clipboard).
    func text(of value: [UInt8]) -> String {
        switch self {
        case .empty: return ""
        case .json(let lines), .protobuf(let lines): return lines.joined(separator: "\n")
        case .text(let text): return text
        case .binary: return HexString.encode(value)
        }
    }
}
