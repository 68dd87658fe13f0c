import LogCore

/// What the runtime can stop and wait for, whatever a job hands over.
protocol BackgroundWork: AnyObject, Sendable {
    /// Asks the work to stop at its next chance (whoever cancels it does not want its results).
    func cancel()
    /// Whether the thread's work is over (``join()`` returns at once).
    var isFinished: Bool { get }
    /// Waits for the thread.
    func join()
}

/// Work on a thread of its own (with its own ``LogDirectory``), so that neither the first screen nor
/// a key waits for it: the work hands over outputs as it goes, and the event loop takes them on each
/// pass. The full check and the search's scan run this way.
final class BackgroundJob<Output: Sendable>: BackgroundWork {
    /// What the work sees of its job: whether it was cancelled, and where to hand outputs.
    struct Context: Sendable {
        fileprivate let job: BackgroundJob<Output>

        /// Whether the job was cancelled: the work should return.
        var isCancelled: Bool { job.stopRequested.withLock { $0 } }

        /// Hands `output` over to the event loop.
        func publish(_ output: Output) { job.outputs.withLock { $0.append(output) } }
    }

    private let outputs = Locked<[Output]>([])
    private let thread = Locked<WorkerThread?>(nil)
    private let stopRequested = Locked(false)
    private let finished = Locked(false)

    /// Starts `work` on a new thread; if no thread can be made, the job finishes at once with the one
    /// output `unstarted` makes of the error.
    init(name: String, unstarted: (LogError) -> Output, work: @escaping @Sendable (Context) -> Void) {
        do {
            let worker = try WorkerThread(name: name) { [self] in
                defer { finished.withLock { $0 = true } }
                work(Context(job: self))
            }
            thread.withLock { $0 = worker }
        } catch {
            let output = unstarted(error)
            outputs.withLock { $0.append(output) }
            finished.withLock { $0 = true }
        }
    }

    /// The outputs handed over since the last call, oldest first.
    func take() -> [Output] {
        outputs.withLock { value in
            defer { value = [] }
            return value
        }
    }

    func cancel() {
        stopRequested.withLock { $0 = true }
    }

    var isFinished: Bool { finished.withLock { $0 } }

    func join() {
        thread.withLock { $0 }?.join()
    }
}
