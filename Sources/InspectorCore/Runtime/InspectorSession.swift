import LogCore

/// The inspector's I/O: reads the directory (strictly read-only) to satisfy the state's data needs and
/// to perform its effects, answering with events.
public final class InspectorSession {
    public let directory: LogDirectory
    private(set) var snapshot: DirectorySnapshot
    static let previewBytes = 256

    /// Lists `path` and runs the quick check (clean segments trusted in O(1)).
    public convenience init(path: String) throws(LogError) {
        try self.init(source: .directory(path))
    }

    /// Opens `source` and runs the quick check (clean segments trusted in O(1)).
    public init(source: LogSource) throws(LogError) {
        directory = try source.open()
        // Live refreshes come up to ten times a second; who writes the log is looked up once a second.
        directory.holderScanInterval = .seconds(1)
        let report = try IntegrityChecker(directory: directory, quick: true).run()
        lastReport = report
        snapshot = try SnapshotBuilder.build(
            directory: directory, report: report, fullCheck: report.segments.allSatisfy(\.walked), referenceReopen: nil)
    }

    /// The snapshot of the last scan.
    public var currentSnapshot: DirectorySnapshot { snapshot }

    /// The latest report (full where the background check has run): a live refresh reuses it for
    /// every segment whose files did not change, so sealed segments are not read again.
    private var lastReport: IntegrityChecker.Report?

    /// Rebuilds the snapshot from a full report and its reference reopen paragraph (computed
    /// elsewhere, on another ``LogDirectory``).
    public func adopt(_ report: IntegrityChecker.Report, referenceReopen: String? = nil) throws(LogError) -> DirectorySnapshot {
        try directory.refresh()
        lastReport = report
        guard report.segments.map(\.baseOffset) == directory.segments.map(\.baseOffset) else { return snapshot }
        snapshot = try SnapshotBuilder.build(directory: directory, report: report, fullCheck: true, referenceReopen: referenceReopen)
        return snapshot
    }

    private var lastLive: (at: ContinuousClock.Instant, head: UInt64?, storeBytes: UInt64)?

    /// The offset after the newest validated entry of the newest segment (read fresh: a live index
    /// changes in place).
    func headOffset() throws(LogError) -> UInt64? {
        guard let newest = directory.segments.last else { return nil }
        newest.invalidateCaches()
        return newest.baseOffset + UInt64(try newest.validEntryCount())
    }

    /// Looks for appends since the last call; `nil` when nothing changed.
    public func liveUpdate() throws(LogError) -> LiveUpdate? {
        let now = ContinuousClock.now
        let listed = try directory.refresh()
        let head = try headOffset()
        let storeBytes = directory.segments.reduce(UInt64(0)) { $0 + $1.storeSize }
        let previous = lastLive ?? (now, head, storeBytes)
        lastLive = (now, head, storeBytes)
        guard listed || head != previous.head || storeBytes != previous.storeBytes else { return nil }
        let report = try IntegrityChecker(directory: directory, quick: true, threads: 1, reusing: lastReport).run()
        lastReport = report
        snapshot = try SnapshotBuilder.build(
            directory: directory, report: report, fullCheck: snapshot.fullCheck, referenceReopen: snapshot.referenceReopen)
        let (s, atto) = (now - previous.at).components
        return LiveUpdate(
            snapshot: snapshot, seconds: Double(s) + Double(atto) / 1e18, previousHead: previous.head, head: head,
            storeBytesDelta: storeBytes > previous.storeBytes ? storeBytes - previous.storeBytes : 0)
    }

    /// Lists again and re-runs the quick check, trusting nothing from earlier checks (the runtime then
    /// starts a new full check in the background).
    public func rescan() throws(LogError) -> DirectorySnapshot {
        try directory.refresh()
        for segment in directory.segments { segment.invalidateCaches() }
        let report = try IntegrityChecker(directory: directory, quick: true).run()
        lastReport = report
        // No reopen prediction until the full check that the runtime starts now.
        snapshot = try SnapshotBuilder.build(directory: directory, report: report, fullCheck: false, referenceReopen: nil)
        return snapshot
    }

