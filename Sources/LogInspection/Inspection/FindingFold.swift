/// Folds a finding that repeats with the same words across a log's files into one finding with its
/// list of places (``Finding/repeats``): a Raft log closed by the replicated service keeps a zero tail
/// in every index, which is one fact about the log, not one warning a segment.
import LogCore

public enum FindingFold {
    /// The classes folded: findings about a whole file that the same cause leaves in many files.
    static let classes: Set<FindingID> = [.indexZeroTail]

    /// The groups of `findings` that fold into one: indexes of findings of one class of ``classes``,
    /// severity and summary, each about a file, in order; only groups of two or more, and only of
    /// findings above `severity` when it is given.
    public static func groups(_ findings: [Finding], above severity: Finding.Severity? = nil) -> [[Int]] {
        struct Key: Hashable {
            var id: FindingID
            var severity: Finding.Severity
            var summary: String
        }
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for (index, finding) in findings.enumerated()
        where classes.contains(finding.id) && finding.file != nil && severity.map({ finding.severity > $0 }) ?? true {
            let key = Key(id: finding.id, severity: finding.severity, summary: finding.summary)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        return order.compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
    }

    /// A fold of a list of findings: what stands for each group, and what it leaves out.
    public struct Folds: Sendable, Equatable {
        /// The first finding of each group, by its index, with the others as its ``Finding/repeats``.
        public var standing: [Int: Finding] = [:]
        /// The indexes of every member of a group but its first.
        public var foldedAway: Set<Int> = []

        /// No folds.
        public init() {}

        /// Finding `index` of `findings` as shown: folded when it stands for a group.
        public func shown(_ index: Int, of findings: [Finding]) -> Finding { standing[index] ?? findings[index] }
    }

    /// The folds of `findings` (of those above `severity`, when given): each group (``groups(_:above:)``)
    /// folded into its first finding.
    public static func folds(_ findings: [Finding], above severity: Finding.Severity? = nil) -> Folds {
        var folds = Folds()
        for members in groups(findings, above: severity) {
            var first = findings[members[0]]
            first.repeats = members.dropFirst().map { Finding.Place(file: findings[$0].file!, bytes: findings[$0].bytes) }
            describe(&first)
            folds.standing[members[0]] = first
            folds.foldedAway.formUnion(members.dropFirst())
        }
        return folds
    }

    /// `findings` with each group folded into its first finding, at its place in the order.
    static func fold(_ findings: [Finding]) -> [Finding] {
        let folds = folds(findings)
        guard !folds.standing.isEmpty else { return findings }
        return findings.indices.compactMap { folds.foldedAway.contains($0) ? nil : folds.shown($0, of: findings) }
    }

    /// What a folded finding expected and found, over all its places.
    private static func describe(_ finding: inout Finding) {
        switch finding.id {
        case .indexZeroTail:
            let slots = finding.places.reduce(0) { sum, place in
                sum + (place.bytes.map { Int($0.upperBound / UInt64(IndexEntry.size)) - Int($0.lowerBound / UInt64(IndexEntry.size)) } ?? 0)
            }
            finding.expected = "each index cut to its entries"
            finding.actual = "\(Plural.count(slots, "zero slot")) in \(finding.places.count) indexes"
        default:
            finding.expected = nil
            finding.actual = nil
        }
    }
}
