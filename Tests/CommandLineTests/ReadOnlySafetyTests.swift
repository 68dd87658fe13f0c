import Foundation
import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// Every read-only subcommand on every fixture: no file changes (content, size, modification time),
/// and no file appears or disappears.
@Suite struct ReadOnlySafetyTests {
    static let fixtures: [String] = {
        let damaged = Files.names(TestPaths.packageRoot + "/Fixtures/damaged").map { "damaged/" + $0 }
        let golden = Files.names(TestPaths.golden).filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }.map { "golden/" + $0 }
        return damaged + golden
    }()

    static let commands: [[String]] = [
        ["check"], ["check", "--json"], ["stat"], ["stat", "--json"],
        ["dump"], ["dump", "--format", "jsonl", "--payload", "base64"], ["dump", "--format", "json", "--payload", "proto", "--from", "12"],
    ]

    @Test(arguments: fixtures)
    func readOnlyCommandsChangeNothing(fixture: String) throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/" + fixture)
        let before = DirectorySnapshot(path)
        for command in Self.commands {
            let result = try Logscope.run(command + [path])
            #expect(result.status != 2 && result.status < 64, "\(command) on \(fixture): \(result.stderr)")
            #expect(DirectorySnapshot(path) == before, "\(command) changed \(fixture)")
        }
        _ = try Logscope.run(["repair", path, "--output", dir.child("repaired")])
        #expect(DirectorySnapshot(path) == before, "repair changed \(fixture)")
    }

    /// `diff` and `check` on node directories (every file under them, snapshots included).
    @Test func diffAndCheckOfNodeDirectoriesChangeNothing() throws {
        let dir = TemporaryDirectory()
        for cluster in ["raft/B-follower-lag", "nodes/snapshot", "nodes/replayed"] {
            let path = dir.child(cluster.replacingOccurrences(of: "/", with: "-"))
            try FileManager.default.copyItem(atPath: TestPaths.packageRoot + "/Fixtures/" + cluster, toPath: path)
            let nodes = Files.names(path).filter { $0.hasPrefix("node-") }.map { path + "/" + $0 }
            let before = Self.tree(path)
            for arguments in [["diff"] + nodes, ["diff", "--format", "jsonl"] + nodes] + nodes.map({ ["check", "--json", $0] }) {
                let result = try Logscope.run(arguments)
                #expect(result.status < 2, "\(arguments): \(result.stderr)")
            }
            #expect(Self.tree(path) == before, "diff or check changed \(cluster)")
        }
    }

    /// Every file under `path`: relative path → size, modification time, digest.
    static func tree(_ path: String) -> [String: DirectorySnapshot.FileState] {
        var files: [String: DirectorySnapshot.FileState] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
            let full = path + "/" + name
            let attributes = (try? FileManager.default.attributesOfItem(atPath: full)) ?? [:]
            files[name] = DirectorySnapshot.FileState(
                size: (attributes[.size] as? NSNumber)?.intValue ?? -1, modified: attributes[.modificationDate] as? Date ?? .distantPast,
                sha256: SHA256.hex(Files.bytes(full)))
        }
        return files
    }

    @Test func theInspectionAPIOpensNothingForWriting() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.packageRoot + "/Fixtures/damaged/crashed")
        // Read-only files: any attempt to open them for writing would fail with EACCES for non-root,
        // so check the descriptors' modes instead.
        let directory = try LogDirectory(path: path)
        _ = try IntegrityChecker(directory: directory, live: false).run()
        _ = try directory.record(at: 3)
        let modes = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { fd -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd),
                target.hasPrefix(path)
            else { return nil }
            let info = try String(contentsOfFile: "/proc/self/fdinfo/" + fd, encoding: .utf8)
            return info.split(separator: "\n").first { $0.hasPrefix("flags:") }.map(String.init)
        }
        #expect(!modes.isEmpty)
        for flags in modes {
            let octal = UInt32(flags.split(separator: "\t").last ?? "", radix: 8) ?? 0
            #expect(octal & 3 == 0, "opened with \(flags)")  // O_ACCMODE == O_RDONLY
        }
    }
}
