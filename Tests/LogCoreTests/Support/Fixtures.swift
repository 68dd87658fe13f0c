import Foundation

@testable import LogCore

/// Paths and helpers shared by the tests.
enum TestPaths {
    /// The package root, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Fixtures/golden`, copied from `../shared/golden`.
    static let golden = packageRoot + "/Fixtures/golden"

    /// `Fixtures/raft`: node directories of the replicated service, copied from `../shared/raft`.
    static let raft = packageRoot + "/Fixtures/raft"

    /// `Fixtures/nodes`: small clusters of node directories built by `Fixtures/generate.py`.
    static let nodes = packageRoot + "/Fixtures/nodes"

    /// The directory of the built products (where `logscope` lies next to the test bundle).
    static let productsDirectory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // swift-corelibs-xctest runs `<name>.xctest` directly from the products directory.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("logscope").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    static var logscope: String { productsDirectory + "/logscope" }
}

/// A fresh temporary directory removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = "logcore") {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        path = bytes.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    func child(_ name: String) -> String { path + "/" + name }

    /// Copies fixture directory `source` to `name` inside this directory, writable.
    func copy(_ source: String, as name: String = "log") throws -> String {
        let destination = child(name)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        for file in try FileManager.default.contentsOfDirectory(atPath: destination) {
            chmod(destination + "/" + file, 0o644)
        }
        chmod(destination, 0o755)
        return destination
    }
}

/// Reading files for assertions.
enum Files {
    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    static func write(_ bytes: [UInt8], to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    static func names(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// name → sha256 of every file in `directory`.
    static func digests(_ directory: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names(directory).map { ($0, SHA256.hex(bytes(directory + "/" + $0))) })
    }
}

/// Hex strings of the manifests.
enum Hex {
    static func decode(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(hex.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            result.append(nibble(high) << 4 | nibble(low))
        }
        return result
    }

    static func encode(_ bytes: [UInt8]) -> String { HexString.encode(bytes) }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return c - 55
        }
    }
}
