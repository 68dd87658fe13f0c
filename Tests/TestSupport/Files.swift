import Foundation
import Glibc
import LogCore

/// Reading files for assertions.
package enum Files {
    /// Every byte of the file at `path` (none when it cannot be read).
    package static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    /// Writes `bytes` to `path`, replacing the file.
    package static func write(_ bytes: [UInt8], to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    /// Appends `bytes` to the file at `path` (which must exist).
    package static func append(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_APPEND)
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    /// Writes `bytes` over the file at `path` from byte `offset`, in place (same inode, same size).
    package static func overwrite(_ path: String, at offset: Int, with bytes: [UInt8]) {
        let fd = open(path, O_WRONLY)
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
    }

    /// The size of the file at `path`, or -1.
    package static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    /// The names in `directory`, sorted.
    package static func names(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// name → sha256 of every file in `directory`.
    package static func digests(_ directory: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names(directory).map { ($0, SHA256.hex(bytes(directory + "/" + $0))) })
    }
}
