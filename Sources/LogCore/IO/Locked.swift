import Glibc
import Synchronization

/// A value that threads share behind the standard library's `Mutex`, which ThreadSanitizer can see.
///
/// On Linux `Mutex` is a futex inside the standard library, which is not instrumented: under
/// `swift test --sanitize=thread` every access it protects would be reported as a race. When the
/// process runs under ThreadSanitizer, `Locked` tells it about each lock and unlock
/// (`__tsan_acquire`, `__tsan_release`); otherwise that costs one branch. A `pthread_mutex`, which
/// the sanitizer intercepts, would cost about 35 ns more per append.
package final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>
    /// Looked up once: a `static let` costs a `swift_once` check on every lock.
    private let annotations = ThreadSanitizerAnnotations.shared

    package init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with the value while holding the lock.
    package func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        guard let annotations else { return try mutex.withLock(body) }
        let address = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        return try mutex.withLock { (value) throws(Failure) -> sending Result in
            annotations.acquire(address)
            defer { annotations.release(address) }
            return try body(&value)
        }
    }
}

/// ThreadSanitizer's happens-before annotations, found at run time: present only in a process built
/// with `-sanitize=thread`.
struct ThreadSanitizerAnnotations: Sendable {
    typealias Annotation = @convention(c) (UnsafeRawPointer?) -> Void

    let acquire: Annotation
    let release: Annotation

    static let shared: ThreadSanitizerAnnotations? = {
        let process = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
        guard let acquire = dlsym(process, "__tsan_acquire"), let release = dlsym(process, "__tsan_release") else { return nil }
        return ThreadSanitizerAnnotations(
            acquire: unsafeBitCast(acquire, to: Annotation.self), release: unsafeBitCast(release, to: Annotation.self))
    }()
}