    /// Loads what the state lacks.
    public func load(_ need: DataNeed) -> Event {
        do {
            switch need {
            case .rows(let segment, let range): return .rowsLoaded(segment: segment, rows: try rows(segment: segment, range: range))
            case .detail(let segment, let row):
                if let missing = missingSegment(segment) { return missing }
                return .detailLoaded(try detail(segment: segment, row: row))
            }
        } catch {
            return .failed("\(error)")
        }
    }

    func rows(segment index: Int, range: Range<Int>) throws(LogError) -> [Int: RowData] {
        guard directory.segments.indices.contains(index) else { return [:] }
        let live = snapshot.segments.indices.contains(index) && snapshot.segments[index].isBeingWritten
        var result: [Int: RowData] = [:]
        for row in range {
            result[row] = try Self.rowData(in: directory, segment: index, slot: row, live: live)
        }
        return result
    }

    /// The row of `slot` of segment number `segment` (`nil` past the index's end).
    static func rowData(in directory: LogDirectory, segment index: Int, slot: Int, live: Bool) throws(LogError) -> RowData? {
        guard var record = try directory.record(segment: index, slot: slot, maxValueBytes: Self.previewBytes) else { return nil }
        // A Raft command's value is decoded whole for its preview (up to the detail pane's limit).
        if record.frame.fields?.term != nil, let length = record.valueLength, length > Self.previewBytes {
            record = try directory.record(segment: index, slot: slot, maxValueBytes: DetailData.maxFrameBytes) ?? record
        }
        return Self.rowData(record, live: live, storeSize: directory.segments[index].storeSize)
    }

    static func rowData(_ record: InspectedRecord, live: Bool, storeSize: UInt64) -> RowData {
        var severity: Finding.Severity?
        var status = "ok"
        switch record.frame.shape {
        case .truncatedPrefix:
            if record.entry.position >= storeSize {
                (status, severity) = live ? ("pending", .info) : ("past end", .error)
            } else {
                (status, severity) = ("torn", .error)
            }
        case .truncatedPayload:
            (status, severity) = live ? ("pending", .info) : ("torn", .error)
        case .complete:
            if record.frame.decodeFailure != nil {
                (status, severity) = ("bad proto", .error)
            } else if let fields = record.frame.fields, fields.offset != record.offset {
                (status, severity) = ("offset≠\(fields.offset)", .error)
            }
        }
        var preview = record.problem ?? ""
        let raft = record.frame.fields.flatMap { RaftEntry(fields: $0, value: record.value ?? []) }
        if let raft, let value = record.value, let summary = raft.summary(of: value, limit: previewBytes) {
            preview = summary.replacingControlCharacters(quotes: false)
        } else if let value = record.value {
            if let text = String(validating: value, as: UTF8.self) {
                preview = text.replacingControlCharacters(quotes: false)
            } else {
                preview = "0x" + HexString.encode(value.prefix(48))
            }
            // The preview holds the value's first bytes only: say so at its end.
            if value.count < record.valueLength ?? 0 || preview.hasPrefix("0x") && value.count > 48 { preview += "…" }
        }
        return RowData(
            offset: record.offset, relativeOffset: record.entry.relativeOffset, position: record.entry.position,
            frameSize: record.frame.size, valueLength: record.valueLength, severity: severity, status: status, preview: preview,
            term: raft?.term, type: raft?.type)
    }

    /// A failure to show when segment `index` is not in the directory as the session last listed it:
    /// the state may still show a segment that a live refresh removed, or ask for segment 0 of an
    /// empty directory. `nil` when the segment is there.
    func missingSegment(_ index: Int) -> Event? {
        guard !directory.segments.indices.contains(index) else { return nil }
        let count = directory.segments.count
        return .failed("the directory now holds \(count) segment\(count == 1 ? "" : "s"), not segment \(index + 1); press r to reload")
    }

