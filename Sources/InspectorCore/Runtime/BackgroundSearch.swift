import LogInspection

/// Reads what a search still has to read (``SearchScan``) as a ``BackgroundJob``, handing over the
/// matches of each chunk of rows as it goes: the count grows on screen and keys never wait for it.
enum BackgroundSearch {
    /// Rows read between two hand-overs.
    static let chunkRows = 8192

    /// Starts reading; every requested row is reported once, as matching or not (rows of a segment
    /// that is gone count as read; unreadable ones too, with the reason), unless the job is cancelled.
    static func start(source: LogSource, scan: SearchScan) -> BackgroundJob<SearchProgress> {
        let first = scan.requests.first
        return BackgroundJob(
            name: source.path,
            unstarted: { error in
                SearchProgress(id: scan.id, baseOffset: first?.baseOffset ?? 0, rows: first?.rows ?? 0..<0, matching: [], failure: "\(error)")
            },
            work: { read(scan, in: source, $0) })
    }

    private static func read(_ scan: SearchScan, in source: LogSource, _ context: BackgroundJob<SearchProgress>.Context) {
        let directory: LogDirectory
        do {
            directory = try source.open()
        } catch {
            for request in scan.requests {
                context.publish(SearchProgress(id: scan.id, baseOffset: request.baseOffset, rows: request.rows, matching: [], failure: "\(error)"))
            }
            return
        }
        let byBase = Dictionary(directory.segments.map { ($0.baseOffset, $0) }, uniquingKeysWith: { first, _ in first })
        for request in scan.requests {
            guard let segment = byBase[request.baseOffset] else {
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
