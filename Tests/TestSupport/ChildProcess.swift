import Foundation

/// Runs the built `logscope` binary and captures what it prints.
package struct CommandResult {
    package var status: Int32
    package var stdout: String
    package var stderr: String
}

package enum Logscope {
    /// Runs `logscope arguments`; with a `wrapper` (`setpriv …`), runs `wrapper logscope arguments`.
    package static func run(_ arguments: [String], stdin: String? = nil, through wrapper: [String] = []) throws -> CommandResult {
        try ChildProcess.run(wrapper + [TestPaths.logscope] + arguments, stdin: stdin)
    }
}

package enum ChildProcess {
    /// Runs `command` (an executable's path, then its arguments) and captures what it prints.
    package static func run(_ command: [String], stdin: String? = nil) throws -> CommandResult {
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
