/// One anomaly found by ``IntegrityChecker``: what, where (file, bytes, offsets), expected vs actual,
/// and what it likely means.
import LogCore

public struct Finding: Sendable, Equatable {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Equatable, Comparable, CaseIterable {
        /// Worth knowing; nothing is lost or wrong (for example a live writer's pending entry).
        case info
        /// Unusual, and the reference or a reader may stumble on it, but no record is damaged.
        case warning
        /// Records are damaged, lost or unreadable.
        case error

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The stable identifier of the finding's class (see ``FindingID``).
    public var id: FindingID
    /// How bad it is.
    public var severity: Severity
    /// The file it is about (a name inside the directory), or `nil` for the directory itself.
    public var file: String?
    /// The bytes of `file` involved.
    public var bytes: Range<UInt64>?
    /// The log offsets involved.
    public var offsets: ClosedRange<UInt64>?
    /// What a healthy log would have.
    public var expected: String?
    /// What is on disk.
    public var actual: String?
    /// The finding in one line.
    public var summary: String
    /// The other files the same finding holds for, in offset order: a finding repeated with the same
    /// words across a log's segments (a zero tail in every index of a Raft log) is shown once with its
    /// places (``IntegrityChecker/Report/foldedFindings``). Empty for most.
    public var repeats: [Place] = []

    /// A file a finding is about, and its bytes.
    public struct Place: Sendable, Equatable {
        public var file: String
        public var bytes: Range<UInt64>?

        public init(file: String, bytes: Range<UInt64>?) {
            self.file = file
            self.bytes = bytes
        }
    }

    /// Where the finding holds: its own file and bytes, then its ``repeats``.
    public var places: [Place] {
        guard let file else { return [] }
        return [Place(file: file, bytes: bytes)] + repeats
    }

    /// Creates a finding; the severity defaults to the class's.
    public init(
        _ id: FindingID, severity: Severity? = nil, file: String? = nil, bytes: Range<UInt64>? = nil,
        offsets: ClosedRange<UInt64>? = nil, expected: String? = nil, actual: String? = nil, summary: String
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.file = file
        self.bytes = bytes
        self.offsets = offsets
        self.expected = expected
        self.actual = actual
        self.summary = summary
    }

    /// Likely cause, impact and fix, from the finding's class.
    public var explanation: String { id.explanation }

    /// `ID severity file[bytes] offsets: summary (expected …, found …)`, the line `check` prints.
    public var line: String {
        let head = [id.rawValue, severity.rawValue] + [location, offsets?.offsetText()].compactMap { $0 }
        return head.joined(separator: " ") + ": " + detail
    }

    /// The file and its bytes, `11.index[36..<276]`, or `nil` for a finding about the directory; a
    /// finding with repeats names the others after it: `1.index[648..<1200] and 9 more (55.index … 475.index)`.
    public var location: String? {
        guard let file else { return nil }
        let own = RangeNotation.location(file: file, bytes: bytes)
        guard let last = repeats.last else { return own }
        let others = repeats.count == 1 ? last.file : repeats.count == 2 ? "\(repeats[0].file), \(last.file)" : "\(repeats[0].file) … \(last.file)"
        return own + " and \(repeats.count) more (\(others))"
    }

    /// ``location`` for a column: the other places counted, not named (`1.index[648..<1200] +9`).
    public var shortLocation: String? {
        file.map { RangeNotation.location(file: $0, bytes: bytes) + (repeats.isEmpty ? "" : " +\(repeats.count)") }
    }

    /// The summary, then expected vs found when both are known: the part of ``line`` after the colon.
    public var detail: String {
        guard let expected, let actual else { return summary }
        return summary + " (expected \(expected), found \(actual))"
    }
}
