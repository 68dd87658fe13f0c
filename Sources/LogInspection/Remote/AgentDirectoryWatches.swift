import LogAgent

/// The agent's inotify: a ``DirectoryWaiter`` for each directory a client asks about (at most
/// ``limit``; past it the oldest is dropped and asks for a listing again when asked about).
package final class AgentDirectoryWatches: DirectoryChangeSource {
    private var waiters: [String: DirectoryWaiter] = [:]
    private var order: [String] = []
    static let limit = 64

    package init() {}

    package func changes(of directory: String, waitingUpTo milliseconds: Int) -> (names: [String], written: [String], needsListing: Bool) {
        let waiter: DirectoryWaiter
        if let known = waiters[directory] {
            waiter = known
        } else {
            if order.count >= Self.limit { waiters[order.removeFirst()] = nil }
            waiter = DirectoryWaiter(path: directory)
            waiters[directory] = waiter
            order.append(directory)
        }
        var changes = waiter.takeChanges()
        if changes.isEmpty && milliseconds > 0 {
            waiter.wait(milliseconds: milliseconds)
            changes = waiter.takeChanges()
        }
        return (changes.names.sorted(), changes.written.sorted(), changes.needsListing)
    }
}
