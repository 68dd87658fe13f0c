import InspectorCore
import LogCore

/// The render path for a mutated record: the input's first two bytes pick a screen size, the rest is
/// used twice in one segment, as the value of a well-formed record (offset 0: JSON, text, protobuf or
/// binary previews) and as the raw payload of the next frame (offset 1: undecodable, a wrong embedded
/// offset, unknown fields). Both rows are drawn in every detail tab, scrolled, at that size, and
/// both are copied (`y`, `Y`).
enum RenderFuzzTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 2 else { return }
        let size = Size(width: 8 + Int(bytes[0]) % 200, height: 4 + Int(bytes[1]) % 70)
        let payload = Array(bytes[2...])
        let path = Scratch.emptyDirectory("render")
        writeSegment(at: path, value: payload)
        let terminal = InMemoryTerminal(size: size)
        guard let runtime = try? InspectorRuntime(path: path, terminal: terminal, fullCheck: false) else { return }
        // The inspector opens with the Records pane focused on row 0.
        for row in 0..<2 {
            if row == 1 { runtime.handle(.key(.character("j"))) }
            runtime.handle(.key(.enter))
            for _ in DetailTab.allCases {
                _ = runtime.frame()
                runtime.handle(.key(.pageDown))
                _ = runtime.frame()
                runtime.handle(.key(.character("]")))
            }
            runtime.handle(.key(.character("h")))
        }
        runtime.handle(.key(.character("y")))
        runtime.handle(.key(.character("Y")))
    }

    /// Segment 0: a well-formed record with `value` at offset 0, then `value` itself as the payload
    /// of the frame indexed as offset 1.
    private static func writeSegment(at path: String, value: [UInt8]) {
        var store: [UInt8] = []
        var index: [UInt8] = []
        for (relative, payload) in [RecordCodec.encode(Record(value: value, offset: 0)), value].enumerated() {
            index += bigEndian(UInt64(relative)).suffix(4) + bigEndian(UInt64(store.count))
            store += bigEndian(UInt64(payload.count)) + payload
        }
        Scratch.write(store, to: path + "/0.store")
        Scratch.write(index, to: path + "/0.index")
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
