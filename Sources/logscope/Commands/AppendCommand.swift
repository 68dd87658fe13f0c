import ArgumentParser
import LogCore

/// `logscope append`: appends values through ``Log`` (recovering the log first) and prints offsets.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append records to a log and print their offsets.",
        discussion: HelpText.reflowed(
            """
            Values come from the arguments, else from --file (the whole file is one record), else one
            record per line of standard input (its bytes as they are). With --hex or --base64, the
            arguments or lines are decoded first: that is how to append binary values. An argument that
            is not valid UTF-8 is refused rather than altered. The log is opened for writing, so a
            crashed log is recovered first; what recovery did is printed on stderr.

            Examples:
              logscope append ./log hello world          # two records
              printf 'a\\nb\\n' | logscope append ./log   # two records from stdin
              logscope append ./log --hex 00ff0a 0a0b    # two binary records
              logscope append ./log --base64 AP8K        # the bytes 00 ff 0a
              logscope append ./log --file blob.bin      # one binary record
            """)
    )

    @Argument(help: "The log directory (created when missing).")
    var directory: String

    @Argument(help: "Values to append, one record each.")
    var values: [String] = []

    @Flag var encoding: ValueEncoding = .text

    @Option(help: "Append the whole content of this file as one record.")
    var file: String?

    @OptionGroup var log: LogConfigOptions

    func validate() throws {
        if encoding != .text, file != nil {
            throw ValidationError("--file appends the file's bytes as they are; --\(encoding) decodes VALUEs or lines of standard input")
        }
        _ = try decodedValues()
    }

    /// A `LogError` (a locked, damaged or unusable log) prints `logscope: …` and exits 2.
    func run() throws {
        try RemoteDirectories.refuseRemote(directory, command: "append")
        try ExitCodes.guarding { try appendRecords() }
    }

    /// The arguments' bytes, decoded as `--hex` or `--base64` say; a value that does not decode is
    /// a usage error, found before the log is opened.
    private func decodedValues() throws -> [[UInt8]] {
        try values.enumerated().map { i, value in
            guard let bytes = encoding.decode(Array(value.utf8)) else {
                throw ValidationError("value \(i + 1) (\(value.prefix(40))) is not \(encoding.expectation)")
            }
            guard bytes.count <= log.maxValueBytes else {
                throw ValidationError("value \(i + 1) is \(bytes.count) bytes, more than --max-value-bytes \(log.maxValueBytes)")
            }
            return bytes
        }
    }

    private func appendRecords() throws {
        // Read the input first: a missing file or a value that does not decode must not create or
        // recover the log.
        let fileBytes = try file.map { (path) throws(LogError) in try FileSystem.contents(of: path, limit: log.maxValueBytes) }
        let arguments = try decodedValues()
        let opened = try ForeignWriters.openLog(directory, config: try log.config(for: directory))
        var output = StandardOutput()
        defer { output.flush() }
        do {
            if !arguments.isEmpty {
                for value in arguments { output.write(String(try opened.append(value))) }
            } else if let fileBytes {
                output.write(String(try opened.append(fileBytes)))
            } else {
                var input = StandardInput()
                var number = 0
                // A --hex or --base64 line is longer than the value it decodes to.
                let lineLimit = encoding == .text || log.maxValueBytes > (Int.max - 4) / 2 ? log.maxValueBytes : log.maxValueBytes * 2 + 4
                while let line = try input.nextLine(limit: lineLimit) {
                    number += 1
                    guard let value = encoding.decode(line) else {
                        StandardError.print("logscope: line \(number) of standard input is not \(encoding.expectation); the lines before it were appended")
                        throw ExitCodes.failure
                    }
                    guard value.count <= log.maxValueBytes else {
                        throw LogError.inputTooLarge(source: "line \(number) of standard input", limit: log.maxValueBytes)
                    }
                    output.write(String(try opened.append(value)))
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
