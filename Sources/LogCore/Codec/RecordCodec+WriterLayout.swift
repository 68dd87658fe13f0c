extension RecordCodec {
    /// Whether `payload` is exactly what ``encode(value:offset:into:)`` writes for a non-empty value at
    /// `offset` (not 0): `0x0a`, the value's length, the value, `0x10` and `offset`, each varint in its
    /// shortest form. When it is, ``fields(of:)`` decodes it to `offset` with no term; when it is not,
    /// nothing is known and ``fields(of:)`` says what the payload holds. A walk that knows which
    /// offset comes next checks a frame with this in a few comparisons, inlined.
    @inlinable
    public static func isWriterLayout(_ payload: UnsafeRawBufferPointer, offset: UInt64) -> Bool {
        guard offset != 0, payload.count >= 4, payload[0] == 0x0a else { return false }
        var i = 1
        guard let length = Varint.read(payload, at: &i), length > 0, Varint.encodedSize(length) == i - 1 else { return false }
        let tail = Varint.encodedSize(offset)
        guard length < UInt64(payload.count), i + Int(length) + 1 + tail == payload.count else { return false }
        var at = i + Int(length)
        guard payload[at] == 0x10 else { return false }
        var rest = offset
        while rest >= 0x80 {
            at += 1
            guard payload[at] == UInt8(truncatingIfNeeded: rest) | 0x80 else { return false }
            rest >>= 7
        }
        return payload[at + 1] == UInt8(rest)
    }
}
