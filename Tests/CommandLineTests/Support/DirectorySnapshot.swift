import Foundation
import LogCore
import TestSupport

/// Every file's name, size, modification time and digest, to prove a command changed nothing.
struct DirectorySnapshot: Equatable {
    struct FileState: Equatable {
        var size: Int
        var modified: Date
        var sha256: String
    }

    var files: [String: FileState]
    var directoryModified: Date

    init(_ path: String) {
        var files: [String: FileState] = [:]
        for name in Files.names(path) {
            let full = path + "/" + name
            let attributes = (try? FileManager.default.attributesOfItem(atPath: full)) ?? [:]
            files[name] = FileState(
                size: (attributes[.size] as? NSNumber)?.intValue ?? -1,
                modified: attributes[.modificationDate] as? Date ?? .distantPast,
                sha256: SHA256.hex(Files.bytes(full)))
        }
        self.files = files
        directoryModified = ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
