/// Re-indents a JSON document for the Decoded tab; `nil` when the bytes are not one valid JSON value.
enum JSONPretty {
    static func lines(_ bytes: [UInt8], indent: Int = 2) -> [String]? {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        guard let first = bytes.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            return nil
        }
        var out: [String] = [""]
        guard parser.value(depth: 0, indent: indent, out: &out) else { return nil }
        parser.skipSpace()
        guard parser.index == bytes.count else { return nil }
        return out
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int, indent: Int, out: inout [String]) -> Bool {
            guard depth < 64 else { return false }
            skipSpace()
            guard index < bytes.count else { return false }
            let pad = String(repeating: " ", count: (depth + 1) * indent)
            let closePad = String(repeating: " ", count: depth * indent)
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let object = bytes[index] == UInt8(ascii: "{")
                let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == close {
                    index += 1
                    out[out.count - 1] += object ? "{}" : "[]"
                    return true
                }
                out[out.count - 1] += object ? "{" : "["
                while true {
                    out.append(pad)
                    skipSpace()
                    if object {
                        guard let key = string() else { return false }
                        out[out.count - 1] += key + ": "
                        skipSpace()
                        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                        index += 1
                    }
                    guard value(depth: depth + 1, indent: indent, out: &out) else { return false }
                    skipSpace()
                    guard index < bytes.count else { return false }
                    if bytes[index] == UInt8(ascii: ",") {
                        out[out.count - 1] += ","
                        index += 1
                        continue
                    }
                    guard bytes[index] == close else { return false }
                    index += 1
                    out.append(closePad + (object ? "}" : "]"))
                    return true
                }
            case UInt8(ascii: "\""):
                guard let text = string() else { return false }
                out[out.count - 1] += text
                return true
            default:
                let start = index
                while index < bytes.count, !([44, 93, 125, 32, 9, 10, 13] as [UInt8]).contains(bytes[index]) { index += 1 }
                let token = String(decoding: bytes[start..<index], as: UTF8.self)
                guard token == "true" || token == "false" || token == "null" || Double(token) != nil else { return false }
                out[out.count - 1] += token
                return true
            }
        }

        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let start = index
            index += 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    return String(validating: bytes[start..<index], as: UTF8.self)
                }
                if bytes[index] < 0x20 { return nil }
                index += 1
            }
            return nil
        }
    }
}
