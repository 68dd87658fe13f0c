import Testing

@testable import InspectorCore
@testable import LogCore
@testable import LogInspection

/// The pure row and finding logic moved out of the session: a row from a record, and which findings
/// touch a record.
@Suite struct RowDataTests {
    private func record(_ verdict: FrameVerdict, offset: UInt64 = 16, value: [UInt8]? = nil) -> InspectedRecord {
        let frame = FrameInfo(position: 194, payloadLength: 0, shape: .complete(payloadLength: 0))
        return InspectedRecord(
            offset: offset, segmentBase: 11, slot: 5, entry: IndexEntry(relativeOffset: 5, position: 194), frame: frame, verdict: verdict,
            value: value, valueLength: value?.count, problem: verdict.isValid ? nil : .frame(verdict, store: "11.store"))
    }

    @Test func aRowTakesItsStatusAndNoteFromTheFrameVerdict() {
        let pending = RowData(record(.pastEnd(storeSize: 100)), live: true)
        #expect(pending.verdict == .pending)
        #expect(pending.note == "waiting for the writer to flush its frame (byte 194)")
        let lost = RowData(record(.pastEnd(storeSize: 100)), live: false)
        #expect(lost.status == "lost")
        #expect(lost.note == "the entry points past the end of 11.store (100 bytes)")
        let zeros = RowData(record(.zeros, value: []), live: false)
        #expect(zeros.status == "zeros")
        #expect(zeros.note == "zero bytes where the frame should be")
        #expect(zeros.value == nil, "zeros show no value")
        let wrong = RowData(record(.wrongOffset(found: 3, expected: 16)), live: true)
        #expect(wrong.status == "offset≠3")
        #expect(wrong.severity == .error)
        let ok = RowData(record(.valid, value: Array(repeating: 65, count: 300)), live: false)
        #expect(ok.status == "ok")
        #expect(ok.value?.count == RowData.previewBytes, "a row keeps the value's first bytes")
    }

    @Test func findingsTouchARecordByOffsetFrameBytesOrEntryBytesOfItsOwnFiles() {
        let footprint = RecordFootprint(offset: 16, store: "11.store", frame: 194..<297, index: "11.index", entry: 60..<72)
        let findings = [
            Finding(.storeZeroRun, file: "11.store", bytes: 194..<297, summary: "frame bytes"),
            Finding(.storeZeroRun, file: "11.store", bytes: 0..<194, summary: "bytes before the frame"),
            Finding(.indexPositionOrder, file: "11.index", bytes: 60..<72, summary: "the entry"),
            Finding(.indexPositionOrder, file: "11.store", bytes: 60..<72, summary: "the entry's bytes, in the store"),
            Finding(.segmentGap, offsets: 10...20, summary: "the directory, naming the offset"),
            Finding(.storeOffsetOrder, file: "34.store", bytes: 194..<297, offsets: 16...16, summary: "another segment's file"),
            Finding(.storeOffsetOrder, file: "11.store", offsets: 17...17, summary: "another offset"),
        ]
        #expect(footprint.touching(findings) == [0, 2, 4])
    }

    @Test func theDecodedTabSaysWhetherTheEmbeddedOffsetMatchesFromTheFrameVerdict() {
        func embeddedLine(_ verdict: FrameVerdict, embedded: UInt64) -> String? {
            var record = record(verdict, value: [1, 2])
            record.frame.fields = RecordCodec.Fields(valueRange: 2..<4, offset: embedded, term: nil, type: nil, unknownFieldCount: 0)
            let detail = DetailData(
                segment: 0, row: 0, record: record, frameBytes: [], frameByteCount: 0, frameStart: 194, neighbours: [], entryBytes: [],
                anomaly: nil, findingIndexes: [])
            let state = InspectorState(size: Size(width: 100, height: 30), snapshot: syntheticSnapshot())
            return DecodedTab.lines(detail, state: state, width: 80).map(\.text).first { $0.hasPrefix("embedded") }
        }
        #expect(embeddedLine(.valid, embedded: 16) == "embedded  offset 16 ✔ matches the index")
        #expect(embeddedLine(.wrongOffset(found: 3, expected: 16), embedded: 3) == "embedded  offset 3 ✖ the index says 16")
    }
}
