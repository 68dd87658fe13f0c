import LogCore

/// Runs the full integrity check of a directory on its own thread (and its own ``LogDirectory``), so
/// the first screen does not wait for it; the event loop polls for the result.
final class BackgroundCheck: Sendable {
    private let result = Locked<Result<IntegrityChecker.Report, LogError>?>(nil)
    private let thread = Locked<WorkerThread?>(nil)

    init(path: String) {
        do {
            let worker = try WorkerThread(name: path) { [self] in
                finish(Result { () throws(LogError) in
                    try IntegrityChecker(directory: try LogDirectory(path: path), threads: 1).run()
                })
            }
            thread.withLock { $0 = worker }
        } catch {
            finish(.failure(error))
        }
    }

    /// The report once the check finished (returned once).
    func take() -> Result<IntegrityChecker.Report, LogError>? {
        result.withLock { value in
            defer { value = nil }
            return value
        }
    }

    private func finish(_ outcome: Result<IntegrityChecker.Report, LogError>) {
        result.withLock { $0 = outcome }
    }

    /// Waits for the thread (used on exit so no thread outlives the run).
    func join() {
        thread.withLock { $0 }?.join()
    }
}
