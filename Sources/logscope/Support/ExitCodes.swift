import ArgumentParser
import LogCore

/// The exit codes of the read-only commands: 0 clean, 1 anomalies found, 2 usage or I/O error.
enum ExitCodes {
    static let anomalies = ExitCode(1)
    static let failure = ExitCode(2)

    /// Runs `body`, turning a ``LogError`` into a message on stderr and exit code 2.
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LogError {
            StandardError.print("logscope: \(error)")
            throw failure
        }
    }
}
