/// Background jobs a newer one superseded (a rescan's check, an abandoned search's scan, an outdated
/// diff): cancelled and not waited for, joined once they finish, so neither view blocks on them.
struct RetiredJobs {
    private var jobs: [any BackgroundWork] = []

    /// How many have not been joined yet.
    var count: Int { jobs.count }

    /// Cancels `job` and keeps it until it finishes.
    mutating func retire(_ job: any BackgroundWork) {
        job.cancel()
        jobs.append(job)
    }

    /// Joins the ones that finished (none waits).
    mutating func reapFinished() {
        jobs.removeAll { job in
            guard job.isFinished else { return false }
            job.join()
            return true
        }
    }

    /// Waits for every one (on exit, or before a frame that must show settled results).
    mutating func joinAll() {
        for job in jobs { job.join() }
        jobs = []
    }
}
