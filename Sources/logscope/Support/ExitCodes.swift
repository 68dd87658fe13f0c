import ArgumentParser
import LogCore

/// The exit codes of the commands: 0 clean, 1 anomalies found, 2 an I/O error or a log that cannot be
/// used (usage errors exit 64, as argument-parser makes them).
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
