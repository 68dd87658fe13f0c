import LogCore
import LogInspection

/// Reads what a search still has to read (``SearchScan``) as a ``BackgroundJob``, handing over the
/// matches of each chunk of rows as it goes: the count grows on screen and keys never wait for it.
enum BackgroundSearch {
    /// Rows read between two hand-overs.
    static let chunkRows = 8192

    /// Starts reading; every requested row is reported once, as matching or not (rows of a segment
    /// that is gone count as read; unreadable ones too, with the reason), unless the job is cancelled.
    static func start(directories: BackgroundDirectories, scan: SearchScan) -> BackgroundJob<SearchProgress> {
        let first = scan.requests.first
        return BackgroundJob(
            name: "search",
            unstarted: { error in
                SearchProgress(id: scan.id, baseOffset: first?.baseOffset ?? 0, rows: first?.rows ?? 0..<0, matching: [], failure: "\(error)")
            },
            work: { context in
                do throws(LogError) {
                    try directories.read { (directories) throws(LogError) in
                        guard let directory = directories.first ?? nil else { return }
                        read(scan, in: directory, context)
                    }
                } catch {
                    for request in scan.requests {
                        context.publish(SearchProgress(id: scan.id, baseOffset: request.baseOffset, rows: request.rows, matching: [], failure: "\(error)"))
                    }
                }
            })
    }

    private static func read(_ scan: SearchScan, in directory: LogDirectory, _ context: BackgroundJob<SearchProgress>.Context) {
        for request in scan.requests {
            guard let segment = directory.segment(at: request.baseOffset) else {
                // Removed since (a writer's retention): nothing to find there, and the next refresh
                // drops it from the count.
                context.publish(SearchProgress(id: scan.id, baseOffset: request.baseOffset, rows: request.rows, matching: []))
                continue
            }
            var start = request.rows.lowerBound
            while start < request.rows.upperBound {
                if context.isCancelled { return }
                let end = min(request.rows.upperBound, start + chunkRows)
                do {
                    let matching = try segment.slots(matching: scan.pattern, in: start..<end)
                    context.publish(SearchProgress(id: scan.id, baseOffset: request.baseOffset, rows: start..<end, matching: matching))
                } catch {
                    context.publish(
                        SearchProgress(
                            id: scan.id, baseOffset: request.baseOffset, rows: start..<request.rows.upperBound, matching: [], failure: "\(error)"))
                    break
                }
                start = end
            }
        }
    }
}
