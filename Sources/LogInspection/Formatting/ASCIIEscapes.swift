/// Replacements for some ASCII characters of a string, applied by runs: the bytes between two
/// replaced characters are copied as one slice, so text with nothing to escape costs one scan and
/// one copy instead of a `String` append per character.
///
/// Only ASCII bytes are looked at: a byte below 0x80 is never part of a multi-byte UTF-8 sequence, so
/// every run copied is valid UTF-8 on its own.
package struct ASCIIEscapes: Sendable {
    /// The replacement of each ASCII byte, `nil` for one kept as it is.
    private let replacements: [String?]

    /// Escapes the ASCII bytes for which `replacement` returns a string.
    package init(_ replacement: (UInt8) -> String?) {
        replacements = (0..<128).map { replacement(UInt8($0)) }
    }

    /// `text` with the escapes applied.
    package func applied(to text: String) -> String {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            var out: String?
            var run = 0
            for i in bytes.indices where bytes[i] < 0x80 {
                guard let replacement = replacements[Int(bytes[i])] else { continue }
                if out == nil {
                    out = String()
                    out!.reserveCapacity(bytes.count + 16)
                }
                if run < i { out! += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<i]), as: UTF8.self) }
                out! += replacement
                run = i + 1
            }
            if out != nil, run < bytes.count { out! += String(decoding: UnsafeBufferPointer(rebasing: bytes[run...]), as: UTF8.self) }
            return out
        }
        return escaped ?? text
    }
}
