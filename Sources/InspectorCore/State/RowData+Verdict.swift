import LogCore
import LogInspection

extension RowData {
    /// How many bytes of a value a row keeps for its preview.
    static let previewBytes = 256

    /// The row showing `record`, read through the index (pure: no I/O).
    ///
    /// - Parameter live: whether a writer holds the record's segment open (a torn or missing frame is
    ///   then pending).
    init(_ record: InspectedRecord, live: Bool) {
        let verdict = RecordVerdict(record.verdict, live: live)
        let note: String
        switch verdict {
        case .pending: note = "waiting for the writer to flush its frame (byte \(record.entry.position))"
        case .zeros: note = record.verdict.description
        default: note = record.problem?.description ?? ""
        }
        let raft = record.frame.fields.flatMap { RaftEntry(fields: $0, value: record.value ?? []) }
        let decoded = record.value.flatMap { raft?.summary(of: $0, limit: Self.previewBytes) }?.replacingControlCharacters(quotes: false)
        // A Raft command's value may have been read whole for its summary: the row keeps its first bytes.
        let value = verdict == .zeros ? nil : record.value.map { Array($0.prefix(Self.previewBytes)) }
        self.init(
            offset: record.offset, relativeOffset: record.entry.relativeOffset, position: record.entry.position,
            frameSize: record.frame.size, valueLength: record.valueLength, verdict: verdict, value: value, note: note,
            term: raft?.term, type: raft?.type, decoded: decoded)
    }
}
