/// Reads the subset of MessagePack that hashicorp/go-msgpack writes for Raft (maps, arrays, raw and
/// str strings, bin, nil, booleans, floats, positive and negative integers), bounded against hostile
/// bytes: nesting is limited, and a length or element count is trusted only when the remaining input
/// could hold it, so nothing is allocated from a length prefix alone and nothing traps.

public enum MessagePack {
    /// How deeply arrays and maps may nest.
    public static let maxDepth = 32

    /// Decodes `bytes` as exactly one MessagePack value.
    public static func decode(_ bytes: [UInt8]) -> Result<StructuredValue, DecodingFailure> {
        var reader = Reader(bytes: bytes)
        do {
            let value = try reader.value(depth: 0)
            guard reader.index == bytes.count else {
                return .failure(DecodingFailure(at: reader.index, "\(bytes.count - reader.index) bytes follow the value"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func value(depth: Int) throws(DecodingFailure) -> StructuredValue {
            let at = index
            let type = try byte()
            switch type {
            case 0x00...0x7f: return .unsigned(UInt64(type))
            case 0x80...0x8f: return try map(count: Int(type & 0x0f), depth: depth, at: at)
            case 0x90...0x9f: return try array(count: Int(type & 0x0f), depth: depth, at: at)
            case 0xa0...0xbf: return .bytes(try take(Int(type & 0x1f), at: at))
            case 0xc0: return .null
            case 0xc2: return .bool(false)
            case 0xc3: return .bool(true)
            case 0xc4, 0xd9: return .bytes(try take(Int(try number(1)), at: at))
            case 0xc5, 0xda: return .bytes(try take(Int(try number(2)), at: at))
            case 0xc6, 0xdb: return .bytes(try take(Int(try number(4)), at: at))
            case 0xca: return .double(Double(Float(bitPattern: UInt32(try number(4)))))
            case 0xcb: return .double(Double(bitPattern: try number(8)))
            case 0xcc: return .unsigned(try number(1))
            case 0xcd: return .unsigned(try number(2))
            case 0xce: return .unsigned(try number(4))
            case 0xcf: return .unsigned(try number(8))
            case 0xd0: return integer(Int64(Int8(truncatingIfNeeded: try number(1))))
            case 0xd1: return integer(Int64(Int16(truncatingIfNeeded: try number(2))))
            case 0xd2: return integer(Int64(Int32(truncatingIfNeeded: try number(4))))
            case 0xd3: return integer(Int64(bitPattern: try number(8)))
            case 0xdc: return try array(count: Int(try number(2)), depth: depth, at: at)
            case 0xdd: return try array(count: Int(try number(4)), depth: depth, at: at)
            case 0xde: return try map(count: Int(try number(2)), depth: depth, at: at)
            case 0xdf: return try map(count: Int(try number(4)), depth: depth, at: at)
            case 0xe0...0xff: return .signed(Int64(Int8(bitPattern: type)))
            default:
                throw DecodingFailure(at: at, "type byte 0x\(String(type, radix: 16)) (an extension or reserved type) is not used by Raft")
            }
        }

        private func integer(_ value: Int64) -> StructuredValue {
            value >= 0 ? .unsigned(UInt64(value)) : .signed(value)
        }

        private mutating func byte() throws(DecodingFailure) -> UInt8 {
            guard index < bytes.count else { throw DecodingFailure(at: index, "the input ends where a value should start") }
            index += 1
            return bytes[index - 1]
        }

        /// A big-endian unsigned number of `width` bytes.
        private mutating func number(_ width: Int) throws(DecodingFailure) -> UInt64 {
            guard bytes.count - index >= width else {
                throw DecodingFailure(at: index, "a \(width)-byte number is cut off (\(bytes.count - index) bytes remain)")
            }
            var value: UInt64 = 0
            for _ in 0..<width {
                value = value << 8 | UInt64(bytes[index])
                index += 1
            }
            return value
        }

        private mutating func take(_ count: Int, at: Int) throws(DecodingFailure) -> [UInt8] {
            guard count <= bytes.count - index else {
                throw DecodingFailure(at: at, "a string claims \(count) bytes but only \(bytes.count - index) remain")
            }
            index += count
            return Array(bytes[(index - count)..<index])
        }

        /// Checks that `count` elements of at least `minimumBytes` each could fit in what remains.
        private func checkRoom(_ count: Int, minimumBytes: Int, kind: String, at: Int) throws(DecodingFailure) {
            guard count <= (bytes.count - index) / minimumBytes else {
                throw DecodingFailure(at: at, "\(kind) claims \(count) elements but only \(bytes.count - index) bytes remain")
            }
        }

        private mutating func array(count: Int, depth: Int, at: Int) throws(DecodingFailure) -> StructuredValue {
            guard depth < MessagePack.maxDepth else { throw DecodingFailure(at: at, "arrays and maps nest deeper than \(MessagePack.maxDepth)") }
            try checkRoom(count, minimumBytes: 1, kind: "an array", at: at)
            var elements: [StructuredValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try value(depth: depth + 1)) }
            return .array(elements)
        }

        private mutating func map(count: Int, depth: Int, at: Int) throws(DecodingFailure) -> StructuredValue {
            guard depth < MessagePack.maxDepth else { throw DecodingFailure(at: at, "arrays and maps nest deeper than \(MessagePack.maxDepth)") }
            try checkRoom(count, minimumBytes: 2, kind: "a map", at: at)
            var members: [StructuredValue.Member] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                let key = try value(depth: depth + 1)
                members.append(StructuredValue.Member(key: key, value: try value(depth: depth + 1)))
            }
            return .map(members)
        }
    }
}
