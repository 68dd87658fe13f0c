/// A minimal JSON reader for the small documents raft writes next to a snapshot (`meta.json`);
/// LogCore does not use Foundation. Strings become ``StructuredValue/bytes(_:)`` (UTF-8), integers
/// ``StructuredValue/unsigned(_:)`` or ``StructuredValue/signed(_:)``, other numbers
/// ``StructuredValue/double(_:)``. Nesting is limited; nothing traps on malformed input.

public enum JSONDocument {
    /// How deeply arrays and objects may nest.
    public static let maxDepth = 64

    /// Decodes `bytes` as exactly one JSON value (surrounding white space allowed).
    public static func decode(_ bytes: [UInt8]) -> Result<StructuredValue, DecodingFailure> {
        var parser = Parser(bytes: bytes)
        do {
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.index == bytes.count else { return .failure(DecodingFailure(at: parser.index, "text follows the JSON value")) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0a || bytes[index] == 0x0d { index += 1 }
        }

        mutating func value(depth: Int) throws(DecodingFailure) -> StructuredValue {
            guard depth < JSONDocument.maxDepth else { throw DecodingFailure(at: index, "arrays and objects nest deeper than \(JSONDocument.maxDepth)") }
            skipSpace()
            guard index < bytes.count else { throw DecodingFailure(at: index, "the text ends where a value should start") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .bytes(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        private mutating func literal(_ word: String, _ value: StructuredValue) throws(DecodingFailure) -> StructuredValue {
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw DecodingFailure(at: index, "expected a JSON value")
            }
            index += expected.count
            return value
        }

        private mutating func expect(_ byte: UInt8, _ what: String) throws(DecodingFailure) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw DecodingFailure(at: index, "expected \(what)") }
            index += 1
        }

        /// Consumes `byte` after optional white space when it is next.
        private mutating func skip(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func object(depth: Int) throws(DecodingFailure) -> StructuredValue {
            index += 1
            var members: [StructuredValue.Member] = []
            if skip(UInt8(ascii: "}")) { return .map(members) }
            repeat {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw DecodingFailure(at: index, "expected a member name in quotes") }
                let key = try string()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                members.append(StructuredValue.Member(key: .bytes(key), value: try value(depth: depth + 1)))
            } while skip(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            return .map(members)
        }

        private mutating func array(depth: Int) throws(DecodingFailure) -> StructuredValue {
            index += 1
            var elements: [StructuredValue] = []
            if skip(UInt8(ascii: "]")) { return .array(elements) }
            repeat { elements.append(try value(depth: depth + 1)) } while skip(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            return .array(elements)
        }

        private mutating func string() throws(DecodingFailure) -> [UInt8] {
            let start = index
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return out
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { break }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "u"): out += try unicodeEscape()
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    default: throw DecodingFailure(at: index - 2, "unknown escape \\\(Character(Unicode.Scalar(escape)))")
                    }
                default:
                    out.append(byte)
                }
            }
            throw DecodingFailure(at: start, "a string is not closed")
        }

        /// The scalar of `\uXXXX` (a surrogate pair when one follows) as UTF-8.
        private mutating func unicodeEscape() throws(DecodingFailure) -> [UInt8] {
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                index += 2
                let low = try hex4()
                scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
            }
            return Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        }

        private mutating func hex4() throws(DecodingFailure) -> UInt32 {
            guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
                throw DecodingFailure(at: index, "\\u needs four hex digits")
            }
            index += 4
            return value
        }

        private mutating func number() throws(DecodingFailure) -> StructuredValue {
            let start = index
            while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let value = UInt64(text) { return .unsigned(value) }
            if let value = Int64(text) { return .signed(value) }
            if !text.isEmpty, let value = Double(text) { return .double(value) }
            throw DecodingFailure(at: start, "expected a JSON value")
        }
    }
}
