import LogCore
import LogInspection

/// How the records pane previews values (`v` cycles through them).
public enum PreviewMode: String, Sendable, Equatable, CaseIterable {
    /// Text when the value is text, else hex (``ValuePreview`` says when).
    case auto
    /// Every value as UTF-8 text, bytes that are not text escaped as `\xNN`.
    case text
    /// Every value as hex bytes.
    case hex

    /// The mode after this one.
    public var next: PreviewMode { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
}

/// One rule for a value's one-line preview, so the same kind of value always looks the same:
///
/// - an empty value is `(empty)`;
/// - in `auto` mode, a value is shown as text when it is valid UTF-8 (a multi-byte character cut off at
///   the end of the preview does not count) and holds no control character other than tab, newline and
///   carriage return (shown as `\t`, `\n`, `\r`); any other value is shown as hex, `0x` and its first
///   48 bytes. So a single byte `00` is `0x00`, `ff` is `0xff`, and `41` is `A`;
/// - `text` mode shows every value as text, escaping what is not (`\x00`, `\xff`); `hex` mode shows
///   every value as hex.
public enum ValuePreview {
    /// How many bytes a hex preview shows.
    public static let hexBytes = 48

    /// The preview of `value` (the first bytes of a value of `length` bytes) in `mode`.
    public static func format(_ value: [UInt8], length: Int? = nil, mode: PreviewMode) -> String {
        let cut = (length ?? value.count) > value.count
        if value.isEmpty { return cut ? "…" : "(empty)" }
        switch mode {
        case .hex:
            return hex(value, cut: cut)
        case .text:
            return escapedText(value) + (cut ? "…" : "")
        case .auto:
            guard let text = text(value, cut: cut) else { return hex(value, cut: cut) }
            return text.replacingControlCharacters(quotes: false) + (cut ? "…" : "")
        }
    }

    /// The value as text when it is text by the rule above.
    private static func text(_ value: [UInt8], cut: Bool) -> String? {
        // A preview cut inside a multi-byte character: the partial character's bytes are dropped.
        guard let decoded = CutUTF8.decode(value[...], cut: cut) else { return nil }
        let control = decoded.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || (0x7f...0x9f).contains(scalar.value)
        }
        return control ? nil : decoded
    }

    private static func hex(_ value: [UInt8], cut: Bool) -> String {
        "0x" + HexString.encode(value.prefix(hexBytes)) + (cut || value.count > hexBytes ? "…" : "")
    }

    /// UTF-8 decoded where it is valid; other bytes and control characters as `\xNN`.
    private static func escapedText(_ value: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < value.count {
            let width = sequenceLength(value[index])
            if width > 1, index + width <= value.count, let scalar = String(validating: value[index..<(index + width)], as: UTF8.self) {
                out += scalar.replacingControlCharacters(quotes: false)
                index += width
            } else if value[index] < 0x80 {
                out += String(UnicodeScalar(value[index])).replacingControlCharacters(quotes: false)
                index += 1
            } else {
                out += "\\x" + HexString.encode([value[index]])
                index += 1
            }
        }
        return out
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xc2...0xdf: return 2
        case 0xe0...0xef: return 3
        case 0xf0...0xf4: return 4
        default: return 1
        }
    }
}
