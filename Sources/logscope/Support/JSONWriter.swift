/// A small streaming JSON writer (no Foundation): objects are built field by field and written as one
/// line, so `jsonl` output never holds more than one record.
struct JSONObject {
    private var text = "{"
    private var first = true

    init() {}

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        text += value.map(JSONObject.quote) ?? "null"
    }

    mutating func field(_ name: String, _ value: UInt64?) {
        key(name)
        text += value.map { "\($0)" } ?? "null"
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        text += "\(value)"
    }

    mutating func field(_ name: String, _ value: Double) {
        key(name)
        text += value.isFinite ? "\(value)" : "null"
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// A field whose value is already JSON.
    mutating func field(_ name: String, raw: String) {
        key(name)
        text += raw
    }

    var json: String { text + "}" }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += JSONObject.quote(name) + ":"
    }

    /// `value` as a JSON string literal.
    static func quote(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `items` (already JSON) as a JSON array.
    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }
}
