import LogInspection

/// The bytes and offset of one record, to find the findings that touch it (pure: no I/O).
struct RecordFootprint: Equatable {
    /// The record's offset.
    var offset: UInt64
    /// Its segment's store file name and the bytes of its frame there.
    var store: String
    var frame: Range<UInt64>
    /// Its segment's index file name and the bytes of its entry there.
    var index: String
    var entry: Range<UInt64>

    /// Whether `finding` is about this record: it names the record's offset, or bytes of its frame or
    /// of its index entry. A finding on another file (another segment's) never is.
    func isTouched(by finding: Finding) -> Bool {
        guard finding.file == nil || finding.file == store || finding.file == index else { return false }
        if let offsets = finding.offsets, offsets.contains(offset) { return true }
        guard let bytes = finding.bytes else { return false }
        return finding.file == store ? bytes.overlaps(frame) : finding.file == index && bytes.overlaps(entry)
    }

    /// The indexes of the findings in `findings` that touch this record, in order.
    func touching(_ findings: [Finding]) -> [Int] {
        findings.indices.filter { isTouched(by: findings[$0]) }
    }
}
