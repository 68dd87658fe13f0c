/// The mutable state of a ``Log``, only ever touched under its lock.
struct LogState {
    /// How many sealed segments may keep open descriptors at once (bug K11).
    static let maxOpenSealedSegments = 16

    var segments: [Segment]
    var report: RecoveryReport
    var lock: DirectoryLock?
    var isClosed = false
    /// Sealed segments with open files, least recently used first.
    var openSealed: [Segment] = []
    var appendsSinceSync = 0
    /// The index in ``segments`` of the segment the last read found: reads in offset order ask it or
    /// the next one, and skip the binary search.
    var readCursor = 0
    var lastSync = ContinuousClock.now

    init(segments: [Segment], report: RecoveryReport, lock: DirectoryLock) {
        self.segments = segments
        self.report = report
        self.lock = lock
    }

    func checkOpen(_ directory: String) throws(LogError) {
        if isClosed { throw LogError.closed(path: directory) }
    }

    /// Appends to the newest segment, rolling before when it is maxed (as recovery may leave it) and
    /// after when the append maxed it. The segments are reached through ``Unretained``: `segments`
    /// keeps them alive, and a roll only adds to it.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer, directory: String, config: Config) throws(LogError) -> UInt64 {
        try checkOpen(directory)
        if Unretained(segments[segments.count - 1]).with({ $0.isMaxed }) {
            try roll(directory: directory, config: config)
        }
        let active = Unretained(segments[segments.count - 1])
        let offset = try active.with { (segment) throws(LogError) in try segment.append(value: bytes) }
        if case .fsync(let policy) = config.durability {
            try active.with { (segment) throws(LogError) in try syncIfDue(segment, policy: policy) }
        }
        if active.with({ $0.isMaxed }) {
            try roll(directory: directory, config: config)
        }
        return offset
    }

    private mutating func syncIfDue(_ active: Segment, policy: Durability.SyncPolicy) throws(LogError) {
        appendsSinceSync += 1
        let due: Bool
        switch policy {
        case .everyAppend: due = true
        case .everyRecords(let n): due = appendsSinceSync >= n
        case .interval(let seconds): due = ContinuousClock.now - lastSync >= .seconds(seconds)
        }
        guard due else { return }
        try active.syncData()
        appendsSinceSync = 0
        lastSync = ContinuousClock.now
    }

    /// Seals the active segment and starts a new one at its next offset, as the reference does when a
    /// segment is maxed.
    private mutating func roll(directory: String, config: Config) throws(LogError) {
        let sealed = segments[segments.count - 1]
        let durable: Bool
        if case .fsync = config.durability { durable = true } else { durable = false }
        try sealed.seal(durable: durable)
        let next = try Segment(directory: directory, baseOffset: sealed.nextOffset, config: config, entryCount: 0, writable: true)
        segments.append(next)
        if durable { try FileSystem.syncDirectory(directory) }
    }

    mutating func read(_ offset: UInt64, directory: String) throws(LogError) -> Record {
        try checkOpen(directory)
        let segment = Unretained(segments[try segmentIndex(holding: offset)])
        return try segment.with { (segment) throws(LogError) in
            if !segment.isWritable { try touchOpenFiles(of: segment) }
            return try segment.read(offset)
        }
    }

    /// The index of the segment with `base ≤ offset < next`: the last read's segment or the one after
    /// it when either holds `offset`, otherwise found by binary search.
    @inline(__always)
    mutating func segmentIndex(holding offset: UInt64) throws(LogError) -> Int {
        var cursor = readCursor
        if cursor < segments.count, offset >= segments[cursor].baseOffset {
            if offset < segments[cursor].nextOffset { return cursor }
            cursor += 1
            if cursor < segments.count, offset >= segments[cursor].baseOffset, offset < segments[cursor].nextOffset {
                readCursor = cursor
                return cursor
            }
        }
        let index = try searchIndex(holding: offset)
        readCursor = index
        return index
    }

    /// The segment with `base ≤ offset < next`, by binary search (the reference scans: bug K12).
    func segmentHolding(_ offset: UInt64) throws(LogError) -> Segment {
        segments[try searchIndex(holding: offset)]
    }

    private func searchIndex(holding offset: UInt64) throws(LogError) -> Int {
        guard let index = SegmentSearch.lastIndex(notAbove: offset, count: segments.count, base: { segments[$0].baseOffset }),
            offset < segments[index].nextOffset
        else { throw LogError.offsetOutOfRange(offset) }
        return index
    }

    /// Opens a sealed segment's files if needed and closes the least recently used ones past the bound.
    private mutating func touchOpenFiles(of segment: Segment) throws(LogError) {
        if openSealed.last === segment { return }
        if let i = openSealed.firstIndex(where: { $0 === segment }) {
            openSealed.remove(at: i)
        } else {
            try segment.openFilesIfNeeded()
        }
        openSealed.append(segment)
        if openSealed.count > Self.maxOpenSealedSegments {
            try openSealed.removeFirst().releaseFiles()
        }
    }

    mutating func forgetOpenFiles(of segment: Segment) {
        openSealed.removeAll { $0 === segment }
    }

    mutating func close() throws(LogError) {
        guard !isClosed else { return }
        isClosed = true
        openSealed = []
        var firstError: LogError?
        for segment in segments {
            do { try segment.close() } catch { firstError = firstError ?? error }
        }
        lock?.release()
        lock = nil
        if let firstError { throw firstError }
    }
}
