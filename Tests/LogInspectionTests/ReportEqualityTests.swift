import LogCore
import Testing

@testable import LogInspection

/// A repair's report and a reopen prediction compare by every field (their `==` is generated; the
/// hand-written ones compared a repair's segments by base alone and a prediction by its paragraph).
@Suite struct ReportEqualityTests {
    @Test func repairReportsWithDifferentRecordCountsOrReasonsDiffer() {
        let report = LogRepair.Report(
            segments: [LogRepair.WrittenSegment(base: 0, records: 85)], recordsKept: 85, framesSkipped: 0, sourceFindings: [])
        var other = report
        other.segments = [LogRepair.WrittenSegment(base: 0, records: 84)]
        #expect(report != other)
        other = report
        other.maxIndexBytesReason = "as given"
        #expect(report != other)
        #expect(report == report)
    }

    @Test func predictionsThatSayTheSameButDifferInWhatTheyFoundDiffer() {
        let prediction = ReferenceReopenPrediction(
            maxIndexBytes: 1024, segments: [.init(base: 0, next: 3)], lowestOffset: 0, highestOffset: 2, intactOffsets: [0...2],
            readableIntact: [0...2], readableCount: 3, intactCount: 3, wrongRecords: [], closePersistsZeroTails: false)
        var other = prediction
        other.segments = [.init(base: 0, next: 4)]
        #expect(other.paragraph == prediction.paragraph, "the next offset is not in the paragraph")
        #expect(other != prediction)
        other = prediction
        other.crashingReads = [.init(offset: 1, length: 1 << 50)]
        other.crashingReads.append(.init(offset: 2, length: 1 << 50))
        var same = other
        same.crashingReads[1].length = 1 << 49
        #expect(same.paragraph == other.paragraph, "only the first crash's length is in the paragraph")
        #expect(same != other)
    }
}
