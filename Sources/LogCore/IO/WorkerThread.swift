import Glibc

/// A POSIX thread running one closure, for work that must not block the caller's thread or Swift's
/// cooperative pool (a blocking inotify wait, a background check, a demo writer). The corresponding C
/// functions are `pthread_create`, `pthread_join` and `pthread_detach`.
package final class WorkerThread: Sendable {
    private let handle: Locked<pthread_t?>

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread.
    ///
    /// - Parameter detached: nobody will ``join()`` it; its resources go when `body` returns.
    /// - Throws: ``LogError/io(operation:path:errno:)`` when the thread cannot be created.
    package init(name: String, detached: Bool = false, _ body: @escaping @Sendable () -> Void) throws(LogError) {
        let box = Unmanaged.passRetained(Body(body))
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            throw LogError.io(operation: "pthread_create", path: name, errno: rc)
        }
        if detached { pthread_detach(thread) }
        handle = Locked(detached ? nil : thread)
    }

    /// A thread nobody joined is detached, so that its resources go when it finishes.
    deinit {
        if let thread = handle.withLock({ $0 }) { pthread_detach(thread) }
    }

    /// Waits for the thread to finish (once; later calls return at once).
    package func join() {
        if let thread = handle.withLock({ value -> pthread_t? in
            defer { value = nil }
            return value
        }) {
            pthread_join(thread, nil)
        }
    }
}
