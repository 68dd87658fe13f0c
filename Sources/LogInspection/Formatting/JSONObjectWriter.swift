/// One JSON object written into a ``ByteOutput`` field by field: no `String` is built for the object,
/// its strings are escaped from their bytes (``ByteOutput/write(jsonString:)-(String)``) and its
/// numbers written as decimals. `check`, `stat` and `diff` write their JSON through it; records go
/// through ``RecordOutput``.
///
/// Field names are the formats' own identifiers (ASCII letters, digits and `_`): they are written
/// as they are.
package struct JSONObjectWriter {
    /// Where the object goes.
    package let out: ByteOutput
    private var first = true

    private init(out: ByteOutput) {
        self.out = out
    }

    /// Writes `{`, the fields `body` adds, and `}` to `out`.
    package static func write(to out: ByteOutput, _ body: (inout JSONObjectWriter) -> Void) {
        out.write(byte: UInt8(ascii: "{"))
        var object = JSONObjectWriter(out: out)
        body(&object)
        out.write(byte: UInt8(ascii: "}"))
    }

    /// A string field (`null` for `nil`).
    package mutating func field(_ name: String, _ value: String?) {
        key(name)
        guard let value else { return out.write("null") }
        out.write(jsonString: value)
    }

    /// A number field (`null` for `nil`).
    package mutating func field(_ name: String, _ value: UInt64?) {
        key(name)
        guard let value else { return out.write("null") }
        out.write(decimal: value)
    }

    /// A number field.
    package mutating func field(_ name: String, _ value: Int) {
        key(name)
        out.write(decimal: value)
    }

    /// A number field, as Swift prints it (`null` when not finite).
    package mutating func field(_ name: String, _ value: Double) {
        key(name)
        guard value.isFinite else { return out.write("null") }
        out.write(string: "\(value)")
    }

    /// A `true` or `false` field.
    package mutating func field(_ name: String, _ value: Bool) {
        key(name)
        out.write(value ? "true" : "false")
    }

    /// A field holding an object of the fields `body` adds.
    package mutating func object(_ name: String, _ body: (inout JSONObjectWriter) -> Void) {
        key(name)
        Self.write(to: out, body)
    }

    /// A field holding an array: `element` writes each item (see ``ByteOutput/writeJSONArray(_:_:)``).
    package mutating func array<Items: Sequence>(_ name: String, _ items: Items, _ element: (ByteOutput, Items.Element) -> Void) {
        key(name)
        out.writeJSONArray(items, element)
    }

    /// A field holding an array of objects, each of the fields `body` adds for its item.
    package mutating func objects<Items: Sequence>(_ name: String, _ items: Items, _ body: (inout JSONObjectWriter, Items.Element) -> Void) {
        array(name, items) { out, item in Self.write(to: out) { body(&$0, item) } }
    }

    /// A field whose value `value` writes (an object or array built elsewhere, or `null`).
    package mutating func field(_ name: String, writing value: (ByteOutput) -> Void) {
        key(name)
        value(out)
    }

    private mutating func key(_ name: String) {
        out.write(byte: first ? UInt8(ascii: "\"") : UInt8(ascii: ","))
        if !first { out.write(byte: UInt8(ascii: "\"")) }
        first = false
        out.write(string: name)
        out.write("\":")
    }
}

extension ByteOutput {
    /// Writes `[`, each item as `element` writes it, separated by commas, and `]`; the buffer goes
    /// out between items once it holds ``flushBytes`` (an array of 100,000 segments is not gathered
    /// whole).
    package func writeJSONArray<Items: Sequence>(_ items: Items, _ element: (ByteOutput, Items.Element) -> Void) {
        write(byte: UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { write(byte: UInt8(ascii: ",")) }
            first = false
            element(self, item)
            flushIfFull()
        }
        write(byte: UInt8(ascii: "]"))
    }
}
