import Glibc

/// At most ``limit`` holders of open files (segments) at once: the least recently used holder is
/// closed when another one opens, unless it is pinned. Thread-safe.
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

    private struct Table {
        var entries: [ObjectIdentifier: Entry] = [:]
        var clock: UInt64 = 0
        var latest: ObjectIdentifier?
    }

    /// How many holders may have open files at once (pinned ones may exceed it).
    package let limit: Int
    private let close: (Holder) -> Void
    /// The table, only touched under `mutex` (a `pthread_mutex`, which ThreadSanitizer sees; the
    /// table holds non-`Sendable` holders, which `Locked` cannot take).
    private var table = Table()
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// A budget of `limit` holders (at least 1); `close` closes a holder's files when it is pushed
    /// out (it runs under the budget's lock and must not call back into the budget).
    package init(limit: Int, close: @escaping (Holder) -> Void) {
        self.limit = max(1, limit)
        self.close = close
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the table under the lock.
    @inline(__always)
    private func withTable<T>(_ body: (inout Table) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&table)
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
            if table.latest != id { admit(id, holder, pinning: 0, in: &table) }
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

    /// Marks `id` used now (adding `pins`), then closes the least recently used unpinned holders
    /// while more than ``limit`` are registered. The closing happens here, under the lock, so no
    /// thread can pin a holder while it is being closed.
    private func admit(_ id: ObjectIdentifier, _ holder: Holder, pinning pins: Int, in table: inout Table) {
        table.clock &+= 1
        table.latest = id
        if table.entries[id] != nil {
            table.entries[id]!.lastUse = table.clock
            table.entries[id]!.pins += pins
            return
        }
        table.entries[id] = Entry(holder: holder, lastUse: table.clock, pins: pins)
        while table.entries.count > limit {
            var oldest: (id: ObjectIdentifier, lastUse: UInt64)?
            for (key, entry) in table.entries where key != id && entry.pins == 0 {
                if entry.holder == nil {
                    oldest = (key, 0)
                    break
                }
                if oldest.map({ entry.lastUse < $0.lastUse }) ?? true { oldest = (key, entry.lastUse) }
            }
            guard let oldest else { break }  // every other holder is pinned: go over the limit
            if let victim = table.entries.removeValue(forKey: oldest.id)?.holder { close(victim) }
        }
    }
}
