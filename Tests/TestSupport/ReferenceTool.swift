import Foundation
import Testing

/// The Go reference as a program (`proglog-ref`, see `../shared/tools/README.md`), for tests that check
/// LogCore's files against the real thing. A clone of the project stands alone: such tests are skipped
/// when the binary is absent.
package enum ReferenceTool {
    /// `$LOGSCOPE_PROGLOG_REF` when set (set it to nothing to skip these tests), else
    /// `../shared/tools/proglog-ref` beside the package; `nil` when not executable.
    package static let path: String? = {
        let candidate = ProcessInfo.processInfo.environment["LOGSCOPE_PROGLOG_REF"] ?? TestPaths.packageRoot + "/../shared/tools/proglog-ref"
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    /// Why a test that needs it did not run.
    package static let absent: Comment = "proglog-ref not found (set LOGSCOPE_PROGLOG_REF or put it in ../shared/tools): skipped"

    /// Runs `proglog-ref arguments`.
    package static func run(_ arguments: [String]) throws -> CommandResult {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        return try ChildProcess.run([path] + arguments)
    }
}
