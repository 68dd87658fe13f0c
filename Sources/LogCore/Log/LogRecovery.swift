/// Opens every segment of a directory through ``SegmentRecovery`` and fits them together into one log.
struct LogRecovery {
    let directory: String
    let config: Config

    /// The recovered segments, oldest first, and what was found and changed.
    func run() throws(LogError) -> (segments: [Segment], report: RecoveryReport) {
        let listing = try DirectoryListing(directory: directory)
        var actions: [RecoveryReport.Action] = listing.strays.map { .ignoredStrayFile(name: $0.name) }
        var outcomes: [SegmentRecovery.Outcome] = []
        let bases = listing.segments.map(\.base)
        var moved: Set<UInt64> = []  // segments that received moved frames, listed already (a recovery cut short)
        for found in listing.segments {
            let recovery = SegmentRecovery(directory: directory, baseOffset: found.base, config: config, listedBases: bases)
            let outcome = try recovery.run(hasStore: found.store != nil, hasIndex: found.index != nil)
            actions += outcome.actions
            if moved.contains(found.base) { outcomes.removeAll { $0.baseOffset == found.base } }
            outcomes.append(outcome)
            for segment in outcome.spilled {
                moved.insert(segment.base)
                outcomes.append(
                    SegmentRecovery.Outcome(baseOffset: segment.base, entryCount: segment.records, storeSize: segment.storeBytes, actions: []))
            }
        }
        for (previous, next) in zip(outcomes, outcomes.dropFirst()) where previous.nextOffset > next.baseOffset {
            throw LogError.inconsistentSegments(
                path: directory,
                reason: "segment \(previous.baseOffset) holds offsets up to \(previous.nextOffset - 1), "
                    + "past the base offset of segment \(next.baseOffset)")
        }
        // An empty newest segment after lost records would leave a hole before the next append.
        while outcomes.count >= 2, let last = outcomes.last, last.entryCount == 0,
            outcomes[outcomes.count - 2].nextOffset < last.baseOffset
        {
            try FileSystem.removeFile(directory + "/\(last.baseOffset).store")
            try FileSystem.removeFile(directory + "/\(last.baseOffset).index")
            outcomes.removeLast()
            actions.append(.emptySegmentRemoved(base: last.baseOffset, continuingAt: outcomes.last!.nextOffset))
        }
        for (previous, next) in zip(outcomes, outcomes.dropFirst()) where previous.nextOffset < next.baseOffset {
            actions.append(.gap(offsets: previous.nextOffset...(next.baseOffset - 1)))
        }

        var segments: [Segment] = []
        for (i, outcome) in outcomes.enumerated() {
            let newest = i == outcomes.count - 1
            segments.append(
                try Segment(
                    directory: directory, baseOffset: outcome.baseOffset, config: config,
                    entryCount: outcome.entryCount, writable: newest))
        }
        if let newest = segments.last, newest.isMaxed {
            actions.append(
                .sealedByConfig(
                    file: "\(newest.baseOffset).store",
                    reason: "holds \(newest.count) records in \(newest.storeSize) bytes, at or over this config's "
                        + "limits (maxStoreBytes \(config.effectiveMaxStoreBytes), maxIndexBytes \(config.effectiveMaxIndexBytes))"))
        }
        return (segments, RecoveryReport(actions: actions))
    }
}
