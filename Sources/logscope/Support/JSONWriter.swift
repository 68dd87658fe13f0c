import LogInspection

/// A small JSON object builder (no Foundation) for `check`, `stat` and `diff`: objects are built field
/// by field as a `String` and written as one line through `ByteOutput`, whose JSON escapes it shares.
/// Records (`dump`, `tail`) are written straight into `ByteOutput` by `RecordOutput` instead.
struct JSONObject {
    private var text = "{"
    private var first = true

    init() {}

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        guard let value else {
            text += "null"
            return
        }
        text += "\""
        text += Self.escapes.applied(to: value)
        text += "\""
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

    /// Starts a field. Names are the format's own identifiers (ASCII letters and `_`): nothing to escape.
    private mutating func key(_ name: String) {
        text += first ? "\"" : ",\""
        first = false
        text += name
        text += "\":"
    }

    /// `value` as a JSON string literal.
    static func quote(_ value: String) -> String {
        "\"" + escapes.applied(to: value) + "\""
    }

    private static let escapes = ASCIIEscapes(ByteOutput.jsonEscape)

    /// `items` (already JSON) as a JSON array.
    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }
}
