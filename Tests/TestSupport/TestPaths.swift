import Foundation

/// Where the tests find the package, its fixtures and the built `logscope`.
package enum TestPaths {
    /// The package root, found from this file's path (`Tests/TestSupport/TestPaths.swift`).
    package static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Fixtures/<name>`.
    package static func fixture(_ name: String) -> String { packageRoot + "/Fixtures/" + name }

    /// `Fixtures/golden`, copied from `../shared/golden`.
    package static let golden = packageRoot + "/Fixtures/golden"

    /// `Fixtures/raft`: node directories of the replicated service, copied from `../shared/raft`.
    package static let raft = packageRoot + "/Fixtures/raft"

    /// `Fixtures/nodes`: small clusters of node directories built by `Fixtures/generate.py`.
    package static let nodes = packageRoot + "/Fixtures/nodes"

    /// `Tests/InspectorTests/Snapshots`: the inspector's recorded frames.
    package static let snapshots = packageRoot + "/Tests/InspectorTests/Snapshots"

    /// The directory of the built products (where `logscope` lies next to the test bundle).
    package static let productsDirectory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // swift-corelibs-xctest runs `<name>.xctest` directly from the products directory.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("logscope").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    /// The built `logscope` binary.
    package static var logscope: String { productsDirectory + "/logscope" }

    /// The command that runs the agent on `root`: the built `logscope agent` (the static
    /// `logscope-agent` cannot start under AddressSanitizer, which the library tests run under too).
    package static func agentCommand(_ root: String) -> [String] { [logscope, "agent", root] }
}
