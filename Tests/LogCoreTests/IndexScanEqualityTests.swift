import Testing

@testable import LogCore

/// An index scan compares by everything it found (its `==` is generated; a hand-written one used to
/// skip the first invalid slot's entry and reason, and the last position).
@Suite struct IndexScanEqualityTests {
    func scan(entry: IndexEntry, reason: String, lastPosition: UInt64? = 24) -> IndexValidator.Scan {
        IndexValidator.Scan(
            validCount: 2, slotsInFile: 4, fileSize: 48, tailIsZero: false,
            firstInvalid: IndexValidator.InvalidSlot(slot: 2, entry: entry, reason: reason), lastPosition: lastPosition)
    }

    @Test func scansThatFoundDifferentInvalidEntriesOrPositionsDiffer() {
        let entry = IndexEntry(relativeOffset: 7, position: 40)
        let reason = "relative offset 7 where 2 was expected"
        #expect(scan(entry: entry, reason: reason) == scan(entry: entry, reason: reason))
        #expect(scan(entry: entry, reason: reason) != scan(entry: IndexEntry(relativeOffset: 9, position: 40), reason: reason))
        #expect(scan(entry: entry, reason: reason) != scan(entry: entry, reason: "the first entry's position is 40, not 0"))
        #expect(scan(entry: entry, reason: reason) != scan(entry: entry, reason: reason, lastPosition: nil))
    }
}
