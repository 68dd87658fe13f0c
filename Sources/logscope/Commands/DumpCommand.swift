import ArgumentParser
import LogCore
import LogInspection

/// `logscope dump`: records as text, JSON or JSON lines, read through the index.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print records, read-only, starting from the index (no scan).",
        discussion: HelpText.reflowed(
            """
            jsonl prints one object per record with offset, segment (base offset), position, size (frame
            bytes), value_length and value (as --payload says); a record that cannot be read has
            "error" and value null. JSON output is lossless: a value that is not valid UTF-8 (with
            --payload utf8) or not protobuf (with --payload proto) comes as base64 with
            "value_encoding":"base64". A record of a Raft log adds term, type and type_name (a record
            with a term and no type field is a LogCommand, type 0: Go omits zero fields); in text, its
            value is decoded by type under --payload utf8.

            On a node's data directory (log/, raft/log/, raft/stable) it dumps the data log, or the log
            --log names; JSON then adds "log".

            Exit status: 0 when every record in the range was read, 1 when one could not be (its row
            says why) or the directory holds no segment, 2 on an I/O error.

            Examples:
              logscope dump ./log --from 1000 --limit 10
              logscope dump ./log --format jsonl --payload hex | jq -r .value
              logscope dump ./log --format json --payload proto
              logscope dump ./node-0 --log raft/log --format jsonl | jq .type_name
            """)
    )

    @Argument(help: "The log directory, or a node's data directory. On another machine: ssh://[user@]host[:port]/path or host:/path.")
    var directory: String

    @OptionGroup var remote: RemoteOptions

    @OptionGroup var node: NodeLogOption

    @Option(parsing: .unconditional, help: "First offset (default: the lowest).")
    var from: UInt64?

    @Option(parsing: .unconditional, help: "Last offset, inclusive.")
    var to: UInt64?

    @Option(parsing: .unconditional, help: "Print at most this many records.")
    var limit: Int?

    @Option(help: "text, json (one array) or jsonl (one object per line).")
    var format: RecordFormat = .text

    @Option(help: "How values are printed: utf8, hex (lowercase), base64, proto (schema-less field tree) or none.")
    var payload: RecordPayload = .utf8

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let from, let to, to < from { throw ValidationError("--to (\(to)) is below --from (\(from))") }
    }

    mutating func run() throws {
        directory = try RemoteDirectories.resolve(directory, remote)
        let (path, log) = try node.resolve(directory)
        let output = ByteOutput()
        var records = RecordOutput(format: format, payload: payload, log: log)
        records.begin(output)
        var unreadable: [String] = []
        var failedRecords = 0
        let directory = try ExitCodes.guarding {
            let directory = try LogDirectory(path: path)
            if directory.segments.isEmpty { StandardError.print(directory.noSegmentsNote) }
            // One binary search for the first record, then record after record; a segment's files
            // stay open only while the directory's budget of open segments has room.
            var cursor = directory.records(from: from ?? 0, through: to ?? .max)
            defer { unreadable = cursor.unreadableFiles.map(\.name) }
            // Read once: an option's property wrapper costs a metadata lookup on every access.
            let limit = limit ?? .max
            var more = true
            while more, records.count < limit {
                more = try cursor.next(
                    lending: { record, value in
                        if record.value == nil { failedRecords += 1 }
                        records.write(record, value: value, to: output)
                    },
                    unlisted: { base, offset, index in
                        // Which offsets it holds is unknown: one error row stands for them.
                        let problem = "\(index); the records of segment \(base) cannot be listed"
                        records.write(.init(offset: offset, segment: base, position: 0, size: 0, problem: problem), to: output)
                    })
            }
            return directory
        }
        records.end(output)
        try output.exitIfFailed()
        if !unreadable.isEmpty {
            StandardError.print(
                "logscope: \(unreadable.joined(separator: ", ")) cannot be read, so \(unreadable.count == 1 ? "its" : "their") records came as errors; "
                    + "run as the log's owner, or grant read access (chmod)")
        }
        // Nothing in the range asked for: said, not an empty output with status 0.
        if records.count == 0, let first = directory.segments.first, let last = directory.segments.last, limit != 0 {
            let end = last.baseOffset.saturatingAdd(UInt64((try? last.validEntryCount()) ?? 0))
            let asked = to.map { RangeNotation.closed("\(from ?? first.baseOffset)", "\($0)") } ?? "\(from ?? first.baseOffset)..."
            StandardError.print(
                end > first.baseOffset
                    ? "logscope: no record in offsets \(asked) of \(path): it holds offsets \(RangeNotation.closed("\(first.baseOffset)", "\(end - 1)"))"
                    : "logscope: \(path): its index maps no record (`logscope check` says why)")
            throw ExitCodes.anomalies
        }
        if directory.segments.isEmpty || failedRecords > 0 || !unreadable.isEmpty { throw ExitCodes.anomalies }
    }
}
