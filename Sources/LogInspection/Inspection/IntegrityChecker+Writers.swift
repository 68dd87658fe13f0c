import LogCore

extension IntegrityChecker {
    /// Runs the check while another thread looks through `/proc` for the processes writing the
    /// directory (``LogDirectory/holders()``), instead of one after the other: the look reads every
    /// process's descriptors and mappings, which on a busy machine costs as much as a quick check of
    /// hundreds of segments.
    ///
    /// The check first takes no segment as live (a log nobody writes, the common case). When the look
    /// finds writers, the segments they hold are checked again as live, and every other segment's
    /// result is kept (``reusing``), so the report is the one a check with the held segments known
    /// from the start would give.
    func runLookingForWriters(stoppingWhen shouldStop: @escaping @Sendable () -> Bool) throws(LogError) -> Report? {
        let path = directory.path
        let access = directory.access
        let start = ContinuousClock.now
        let found = Locked<DirectoryHolderScan?>(nil)
        let look = try WorkerThread(name: "logscope-holders") {
            let scan = access.holders(of: path, onlyProcesses: nil)
            found.withLock { $0 = scan }
        }
        var nobodyWrites = self
        nobodyWrites.liveSegments = []
        let provisional: Report?
        do {
            provisional = try nobodyWrites.run(stoppingWhen: shouldStop)
        } catch {
            look.join()
            throw error
        }
        look.join()
        // The scan itself says who holds what: asking the directory again would look through `/proc`
        // a second time wherever its scans are not reused (``LogDirectory/holderScanInterval`` zero).
        guard let scan = found.withLock({ $0 }) else { return provisional }
        directory.adopt(scan, startedAt: start)
        let held = directory.segmentsHeld(by: scan)
        guard let provisional, !held.isEmpty else { return provisional }
        // The first pass read the held segments as sealed, so it cached index entries and windows
        // that their writer is changing in place: read them afresh.
        for base in held { directory.segments.made.existing(base)?.invalidateCaches() }
        var known = self
        known.liveSegments = held
        known.reusing = provisional
        // Segments named as changed were walked in full already; only the held ones are read again.
        known.changed = changed.intersection(held)
        known.progress = nil  // the first pass counted every segment; this one rereads a few
        return try known.run(stoppingWhen: shouldStop)
    }
}
