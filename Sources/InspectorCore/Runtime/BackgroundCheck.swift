import LogCore
import Synchronization

/// Runs the full integrity check of a directory on its own thread (and its own ``LogDirectory``), so
/// the first screen does not wait for it; the event loop polls for the result.
final class BackgroundCheck: Sendable {
    private let result = Mutex<Result<IntegrityChecker.Report, LogError>?>(nil)
    private let thread = Mutex<pthread_t?>(nil)

    init(path: String) {
        let box = Unmanaged.passRetained(Job(path: path, owner: self))
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.run()
            return nil
        }, box.toOpaque())
        if rc == 0 {
            thread.withLock { $0 = handle }
        } else {
            box.release()
            finish(.failure(.io(operation: "pthread_create", path: path, errno: rc)))
        }
    }

    /// The report once the check finished (returned once).
    func take() -> Result<IntegrityChecker.Report, LogError>? {
        result.withLock { value in
            defer { value = nil }
            return value
        }
    }

    fileprivate func finish(_ outcome: Result<IntegrityChecker.Report, LogError>) {
        result.withLock { $0 = outcome }
    }

    /// Waits for the thread (used on exit so no thread outlives the run).
    func join() {
        if let handle = thread.withLock({ value -> pthread_t? in defer { value = nil }; return value }) {
            pthread_join(handle, nil)
        }
    }

    private final class Job: Sendable {
        let path: String
        let owner: BackgroundCheck

        init(path: String, owner: BackgroundCheck) {
            self.path = path
            self.owner = owner
        }

        func run() {
            owner.finish(Result { () throws(LogError) in
                try IntegrityChecker(directory: try LogDirectory(path: path), threads: 1).run()
            })
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
