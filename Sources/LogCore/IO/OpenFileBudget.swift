import Glibc

/// At most ``limit`` holders of open files (segments) at once, and at most ``byteLimit`` bytes in
/// their read windows: the least recently used holder is closed when another one opens past either,
/// unless it is pinned. Thread-safe.
///
/// A holder calls ``use(_:)`` before each read (it registers the holder and makes it the most
/// recently used; a holder that was not registered may push another one out) and ``forget(_:)``
/// when it closes its files itself. A thread that reads holders while other threads read other
/// holders of the same budget pins each one (``pin(_:)``, ``unpin(_:)``) for as long as it reads:
/// a pinned holder is never closed by another thread. Unpinned holders are closed on the thread
/// that opens another, so they must be read by one thread at a time (the one that owns them).
///
/// The budget holds its holders weakly: a holder that goes away leaves it.
package final class OpenFileBudget<Holder: AnyObject>: @unchecked Sendable {
    private struct Entry {
        weak var holder: Holder?
        var lastUse: UInt64
        var pins: Int
    }

    /// One use of a holder, in the order of uses: stale once the holder was used again (its entry's
    /// `lastUse` is later) or left the budget.
    private struct Use {
        var id: ObjectIdentifier
        var at: UInt64
    }

    /// What making room took out of the table.
    private enum Removal {
        /// A holder whose files are to be closed.
        case closing(Holder)
        /// A holder that went away by itself (nothing to close).
        case gone
    }

    private struct Table {
        var entries: [ObjectIdentifier: Entry] = [:]
        var clock: UInt64 = 0
        var latest: ObjectIdentifier?
        /// Every use since the last compaction, oldest first from `head`: the least recently used
        /// holder is found from the front, skipping stale uses, instead of by a look at every entry
        /// (which, on thousands of segments, made each new segment cost as much as the limit).
        var uses: [Use] = []
        var head = 0

        /// Records a use of `id` now.
        mutating func touch(_ id: ObjectIdentifier) {
            clock &+= 1
            entries[id]?.lastUse = clock
            uses.append(Use(id: id, at: clock))
            // Stale uses pile up while nothing is pushed out: keep them within a multiple of the entries.
            if uses.count - head > 2 * entries.count + 64 { compact() }
        }

        /// Drops the stale uses: one use per entry remains, in order.
        mutating func compact() {
            uses = uses[head...].filter { entries[$0.id]?.lastUse == $0.at }
            head = 0
        }

        /// Takes the least recently used holder other than `kept` out of the table, skipping pinned
        /// ones (they count as used now): `.closing` it, or `.gone` when it went away by itself;
        /// `nil` when every other holder is pinned.
        mutating func removeLeastRecentlyUsed(keeping kept: ObjectIdentifier) -> Removal? {
            // Uses passed over stay in the budget's order: they are recorded again, as now.
            var passedOver: [ObjectIdentifier] = []
            defer { for id in passedOver { touch(id) } }
            while head < uses.count {
                let use = uses[head]
                head += 1
                guard let entry = entries[use.id], entry.lastUse == use.at else { continue }
                if use.id == kept || entry.pins > 0 {
                    passedOver.append(use.id)
                    continue
                }
                entries[use.id] = nil
                if latest == use.id { latest = nil }
                return entry.holder.map(Removal.closing) ?? .gone
            }
            return nil
        }
    }

    /// How many holders may have open files at once (pinned ones may exceed it).
    package let limit: Int
    /// How many bytes the holders' read windows may hold at once (``windowBytes``): past it, the
    /// least recently used unpinned holders are closed too, the one being admitted excepted.
    package let byteLimit: Int
    /// Where the holders' read windows count their bytes (`nil`: they are not weighed).
    package let windowBytes: WindowBytes?
    private let close: (Holder) -> Void
    /// The table, only touched under `lock` (it holds non-`Sendable` holders).
    private var table = Table()
    private let lock = ThreadLock()

    /// A budget of `limit` holders (at least 1) whose windows, counted in `windowBytes`, hold at most
    /// `byteLimit` bytes; `close` closes a holder's files (freeing its windows) when it is pushed out
    /// (it runs under the budget's lock and must not call back into the budget).
    package init(limit: Int, byteLimit: Int = .max, windowBytes: WindowBytes? = nil, close: @escaping (Holder) -> Void) {
        self.limit = max(1, limit)
        self.byteLimit = byteLimit
        self.windowBytes = windowBytes
        self.close = close
    }

    /// Runs `body` on the table under the lock.
    @inline(__always)
    private func withTable<T>(_ body: (inout Table) -> T) -> T {
        lock.withLock { body(&table) }
    }

    /// A limit that leaves room under the process's open-file limit (`RLIMIT_NOFILE`) for two files
    /// per open segment, several budgets (the inspector's background jobs each open the directory)
    /// and everything else the process holds: a sixteenth of the limit, between 4 and 256 segments.
    package static var defaultLimit: Int {
        let files = OpenFileLimit.current ?? 1024
        return Int(max(4, min(256, files / 16)))
    }

    /// Registers `holder` as the most recently used, closing the least recently used unpinned
    /// holders past the limit.
    @inline(__always)
    package func use(_ holder: Holder) {
        let id = ObjectIdentifier(holder)
        withTable { table in
            // A holder that went away may have left its address (and so its id) to a new one.
            if table.latest != id || table.entries[id]?.holder !== holder { admit(id, holder, pinning: 0, in: &table) }
        }
    }

    /// Keeps `holder` open until as many ``unpin(_:)`` calls (it counts), registering it.
    package func pin(_ holder: Holder) {
        let id = ObjectIdentifier(holder)
        withTable { table in admit(id, holder, pinning: 1, in: &table) }
    }

    /// Undoes one ``pin(_:)``.
    package func unpin(_ holder: Holder) {
        let id = ObjectIdentifier(holder)
        withTable { table in
            if let pins = table.entries[id]?.pins, pins > 0 { table.entries[id]!.pins = pins - 1 }
        }
    }

    /// Takes `holder` out of the budget (it closed its files itself). A pinned holder stays.
    package func forget(_ holder: Holder) {
        let id = ObjectIdentifier(holder)
        withTable { table in
            guard let entry = table.entries[id], entry.pins == 0 else { return }
            table.entries[id] = nil
            if table.latest == id { table.latest = nil }
        }
    }

    /// How many holders are registered (have, or are about to have, open files).
    package var openCount: Int {
        withTable { $0.entries.count }
    }

    /// How many uses the budget remembers to find the least recently used holder: bounded by a
    /// multiple of ``openCount``, however many uses there were.
    package var rememberedUseCount: Int {
        withTable { $0.uses.count - $0.head }
    }

    /// Marks `id` used now (adding `pins`), then closes the least recently used unpinned holders
    /// while more than ``limit`` are registered. The closing happens here, under the lock, so no
    /// thread can pin a holder while it is being closed.
    private func admit(_ id: ObjectIdentifier, _ holder: Holder, pinning pins: Int, in table: inout Table) {
        table.latest = id
        // An entry whose holder went away is a new holder's now: its address, and so its id, was
        // free to be reused (a directory makes and drops segment objects by the thousand).
        if let entry = table.entries[id], entry.holder === holder {
            table.entries[id]!.pins += pins
            table.touch(id)
            return
        }
        table.entries[id] = Entry(holder: holder, lastUse: 0, pins: pins)
        table.touch(id)
        while table.entries.count > limit || (windowBytes.map { $0.current > byteLimit } ?? false) {
            // Every other holder pinned: go over the limit.
            guard let removal = table.removeLeastRecentlyUsed(keeping: id) else { break }
            if case .closing(let victim) = removal { close(victim) }
        }
    }
}
