import LogCore

/// Runs the full integrity check of a directory on its own thread (and its own ``LogDirectory``), so
/// the first screen does not wait for it; the event loop polls for the result.
final class BackgroundCheck: Sendable {
    private let result = Locked<Result<IntegrityChecker.Report, LogError>?>(nil)
    private let thread = Locked<WorkerThread?>(nil)
    private let stopRequested = Locked(false)
    private let finished = Locked(false)

    init(path: String) {
        do {
            let worker = try WorkerThread(name: path) { [self] in
                defer { finished.withLock { $0 = true } }
                let outcome = Result { () throws(LogError) in
                    try IntegrityChecker(directory: try LogDirectory(path: path), threads: 1)
                        .run(stoppingWhen: { [stopRequested] in stopRequested.withLock { $0 } })
                }
                switch outcome {
                case .success(let report?): result.withLock { $0 = .success(report) }
                case .success(nil): break  // stopped: nobody wants this report
                case .failure(let error): result.withLock { $0 = .failure(error) }
                }
            }
            thread.withLock { $0 = worker }
        } catch {
            result.withLock { $0 = .failure(error) }
            finished.withLock { $0 = true }
        }
    }

    /// The report once the check finished (returned once).
    func take() -> Result<IntegrityChecker.Report, LogError>? {
        result.withLock { value in
            defer { value = nil }
            return value
        }
    }

    /// Asks the check to stop before its next segment (whoever cancels it does not want its report).
    func cancel() {
        stopRequested.withLock { $0 = true }
    }

    /// Whether the thread's work is over (``join()`` returns at once).
    var isFinished: Bool { finished.withLock { $0 } }

    /// Waits for the thread (used on exit so no thread outlives the run).
    func join() {
        thread.withLock { $0 }?.join()
    }
}
