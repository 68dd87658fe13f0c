import Foundation
import Testing

/// A child process that holds a log directory the way the Go reference does (no lock, files open for
/// writing, the index mapped shared): `Tests/Scripts/foreign_writer.py`, or the real reference's
/// `proglog-ref live` when `../shared/tools` has it. It is stopped when the value is released.
package final class ForeignWriterProcess {
    package let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// `python3`, which CI installs with the toolchain's image; the tests that need it say so when it is missing.
    package static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The Go reference's writer, beside the checkout (not part of a clone: tests using it skip without it).
    package static let goReference: String? = {
        let path = TestPaths.packageRoot + "/../shared/tools/proglog-ref"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Starts `Tests/Scripts/foreign_writer.py` with `arguments` and waits until it says it is ready.
    package init(script arguments: [String]) throws {
        let python = try #require(Self.python)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestPaths.packageRoot + "/Tests/Scripts/foreign_writer.py"] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("ready"), "the foreign writer did not start")
    }

    /// Starts the Go reference's live writer on `directory` and waits until its first segment exists.
    package init(goReference directory: String, rate: Int, seconds: Int, expect: String) throws {
        let binary = try #require(Self.goReference)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "live", "-store", "65536", "-index", "12000", "-rate", "\(rate)", "-dur", "\(seconds)s", "-min", "10", "-max", "100",
            "-expect", expect, directory,
        ]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: directory + "/0.index"), Date() < deadline { usleep(20_000) }
        usleep(200_000)
    }

    package var pid: Int32 { process.processIdentifier }

    /// Asks the writer to stop (SIGINT: the Go reference then closes its log cleanly) and waits.
    package func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { stop() }
}
