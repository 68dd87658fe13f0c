import LogCore

#if canImport(Glibc)
import Glibc
#endif

/// What `/`, `n`, `N` and `&` look for: text, or bytes written `x:0a 0b`.
///
/// Text matches smart-case, as `less -i` and vim's `smartcase` do: a pattern without a capital letter
/// ignores the case of ASCII letters, one with a capital matches exactly. Hex bytes always match
/// exactly.
public struct SearchPattern: Sendable, Equatable {
    /// The bytes to find (the text's UTF-8, or the hex bytes; lower-cased when ``ignoresCase``).
    public var bytes: [UInt8]
    /// The pattern as typed.
    public var text: String
    /// Whether ASCII letters match either case.
    public var ignoresCase: Bool

    /// Parses `x:` hex or plain text; `nil` for empty or malformed hex.
    public init?(_ text: String) {
        self.text = text
        if text.hasPrefix("x:") {
            let digits = text.dropFirst(2).filter { !$0.isWhitespace }
            guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var i = digits.startIndex
            while i < digits.endIndex {
                let j = digits.index(i, offsetBy: 2)
                guard let byte = UInt8(digits[i..<j], radix: 16) else { return nil }
                bytes.append(byte)
                i = j
            }
            self.bytes = bytes
            ignoresCase = false
        } else {
            guard !text.isEmpty else { return nil }
            ignoresCase = !text.contains { $0.isUppercase }
            bytes = ignoresCase ? text.utf8.map(Self.folded) : Array(text.utf8)
        }
    }

    /// Whether the pattern was written as hex bytes.
    public var isHex: Bool { text.hasPrefix("x:") }

    /// Whether `haystack` contains the pattern.
    public func matches(_ haystack: UnsafeRawBufferPointer) -> Bool {
        firstMatch(in: haystack, from: 0) != nil
    }

    /// Where the pattern occurs in `haystack`, left to right and without overlaps.
    public func occurrences(in haystack: [UInt8]) -> [Range<Int>] {
        haystack.withUnsafeBytes { raw in
            var found: [Range<Int>] = []
            var from = 0
            while let start = firstMatch(in: raw, from: from) {
                found.append(start..<(start + bytes.count))
                from = start + bytes.count
            }
            return found
        }
    }

    /// The first position at or after `from` where the pattern starts.
    private func firstMatch(in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let first = bytes.first, haystack.count >= bytes.count, let base = haystack.baseAddress else { return nil }
        let last = haystack.count - bytes.count
        var i = from
        while i <= last {
            if !ignoresCase {  // exact bytes: let memchr find the candidates
                guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
                i = base.distance(to: UnsafeRawPointer(hit))
            }
            if fold(haystack[i]) == first {
                var j = 1
                while j < bytes.count && fold(haystack[i + j]) == bytes[j] { j += 1 }
                if j == bytes.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func fold(_ byte: UInt8) -> UInt8 { ignoresCase ? Self.folded(byte) : byte }

    /// `byte` with an ASCII capital made small.
    static func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// For a hex pattern, the same bytes as text written in hex digits (what a hex preview shows).
    var asHexDigits: SearchPattern? {
        guard isHex else { return nil }
        return SearchPattern(HexString.encode(bytes))
    }
}
