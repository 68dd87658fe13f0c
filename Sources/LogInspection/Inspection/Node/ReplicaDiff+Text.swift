extension ReplicaDiff.Row {
    /// The row as `diff` prints it and the inspector's compare view says it, after the log's name:
    /// `206...505 absent (300): term 2 LogCommand in 0, 1; nothing in 2`.
    ///
    /// - Parameter raft: whether the row is of a Raft log (groups are then named by term and type).
    public func text(raft: Bool) -> String {
        heading + ": " + holders(raft: raft)
    }

    /// The offsets, the verdict and how many offsets: `206...505 absent (300)`.
    public var heading: String { ReplicaDiff.heading(offsets, verdict) }

    /// Who holds what: the groups, the unreadable and the pending entries, the directories holding
    /// nothing, and a Log Matching violation.
    public func holders(raft: Bool) -> String {
        var parts: [String] = []
        for (n, group) in groups.enumerated() {
            let holders = "in " + Self.list(group.directories)
            if raft {
                parts.append("term \(group.term ?? 0) \(RaftLogType(rawValue: group.type ?? 0).name) " + holders)
            } else if groups.count == 1 {
                parts.append("the same records " + holders)
            } else {
                parts.append("version \(Self.version(n)) " + holders)
            }
        }
        if let reason = unreadableReason {
            parts.append("no readable frame in \(Self.list(unreadable)) (\(unreadable.count > 1 ? "\(reason.directory): " : "")\(reason.reason))")
        }
        if !pending.isEmpty { parts.append("not flushed yet in \(Self.list(pending)) (its writer holds the frame in its buffer)") }
        if !absent.isEmpty { parts.append("nothing in " + Self.list(absent)) }
        var line = parts.joined(separator: "; ")
        if logMatchingViolation { line += "; LOG MATCHING VIOLATION: the same index and term hold different entries" }
        return line
    }

    /// The letter naming group `n` of a row whose directories hold different records: A, B, …
    public static func version(_ n: Int) -> Character {
        Character(Unicode.Scalar(UInt8(65 + n % 26)))
    }

    private static func list(_ directories: [Int]) -> String {
        directories.map(String.init).joined(separator: ", ")
    }
}

extension ReplicaDiff {
    /// A run's offsets, verdict and size as `diff` prints them: `206...505 absent (300)`.
    public static func heading(_ offsets: ClosedRange<UInt64>, _ verdict: Verdict) -> String {
        let count = offsets.offsetCount
        return offsets.rangeText + " " + verdict.rawValue + (count > 1 ? " (\(count))" : "")
    }
}
