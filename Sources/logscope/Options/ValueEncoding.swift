import ArgumentParser
import LogCore

/// How `append` reads the values it is given: `--text` (the bytes as they are), `--hex` or `--base64`.
enum ValueEncoding: String, EnumerableFlag {
    case text
    case hex
    case base64

    static func help(for value: ValueEncoding) -> ArgumentHelp? {
        switch value {
        case .text: return "Values are text, appended as their UTF-8 bytes (the default)."
        case .hex: return "Values are hex, two digits a byte (e.g. 00ff0a): for binary records."
        case .base64: return "Values are base64 (RFC 4648, padding optional): for binary records."
        }
    }

    /// The bytes `value` stands for, or `nil` when it is not valid in this encoding.
    func decode(_ value: [UInt8]) -> [UInt8]? {
        switch self {
        case .text: return value
        case .hex: return HexString.decode(String(decoding: value, as: UTF8.self))
        case .base64: return Base64.decode(String(decoding: value, as: UTF8.self))
        }
    }

    /// What a valid value looks like, for error messages.
    var expectation: String {
        switch self {
        case .text: return "text"
        case .hex: return "hex: pairs of the digits 0-9 a-f, e.g. 00ff0a"
        case .base64: return "base64: the characters A-Z a-z 0-9 + / and at most two = at the end, e.g. AP8K"
        }
    }
}
