import LogCore
import LogInspection

/// Runs the full integrity check of a directory and the reference reopen replay as a
/// ``BackgroundJob``, so neither the first screen nor a key waits for them.
enum BackgroundCheck {
    /// What a finished check hands over.
    struct Outcome: Sendable {
        var report: IntegrityChecker.Report
        /// The reference reopen paragraph (`nil` if the replay could not read the files).
        var referenceReopen: String?
    }

    /// Starts the check; it hands over one result, or none when cancelled. It advances `progress` as
    /// it goes.
    static func start(source: LogSource, referenceMaxIndexBytes: UInt64?, progress: CheckProgress) -> BackgroundJob<Result<Outcome, LogError>> {
        BackgroundJob(
            name: source.path, unstarted: { .failure($0) },
            work: { run(source: source, referenceMaxIndexBytes: referenceMaxIndexBytes, progress: progress, $0) })
    }

    private static func run(
        source: LogSource, referenceMaxIndexBytes: UInt64?, progress: CheckProgress, _ context: BackgroundJob<Result<Outcome, LogError>>.Context
    ) {
        let outcome = Result { () throws(LogError) -> Outcome? in
            let directory = try source.open()
            let stop: @Sendable () -> Bool = { context.isCancelled }
            var checker = IntegrityChecker(directory: directory, threads: 1)
            checker.measuresFrameSizes = false  // the inspector shows no histogram
            checker.progress = progress
            guard let report = try checker.run(stoppingWhen: stop) else { return nil }
            if source.isStoreStream { return Outcome(report: report, referenceReopen: LogSource.streamReopen) }
            // A damaged log replays a read per record: never on the UI thread.
            let replay = try? ReferenceReplay(directory: directory, maxIndexBytes: referenceMaxIndexBytes).run(report: report)
            return Outcome(report: report, referenceReopen: replay?.paragraph)
        }
        switch outcome {
        case .success(let report?): context.publish(.success(report))
        case .success(nil): break  // stopped: nobody wants this report
        case .failure(let error): context.publish(.failure(error))
        }
    }
}
