import Foundation
import LogInspection
import Testing

@testable import InspectorCore

enum Paths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ name: String) -> String { packageRoot + "/Fixtures/" + name }

    static let logscope: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("logscope").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("logscope").path
    }()
}

/// Compares a frame with `Tests/InspectorTests/Snapshots/<name>.txt`. With
/// `LOGSCOPE_RECORD_SNAPSHOTS=1` the file is (re)written and the test fails, so a recorded snapshot is
/// always reviewed before it counts.
func assertSnapshot(_ lines: [String], named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = Paths.packageRoot + "/Tests/InspectorTests/Snapshots/\(name).txt"
    let actual = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["LOGSCOPE_RECORD_SNAPSHOTS"] == "1" {
        try? actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); review it and run again without LOGSCOPE_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt; run with LOGSCOPE_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        Issue.record(
            "snapshot \(name) differs at line \(first + 1):\nexpected: \(first < e.count ? String(e[first]) : "<end>")\nactual:   \(first < a.count ? String(a[first]) : "<end>")",
            sourceLocation: sourceLocation)
    }
}

/// A runtime on a fixture with an in-memory terminal, the full check finished. The path is relative
/// to the package root (the working directory is set to it), so frames do not depend on the checkout.
func makeRuntime(_ fixture: String, size: Size = Size(width: 160, height: 48)) throws -> (InspectorRuntime, InMemoryTerminal) {
    _ = FileManager.default.changeCurrentDirectoryPath(Paths.packageRoot)
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
            indexFill: 1, mark: anomalies.isEmpty ? .ok : .error, regions: [], anomalyRows: anomalies)
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
