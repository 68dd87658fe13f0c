import Glibc
import LogCore
import LogInspection

/// What `/`, `n`, `N` and `&` look for: text, bytes written `x:0a 0b`, or in a Raft log a term
/// (`term:4`) or a type (`type:config`).
///
/// Text matches smart-case, as `less -i` and vim's `smartcase` do: a pattern without a capital letter
/// ignores the case of ASCII letters, one with a capital matches exactly. Hex bytes always match
/// exactly.
public struct SearchPattern: Sendable, Equatable {
    /// A Raft field a record must have, matched instead of value bytes.
    public enum RaftField: Sendable, Equatable {
        case term(UInt64)
        case type(RaftLogType)
    }

    /// The bytes to find (the text's UTF-8, or the hex bytes; lower-cased when ``ignoresCase``; empty
    /// for a Raft field).
    public var bytes: [UInt8]
    /// The pattern as typed.
    public var text: String
    /// Whether ASCII letters match either case.
    public var ignoresCase: Bool
    /// The Raft field to match, for `term:N` and `type:NAME`.
    public var raftField: RaftField?

    /// Parses `term:N`, `type:NAME` (a number, or a name such as `command`, `noop`, `config`), `x:`
    /// hex or plain text; `nil` for empty text, malformed hex, or a term or type that is none.
    public init?(_ text: String) {
        self.text = text
        ignoresCase = false
        if text.hasPrefix("term:") || text.hasPrefix("type:") {
            let argument = String(text.dropFirst(5)).trimmingSpaces()
            if text.hasPrefix("term:") {
                guard let term = UInt64(argument) else { return nil }
                raftField = .term(term)
            } else {
                guard let type = RaftLogType(parsing: argument) else { return nil }
                raftField = .type(type)
            }
            bytes = []
        } else if text.hasPrefix("x:") {
            guard let bytes = HexString.decode(text.dropFirst(2)), !bytes.isEmpty else { return nil }
            self.bytes = bytes
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
