import Foundation
import Testing

/// Compares a frame with `<directory>/<name>.txt` (by default `Tests/InspectorTests/Snapshots`). With
/// `LOGSCOPE_RECORD_SNAPSHOTS=1` the file is (re)written and the test fails, so a recorded snapshot is
/// always reviewed before it counts.
package func assertSnapshot(
    _ lines: [String], named name: String, in directory: String = TestPaths.snapshots, sourceLocation: SourceLocation = #_sourceLocation
) {
    let path = directory + "/\(name).txt"
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
