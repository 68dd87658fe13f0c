import ArgumentParser
import LogCore

/// `logscope append`: appends values through ``Log`` (recovering the log first) and prints offsets.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append records to a log and print their offsets.",
        discussion: """
            Values come from the arguments, else from --file (the whole file is one record), else one
            record per line of standard input. The log is opened for writing, so a crashed log is
            recovered first; what recovery did is printed on stderr.

            Examples:
              logscope append ./log hello world          # two records
              printf 'a\\nb\\n' | logscope append ./log   # two records from stdin
              logscope append ./log --file blob.bin      # one binary record
            """
    )

    @Argument(help: "The log directory (created when missing).")
    var directory: String

    @Argument(help: "Values to append, one record each.")
    var values: [String] = []

    @Option(help: "Append the whole content of this file as one record.")
    var file: String?

    @OptionGroup var log: LogConfigOptions

    /// A `LogError` (a locked, damaged or unusable log) prints `logscope: …` and exits 2.
    func run() throws {
        try ExitCodes.guarding { try appendRecords() }
    }

    private func appendRecords() throws {
        // Read the input first: a missing file must not create or recover the log.
        let fileBytes = try file.map { (path) throws(LogError) in try FileSystem.contents(of: path) }
        let opened = try ForeignWriters.openLog(directory, config: log.config)
        var output = StandardOutput()
        defer { output.flush() }
        do {
            if !values.isEmpty {
                for value in values { output.write(String(try opened.append(Array(value.utf8)))) }
            } else if let fileBytes {
                output.write(String(try opened.append(fileBytes)))
            } else {
                while let line = readLine(strippingNewline: true) {
                    output.write(String(try opened.append(Array(line.utf8))))
                }
            }
        } catch {
            // The offsets printed so far were acknowledged: closing writes out the buffered ones.
            try? opened.close()
            throw error
        }
        try opened.close()
    }
}
