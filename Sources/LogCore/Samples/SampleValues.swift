/// Deterministic, varied record values (text, JSON, binary) for demos, load generation, tests and
/// benchmarks: the value for an offset is always the same, so a reader can check what it got.
package enum SampleValues {
    /// The kinds of value the generator cycles through.
    package enum Kind: Sendable, CaseIterable {
        case text
        case json
        case binary
    }

    /// The kind of value `offset` gets: text, JSON and binary in turn.
    package static func kind(for offset: UInt64) -> Kind {
        Kind.allCases[Int(offset % 3)]
    }

    /// The value for `offset`: `size` bytes long, or longer when `size` is too small for the kind's
    /// prefix. JSON values are valid JSON.
    package static func value(for offset: UInt64, size: Int = 100) -> [UInt8] {
        var bytes: [UInt8]
        switch kind(for: offset) {
        case .text:
            bytes = Array("record \(offset): the quick brown fox jumps over the lazy dog ".utf8)
        case .json:
            bytes = Array("{\"offset\":\(offset),\"event\":\"\(events[Int(offset / 3 % UInt64(events.count))])\",\"pad\":\"".utf8)
        case .binary:
            bytes = (0..<8).map { UInt8(truncatingIfNeeded: offset >> (56 - 8 * UInt64($0))) }
        }
        let closing: [UInt8] = kind(for: offset) == .json ? Array("\"}".utf8) : []
        var state = offset &* 0x9E37_79B9_7F4A_7C15 | 1
        while bytes.count + closing.count < size {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            switch kind(for: offset) {
            case .text: bytes.append(UInt8(97 + state % 26))
            case .json: bytes.append(UInt8(97 + state % 26))
            case .binary: bytes.append(UInt8(truncatingIfNeeded: state))
            }
        }
        if kind(for: offset) == .text, bytes.count > size, size > 0 {
            bytes.removeLast(bytes.count - size)
        }
        return bytes + closing
    }

    private static let events = ["login", "purchase", "logout", "view", "search", "refund"]
}
