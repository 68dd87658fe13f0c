import Glibc
import Testing

@testable import LogCore

/// The budget of open segments on its own: which holder it closes, and what it costs to find it.
@Suite struct OpenFileBudgetTests {
    final class Holder {
        let name: String
        init(_ name: String) { self.name = name }
    }

    /// A budget that records the names of the holders it closed.
    final class Closed {
        var names: [String] = []
    }

    func budget(limit: Int, closed: Closed) -> OpenFileBudget<Holder> {
        OpenFileBudget(limit: limit) { closed.names.append($0.name) }
    }

    @Test func theLeastRecentlyUsedHolderIsClosedFirst() {
        let closed = Closed()
        let budget = budget(limit: 3, closed: closed)
        let (a, b, c, d, e) = (Holder("a"), Holder("b"), Holder("c"), Holder("d"), Holder("e"))
        for holder in [a, b, c, a] { budget.use(holder) }
        budget.use(d)
        #expect(closed.names == ["b"])
        budget.use(c)
        budget.use(e)
        #expect(closed.names == ["b", "a"])
        #expect(budget.openCount == 3)
    }

    /// A holder that went away leaves its entry behind; a new holder the allocator puts at the same
    /// address has the same id, and is registered as itself (and closed in its turn), not taken for
    /// the one that went away.
    @Test func aNewHolderAtAGoneHoldersAddressIsRegisteredAsItself() {
        let closed = Closed()
        let budget = budget(limit: 1, closed: closed)
        var reused = 0
        for round in 0..<20 {
            var gone: Holder? = Holder("gone \(round)")
            let goneID = ObjectIdentifier(gone!)
            budget.use(gone!)
            gone = nil
            let fresh = Holder("fresh \(round)")
            if ObjectIdentifier(fresh) == goneID { reused += 1 }
            budget.use(fresh)
            budget.use(Holder("next \(round)"))
            #expect(closed.names.last == "fresh \(round)", "the fresh holder is closed when the next one opens")
        }
        // AddressSanitizer's allocator never hands a freed address out again soon: there the case
        // cannot arise; everywhere else it must have, or this test proved nothing.
        let sanitized = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
        #expect(sanitized || reused > 0, "the allocator reused an address at least once (else this test proves nothing)")
    }

    @Test func aPinnedHolderIsPassedOverAndClosedOnceUnpinnedAndOldest() {
        let closed = Closed()
        let budget = budget(limit: 2, closed: closed)
        let (a, b, c, d, e) = (Holder("a"), Holder("b"), Holder("c"), Holder("d"), Holder("e"))
        budget.pin(a)
        budget.use(b)
        budget.use(c)
        #expect(closed.names == ["b"])
        budget.use(d)
        #expect(closed.names == ["b", "c"], "a is pinned: c goes instead")
        budget.unpin(a)
        budget.use(e)
        budget.use(d)
        budget.use(Holder("f"))
        #expect(closed.names.suffix(2) == ["a", "e"])
    }

    @Test func everyOtherHolderPinnedGoesOverTheLimit() {
        let closed = Closed()
        let budget = budget(limit: 1, closed: closed)
        let (a, b) = (Holder("a"), Holder("b"))
        budget.pin(a)
        budget.use(b)
        #expect(closed.names.isEmpty)
        #expect(budget.openCount == 2)
        // The holder that went over the limit is still in the order: the next one pushes it out.
        budget.use(Holder("c"))
        #expect(closed.names == ["b"])
    }

    @Test func aHolderThatWentAwayLeavesWithoutBeingClosed() {
        let closed = Closed()
        let budget = budget(limit: 1, closed: closed)
        do {
            let gone = Holder("gone")
            budget.use(gone)
        }
        let kept = Holder("kept")
        budget.use(kept)
        #expect(closed.names.isEmpty)
        #expect(budget.openCount == 1)
    }

    /// Two holders read in turn for ever (a walk over two segments, an inspector following a log)
    /// push nothing out; the uses the budget remembers must not pile up meanwhile.
    @Test func alternatingUsesKeepTheRememberedUsesBounded() {
        let closed = Closed()
        let budget = budget(limit: 4, closed: closed)
        let (a, b) = (Holder("a"), Holder("b"))
        for _ in 0..<100_000 {
            budget.use(a)
            budget.use(b)
        }
        #expect(closed.names.isEmpty)
        #expect(budget.rememberedUseCount <= 2 * 2 + 64 + 1)
    }

    /// Thousands of holders through a budget of hundreds: each new one finds the least recently used
    /// from the front of the uses, so the order stays exact.
    @Test func thousandsOfHoldersAreClosedInTheOrderTheyWereUsed() {
        let closed = Closed()
        let budget = budget(limit: 256, closed: closed)
        let holders = (0..<5_000).map { Holder("\($0)") }
        for holder in holders { budget.use(holder) }
        #expect(closed.names == holders.prefix(5_000 - 256).map(\.name))
        #expect(budget.openCount == 256)
        #expect(budget.rememberedUseCount <= 2 * 256 + 64 + 1)
    }
}
