import LogCore

extension MaxIndexBytesInference {
    /// The evidence of a checked directory: the size of every index file, and every index the check
    /// found stuck (``FindingID/storeStuckIndexOrphans``).
    public init(directory: LogDirectory, report: IntegrityChecker.Report) {
        self.init()
        let newest = report.segments.last
        for segment in directory.segments.listing where segment.hasIndex {
            // The newest segment's index, cleanly closed (whole entries, no zero tail) and not stuck.
            let hasRoom =
                segment.baseOffset == newest?.baseOffset && newest?.zeroTailSlots == 0 && newest?.stuckIndexEntries == nil
                && segment.indexSize > 0 && segment.indexSize % UInt64(IndexEntry.size) == 0
            noteIndex(file: segment.indexName, size: segment.indexSize, hasRoom: hasRoom)
        }
        for health in report.segments {
            if let entries = health.stuckIndexEntries { noteStuckIndex(file: "\(health.baseOffset).index", entries: entries) }
        }
    }
}
