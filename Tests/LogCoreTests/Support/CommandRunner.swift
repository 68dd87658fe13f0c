import Foundation

/// Runs the built `logscope` binary and captures what it prints.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Logscope {
    /// Runs `logscope arguments`; with a `wrapper` (`setpriv …`), runs `wrapper logscope arguments`.
    static func run(_ arguments: [String], stdin: String? = nil, through wrapper: [String] = []) throws -> CommandResult {
        try ChildProcess.run(wrapper + [TestPaths.logscope] + arguments, stdin: stdin)
    }
}

enum ChildProcess {
    /// Runs `command` (an executable's path, then its arguments) and captures what it prints.
    static func run(_ command: [String], stdin: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

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
