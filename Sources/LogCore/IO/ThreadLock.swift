import Glibc

/// A `pthread_mutex` for state that is not `Sendable` and stays in its owner (which ``Locked``, whose
/// body hands values across with `sending`, cannot hold): a table of open segments, the segment
/// objects a directory made. ThreadSanitizer intercepts it.
package final class ThreadLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` while holding the lock; what it throws is thrown after the lock is released.
    @inline(__always)
    package func withLock<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
