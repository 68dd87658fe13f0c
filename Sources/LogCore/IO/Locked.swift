#if canImport(Glibc)
import Glibc
#endif

/// A value that threads share behind a POSIX mutex (`pthread_mutex_lock`).
///
/// The standard library's `Mutex` is a futex that ThreadSanitizer cannot see on Linux: every access
/// it protects is reported as a race. `pthread_mutex_lock` is one the sanitizer intercepts, so
/// `swift test --sanitize=thread` checks what a `Locked` value protects instead of drowning it in
/// false reports.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
