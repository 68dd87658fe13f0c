import Foundation
import TestSupport
import Testing

@testable import InspectorCore

/// A compare runtime on fixture directories (relative to `Fixtures/`, the working directory set to the
/// package root so frames do not depend on the checkout), the background diff finished.
func makeCompareRuntime(_ fixtures: [String], size: Size = Size(width: 160, height: 40)) throws -> (CompareRuntime, InMemoryTerminal) {
    _ = FileManager.default.changeCurrentDirectoryPath(TestPaths.packageRoot)
    let terminal = InMemoryTerminal(size: size)
    let runtime = try CompareRuntime(paths: fixtures.map { "Fixtures/" + $0 }, terminal: terminal)
    runtime.finishBackgroundWork()
    return (runtime, terminal)
}

extension CompareRuntime {
    /// Presses `keys`, each once the diff it may have started has finished (as `--snapshot`).
    func press(_ keys: String) throws {
        for key in try KeyNotation.parse(keys) {
            handle(.key(key))
            finishBackgroundWork()
        }
    }
}

/// Where `text` starts on line `y` of `frame`, in columns.
func column(of text: String, inLine y: Int, of frame: Buffer) -> Int? {
    let line = frame.lines[y]
    guard let range = line.range(of: text) else { return nil }
    return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound.samePosition(in: line.unicodeScalars)!)
}
