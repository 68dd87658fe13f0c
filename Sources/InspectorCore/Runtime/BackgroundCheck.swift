import LogCore

/// Runs the full integrity check of a directory and the reference reopen replay on their own thread
/// (and their own ``LogDirectory``), so neither the first screen nor a key waits for them; the event
/// loop polls for the result.
final class BackgroundCheck: Sendable {
    /// What a finished check hands over.
    struct Outcome: Sendable {
        var report: IntegrityChecker.Report
        /// The reference reopen paragraph (`nil` if the replay could not read the files).
        var referenceReopen: String?
    }

    private let result = Locked<Result<Outcome, LogError>?>(nil)
    private let thread = Locked<WorkerThread?>(nil)
    private let stopRequested = Locked(false)
    private let finished = Locked(false)

    init(source: LogSource, referenceMaxIndexBytes: UInt64?) {
        do {
            let worker = try WorkerThread(name: source.path) { [self] in
                defer { finished.withLock { $0 = true } }
                let outcome = Result { () throws(LogError) -> Outcome? in
                    let directory = try source.open()
                    let stop: @Sendable () -> Bool = { [stopRequested] in stopRequested.withLock { $0 } }
                    guard let report = try IntegrityChecker(directory: directory, threads: 1).run(stoppingWhen: stop) else { return nil }
                    if source.isStoreStream { return Outcome(report: report, referenceReopen: LogSource.streamReopen) }
                    // A damaged log replays a read per record: never on the UI thread.
                    let replay = try? ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
                    return Outcome(report: report, referenceReopen: replay?.paragraph)
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
    func take() -> Result<Outcome, LogError>? {
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
