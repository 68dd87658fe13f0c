import Foundation
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// A runtime on a fixture with an in-memory terminal, the full check finished. The path is relative
/// to the package root (the working directory is set to it), so frames do not depend on the checkout.
func makeRuntime(_ fixture: String, size: Size = Size(width: 160, height: 48)) throws -> (InspectorRuntime, InMemoryTerminal) {
    _ = FileManager.default.changeCurrentDirectoryPath(TestPaths.packageRoot)
    let terminal = InMemoryTerminal(size: size)
    let runtime = try InspectorRuntime(path: "Fixtures/" + fixture, terminal: terminal)
    runtime.finishBackgroundWork()
    return (runtime, terminal)
}

extension InspectorRuntime {
    /// Presses `keys`, each once the search's scan has answered the one before (as `--snapshot`).
    func press(_ keys: String) throws {
        for key in try KeyNotation.parse(keys) {
            handle(.key(key))
            finishSearch()
        }
    }
}

/// A synthetic three-segment snapshot for pure reducer tests.
func syntheticSnapshot() -> DirectorySnapshot {
    let finding = Finding(.storeTornTail, file: "10.store", bytes: 500..<520, offsets: 29...29, summary: "the last frame is cut off")
    let gap = Finding(.segmentGap, offsets: 30...34, summary: "no segment holds these offsets")
    func segment(_ base: UInt64, _ rows: Int, anomalies: [AnomalyRow] = []) -> SegmentSummary {
        SegmentSummary(
            baseOffset: base, rowCount: rows, firstOffset: base, lastOffset: base + UInt64(rows) - 1, storeBytes: 1000, indexBytes: UInt64(rows * 12),
            mark: anomalies.isEmpty ? .ok : .error, regions: [], anomalyRows: anomalies)
    }
    return DirectorySnapshot(
        path: "/logs/demo",
        segments: [
            segment(0, 10),
            segment(
                10, 19,
                anomalies: [
                    AnomalyRow(findingIndex: 0, severity: .error, label: "torn tail", bytes: 500..<520, file: "10.store"),
                    AnomalyRow(findingIndex: 1, severity: .warning, label: "gap: offsets 30...34 missing", bytes: nil, file: nil),
                ]),
            segment(35, 100),
        ],
        findings: [finding, gap], fullCheck: true, live: false, strays: [])
}

extension StatusMessage {
    /// The message as said (text, error, lifetime), without when and where it was shown: what a test that
    /// checks what the bottom bar says compares.
    var unstamped: StatusMessage {
        var message = self
        message.shownAt = nil
        message.shownAtSelection = nil
        return message
    }
}
