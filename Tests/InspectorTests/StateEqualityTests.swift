import LogCore
import Testing

@testable import InspectorCore

/// The inspector's state compares by every field (the `==` are generated; hand-written ones used to
/// skip a detail's frame start, neighbour entries and entry bytes, and when a message was shown).
@Suite struct StateEqualityTests {
    func detail(neighbour: IndexEntry, frameStart: UInt64 = 12, entryBytes: [UInt8] = [0, 0, 0, 1]) -> DetailData {
        DetailData(
            segment: 0, row: 1, record: nil, frameBytes: [1, 2], frameByteCount: 2, frameStart: frameStart,
            neighbours: [DetailData.IndexNeighbour(slot: 0, entry: neighbour)], entryBytes: entryBytes, anomaly: nil, findingIndexes: [])
    }

    @Test func detailsOfDifferentEntriesOrFramesDiffer() {
        let entry = IndexEntry(relativeOffset: 0, position: 0)
        #expect(detail(neighbour: entry) == detail(neighbour: entry))
        #expect(detail(neighbour: entry) != detail(neighbour: IndexEntry(relativeOffset: 0, position: 8)))
        #expect(detail(neighbour: entry) != detail(neighbour: entry, frameStart: 20))
        #expect(detail(neighbour: entry) != detail(neighbour: entry, entryBytes: [0, 0, 0, 2]))
    }

    @Test func aMessageShownLaterIsAnotherMessage() {
        var first = InspectorState(size: Size(width: 80, height: 24), snapshot: syntheticSnapshot())
        first.say("no match", error: true)
        var later = first
        later.now = 3
        later.say("no match", error: true)
        #expect(later.message?.shownAt == 3)
        #expect(later.message != first.message, "it expires three seconds later")
        #expect(later.message?.unstamped == first.message?.unstamped)
    }
}
