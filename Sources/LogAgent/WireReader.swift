/// Why the bytes of a message are not a message: where in it, and what was expected there.
package struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte of the message (after its length) where reading stopped.
    package var position: Int
    /// What was expected there.
    package var expected: String

    package init(position: Int, expected: String) {
        self.position = position
        self.expected = expected
    }

    package var description: String { "message byte \(position): expected \(expected)" }
}

/// Reads the fields of one message's bytes (after its length), checking every length against what
/// is left before reading or allocating anything.
package struct WireReader {
    private let bytes: [UInt8]
    /// Where the next field starts.
    package private(set) var position = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte was read.
    package var isAtEnd: Bool { position == bytes.count }

    package mutating func u8(_ what: String) throws(WireError) -> UInt8 {
        guard position < bytes.count else { throw WireError(position: position, expected: what + " (1 byte)") }
        defer { position += 1 }
        return bytes[position]
    }

    package mutating func u32(_ what: String) throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try integer(4, what))
    }

    package mutating func u64(_ what: String) throws(WireError) -> UInt64 { try integer(8, what) }

    package mutating func i64(_ what: String) throws(WireError) -> Int64 { Int64(bitPattern: try integer(8, what)) }

    /// A byte string of at most `limit` bytes.
    package mutating func bytes(_ what: String, limit: Int) throws(WireError) -> [UInt8] {
        let start = position
        let count = Int(try u32("the length of " + what))
        guard count <= limit else {
            throw WireError(position: start, expected: "\(what) of at most \(limit) bytes, not \(count)")
        }
        guard count <= bytes.count - position else {
            throw WireError(position: start, expected: "\(what) of \(count) bytes, but only \(bytes.count - position) follow")
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    /// A string (a path or a name: at most 64 KiB).
    package mutating func string(_ what: String) throws(WireError) -> String {
        String(decoding: try bytes(what, limit: 1 << 16), as: UTF8.self)
    }

    /// A count of items that each take at least `itemBytes` bytes, checked against what is left.
    package mutating func count(_ what: String, itemBytes: Int, limit: Int) throws(WireError) -> Int {
        let start = position
        let count = Int(try u32("the number of " + what))
        guard count <= limit, count <= (bytes.count - position) / max(itemBytes, 1) else {
            throw WireError(position: start, expected: "at most \(min(limit, (bytes.count - position) / max(itemBytes, 1))) \(what), not \(count)")
        }
        return count
    }

    /// Fails unless every byte was read.
    package func expectEnd() throws(WireError) {
        guard isAtEnd else { throw WireError(position: position, expected: "the end of the message, not \(bytes.count - position) more bytes") }
    }

    private mutating func integer(_ width: Int, _ what: String) throws(WireError) -> UInt64 {
        guard bytes.count - position >= width else { throw WireError(position: position, expected: "\(what) (\(width) bytes)") }
        var value: UInt64 = 0
        for byte in bytes[position..<(position + width)] { value = value << 8 | UInt64(byte) }
        position += width
        return value
    }
}
