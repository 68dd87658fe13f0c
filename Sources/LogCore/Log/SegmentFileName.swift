/// The name of a segment file: `<base>.store` or `<base>.index`, the base in decimal with no padding.
public struct SegmentFileName: Sendable, Equatable, Hashable {
    /// Which of a segment's two files.
    public enum Kind: String, Sendable, Equatable, Hashable {
        case store
        case index
    }

    /// The segment's base offset.
    public var baseOffset: UInt64
    /// Which file.
    public var kind: Kind

    /// Creates a name.
    public init(baseOffset: UInt64, kind: Kind) {
        self.baseOffset = baseOffset
        self.kind = kind
    }

    /// Parses `name`; `nil` for anything that is not exactly `<u64>.store` or `<u64>.index` as the
    /// reference would write it (no sign, no leading zeros, no overflow).
    public init?(parsing name: String) {
        let kind: Kind
        let digits: Substring
        if name.hasSuffix(".store") {
            kind = .store
            digits = name.dropLast(6)
        } else if name.hasSuffix(".index") {
            kind = .index
            digits = name.dropLast(6)
        } else {
            return nil
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            digits == "0" || digits.first != "0",
            let base = UInt64(digits)
        else { return nil }
        self.init(baseOffset: base, kind: kind)
    }

    /// The file name.
    public var name: String { "\(baseOffset).\(kind.rawValue)" }
}

extension SegmentFileName {
    /// The most index entries a segment at `baseOffset` may count: one offset per entry, with the
    /// next offset (`base + count`) still at most 2^64−1. Entries beyond are never read as records, so
    /// that a name just below 2^64 cannot make an offset overflow.
    public static func maxEntries(baseOffset: UInt64) -> Int {
        Int(min(UInt64(Int.max), UInt64.max - baseOffset))
    }
}
