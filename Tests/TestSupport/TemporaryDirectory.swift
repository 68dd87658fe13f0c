import Foundation

/// A fresh temporary directory (`$TMPDIR/logscope-test-<name>-XXXXXX`) removed with everything in it
/// when the value is released.
package final class TemporaryDirectory {
    /// The directory's absolute path.
    package let path: String

    /// Makes the directory; `name` is part of its name, to tell which test left it.
    package init(_ name: String = "logcore") {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("logscope-test-\(name)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        path = bytes.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    package func child(_ name: String) -> String { path + "/" + name }

    /// Copies fixture directory `source` to `name` inside this directory, writable.
    package func copy(_ source: String, as name: String = "log") throws -> String {
        let destination = child(name)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        for file in try FileManager.default.contentsOfDirectory(atPath: destination) {
            chmod(destination + "/" + file, 0o644)
        }
        chmod(destination, 0o755)
        return destination
    }
}
