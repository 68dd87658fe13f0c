/// What a directory's index files prove about the `MaxIndexBytes` of the writer that made them.
///
/// The reference grows every index to `MaxIndexBytes` while it is open and cuts it back to 12 bytes per
/// entry on a clean close, so an index file of `s` bytes shows that `MaxIndexBytes` was at least `s`.
/// An index that stopped at `n` entries with orphan frames after it (bug K3: the segment was not sealed,
/// so `12·n < MaxIndexBytes`, and entry `n + 1` did not fit, so `MaxIndexBytes < 12·(n + 1)`) pins the
/// value to the eleven bytes between. Recovery (never grow an index past what a stuck index proves),
/// repair (never write a bigger index than the writer could open) and the reopen prediction (which
/// value to replay with) all ask this one type.
package struct MaxIndexBytesInference: Sendable, Equatable {
    /// An index file and the bound it shows.
    package struct Evidence: Sendable, Equatable {
        /// The index file's name, e.g. `0.index`.
        package var file: String
        /// For ``MaxIndexBytesInference/largest``: the least `MaxIndexBytes` the file allows. For
        /// ``MaxIndexBytesInference/stuck``: how many entries it held when the next one did not fit.
        package var value: UInt64
        /// The file's size.
        package var size: UInt64
    }

    /// The index that needs the largest `MaxIndexBytes`.
    package private(set) var largest: Evidence?
    /// The stuck index holding the fewest entries: `MaxIndexBytes` lies in ``stuckRange``.
    package private(set) var stuck: Evidence?

    /// An inference with no evidence yet.
    package init() {}

    /// Notes an index file of `size` bytes. `hasRoom`: the newest segment's cleanly closed index,
    /// which was not sealed; unless it is stuck, it is taken to have had room for one more entry.
    package mutating func noteIndex(file: String, size: UInt64, hasRoom: Bool = false) {
        let bound = hasRoom ? size.saturatingAdd(12) : size
        if bound > (largest?.value ?? 0) { largest = Evidence(file: file, value: bound, size: size) }
    }

    /// Notes an index that held `entries` entries when an append wrote its frame and then found no room
    /// for the entry (orphan frames follow the last entry, all naming the next offset: bug K3).
    package mutating func noteStuckIndex(file: String, entries: Int) {
        let entries = min(UInt64(max(0, entries)), UInt64.max / 12 - 1)  // keeps 12·(n + 1) within UInt64
        if stuck.map({ entries < $0.value }) ?? true { stuck = Evidence(file: file, value: entries, size: 12 * entries) }
    }

    /// The values a stuck index allows: above `12·n` (the segment was not sealed) and below `12·(n + 1)`.
    package var stuckRange: ClosedRange<UInt64>? {
        stuck.map { (12 * $0.value + 1)...(12 * $0.value + 11) }
    }

    /// The most bytes an index may grow to without passing what a stuck index proves; `nil` when no
    /// index is stuck.
    package var provenLimit: UInt64? { stuckRange?.upperBound }

    /// Whether the files prove the writer's value smaller than an index file: a stuck index allows less
    /// than the largest index holds (that index was written with a larger `MaxIndexBytes`).
    package var provesAnIndexTooLarge: Bool {
        guard let range = stuckRange, let largest else { return false }
        return largest.size > range.upperBound
    }

    /// The `MaxIndexBytes` to assume: the reference's default (1024) when the files allow it, else the
    /// smallest value they allow (a power of two when a stuck index's range holds one); when the files
    /// contradict each other, the stuck index decides (it shows the value of the writer that got stuck).
    package var assumed: UInt64 {
        let defaultBytes = Config.referenceDefaultBytes
        guard let range = stuckRange else { return max(defaultBytes, largest?.value ?? 0) }
        let allowed = provesAnIndexTooLarge ? range : max(range.lowerBound, min(largest?.value ?? 0, range.upperBound))...range.upperBound
        if allowed.contains(defaultBytes) { return defaultBytes }
        return allowed.first { $0 & ($0 - 1) == 0 } ?? allowed.lowerBound
    }

    /// Why ``assumed`` was chosen, to follow "assuming MaxIndexBytes N, …" in a sentence.
    package var reason: String {
        guard let range = stuckRange, let stuck else {
            if let largest, largest.value > Config.referenceDefaultBytes {
                return "inferred from \(largest.file): \(largest.size) bytes, "
                    + (largest.value > largest.size ? "and the newest segment was not sealed, so it had room for another entry" : "the largest index")
            }
            return "the reference's default; no index file is larger"
        }
        var text =
            "inferred from \(stuck.file): it stopped at \(Plural.count(stuck.value, "entry", "entries")) with orphan frames after it (bug K3), "
            + "so MaxIndexBytes is \(range.rangeText)"
        if provesAnIndexTooLarge, let largest {
            text += ", less than \(largest.file) holds (\(largest.size) bytes)"
        }
        return text
    }
}
