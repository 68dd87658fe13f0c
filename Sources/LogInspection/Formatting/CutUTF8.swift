/// Text of bytes that may have been cut at a preview's limit, inside a multi-byte character.

public enum CutUTF8 {
    /// `bytes` as UTF-8; when `cut`, up to three trailing bytes of a character the cut split are
    /// dropped first. `nil` when the bytes are not UTF-8.
    public static func decode(_ bytes: ArraySlice<UInt8>, cut: Bool) -> String? {
        var kept = bytes
        var decoded = String(validating: kept, as: UTF8.self)
        while decoded == nil, cut, bytes.count - kept.count < 3, !kept.isEmpty {
            kept = kept.dropLast()
            decoded = String(validating: kept, as: UTF8.self)
        }
        return decoded
    }
}
