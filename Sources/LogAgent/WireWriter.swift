/// Builds the bytes of one message (``AgentProtocol`` says the layout).
package struct WireWriter {
    /// The message so far, the 4-byte length in front still to be filled in by ``framed()``.
    private var bytes: [UInt8] = [0, 0, 0, 0]

    package init() {}

    package mutating func u8(_ value: UInt8) { bytes.append(value) }

    package mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }

    /// A byte string: its length, then its bytes.
    package mutating func bytes(_ value: some Collection<UInt8>) {
        u32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A string as its UTF-8 bytes (file names are bytes; Swift's strings keep them as they came).
    package mutating func string(_ value: String) { bytes(value.utf8) }

    /// The message with its length in front, ready to write.
    package func framed() -> [UInt8] {
        var framed = bytes
        let length = UInt32(framed.count - 4).bigEndian
        withUnsafeBytes(of: length) { framed.replaceSubrange(0..<4, with: $0) }
        return framed
    }
}