    func detail(segment index: Int, row: Int) throws(LogError) -> DetailData {
        let segment = directory.segments[index]
        let summary = snapshot.segments.indices.contains(index) ? snapshot.segments[index] : nil
        let files = [segment.storeName, segment.indexName]
        if let summary, row >= summary.rowCount {
            let anomaly = summary.anomalyRows[row - summary.rowCount]
            var bytes: [UInt8] = []
            var start: UInt64 = 0
            if let range = anomaly.bytes {
                start = range.lowerBound
                let count = Int(min(UInt64(DetailData.maxFrameBytes), range.byteCount))
                bytes =
                    anomaly.file == segment.indexName
                    ? try segment.indexBytes(at: range.lowerBound, count: count) : try segment.storeBytes(at: range.lowerBound, count: count)
            }
            var detail = DetailData(
                segment: index, row: row, record: nil, frameBytes: bytes, frameByteCount: anomaly.bytes?.byteCount ?? 0,
                frameStart: start, neighbours: [], entryBytes: [], anomaly: anomaly, findingIndexes: [anomaly.findingIndex])
            if !bytes.isEmpty { try addContext(to: &detail, segment: segment, inIndex: anomaly.file == segment.indexName) }
            return detail
        }
        guard let record = try directory.record(segment: index, slot: row, maxValueBytes: DetailData.maxFrameBytes) else {
            throw LogError.endOfIndex(path: segment.indexPath ?? segment.indexName, entry: Int64(row))
        }
        let frameCount =
            record.frame.shape == .complete ? record.frame.size : (segment.storeSize > record.entry.position ? segment.storeSize - record.entry.position : 0)
        let frameBytes = try segment.storeBytes(at: record.entry.position, count: Int(min(UInt64(DetailData.maxFrameBytes), frameCount)))
        var neighbours: [(Int, IndexEntry)] = []
        let count = try segment.validEntryCount()
        for slot in max(0, row - 2)...min(count - 1, row + 2) {
            if let entry = try segment.rawEntry(at: slot) { neighbours.append((slot, entry)) }
        }
        let entryBytes = try segment.indexBytes(at: UInt64(row * IndexEntry.size), count: IndexEntry.size)
        let frameRange = record.entry.position..<record.entry.position.saturatingAdd(max(frameCount, 1))
        let entryRange = UInt64(row * 12)..<UInt64(row * 12 + 12)
        var touching: [Int] = []
        for (i, finding) in snapshot.findings.enumerated() where files.contains(finding.file ?? "") || finding.file == nil {
            if let offsets = finding.offsets, offsets.contains(record.offset) {
                touching.append(i)
                continue
            }
            if let bytes = finding.bytes, finding.file == segment.storeName, bytes.overlaps(frameRange) {
                touching.append(i)
                continue
            }
            if let bytes = finding.bytes, finding.file == segment.indexName, bytes.overlaps(entryRange) { touching.append(i) }
        }
        var detail = DetailData(
            segment: index, row: row, record: record, frameBytes: frameBytes, frameByteCount: frameCount,
            frameStart: record.entry.position, neighbours: neighbours, entryBytes: entryBytes, anomaly: nil, findingIndexes: touching)
        if record.problem != nil { try addContext(to: &detail, segment: segment, inIndex: false) }
        return detail
    }

    /// Reads the bytes just before and just after a damaged frame or an anomaly's bytes (after them
    /// only when all of them were read).
    private func addContext(to detail: inout DetailData, segment: InspectedSegment, inIndex: Bool) throws(LogError) {
        let read = { (position: UInt64, count: Int) throws(LogError) -> [UInt8] in
            inIndex ? try segment.indexBytes(at: position, count: count) : try segment.storeBytes(at: position, count: count)
        }
        let before = min(UInt64(DetailData.contextBytes), detail.frameStart)
        detail.contextBefore = try read(detail.frameStart - before, Int(before))
        if UInt64(detail.frameBytes.count) == detail.frameByteCount {
            detail.contextAfter = try read(detail.frameStart.saturatingAdd(UInt64(detail.frameBytes.count)), DetailData.contextBytes)
        }
    }
}
