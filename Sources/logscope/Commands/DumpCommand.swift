import ArgumentParser
import LogCore
import LogInspection

/// `logscope dump`: records as text, JSON or JSON lines, read through the index.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print records, read-only, starting from the index (no scan).",
        discussion: """
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
              logscope dump ./node-0 --log raft/log --format jsonl | jq 'select(.type_name == "LogConfiguration")'
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl }
    enum Payload: String, ExpressibleByArgument, CaseIterable { case utf8, hex, base64, proto, none }

    @Argument(help: "The log directory, or a node's data directory.")
    var directory: String

    @OptionGroup var node: NodeLogOption

    @Option(help: "First offset (default: the lowest).")
    var from: UInt64?

    @Option(help: "Last offset, inclusive.")
    var to: UInt64?

    @Option(help: "Print at most this many records.")
    var limit: Int?

    @Option(help: "text, json (one array) or jsonl (one object per line).")
    var format: Format = .text

    @Option(help: "How values are printed: utf8, hex (lowercase), base64, proto (schema-less field tree) or none.")
    var payload: Payload = .utf8

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let from, let to, to < from { throw ValidationError("--to (\(to)) is below --from (\(from))") }
    }

    func run() throws {
        let (path, log) = try node.resolve(directory)
        // Read once: an option's property wrapper costs a metadata lookup on every access.
        let format = format
        var output = StandardOutput()
        if format == .json { output.write("[", newline: false) }
        var printed = 0
        var unreadable: [String] = []
        var failedRecords = 0
        let formatter = RecordFormatter(payload: payload, log: log)
        func emit(_ line: String) {
            if format == .json {
                output.write((printed > 0 ? ",\n" : "\n") + line, newline: false)
            } else {
                output.write(line)
            }
            printed += 1
        }
        let directory = try ExitCodes.guarding {
            let directory = try LogDirectory(path: path)
            if directory.segments.isEmpty { StandardError.print(directory.noSegmentsNote) }
            // One binary search for the first record, then record after record; a segment's files
            // stay open only while the directory's budget of open segments has room.
            var records = directory.records(from: from ?? 0, through: to ?? .max)
            defer { unreadable = records.unreadableFiles.map(\.name) }
            while limit.map({ printed < $0 }) ?? true, let item = try records.next() {
                switch item {
                case .record(let record):
                    if record.value == nil { failedRecords += 1 }
                    emit(formatter.render(record, format: format))
                case .unlistedSegment(let base, let offset, let index):
                    // Which offsets it holds is unknown: one error row stands for them.
                    let problem = "\(index); the records of segment \(base) cannot be listed"
                    emit(formatter.render(.init(offset: offset, segment: base, position: 0, size: 0, problem: problem), format: format))
                }
            }
            return directory
        }
        if format == .json { output.write(printed > 0 ? "\n]" : "]") }
        output.flush()
        if !unreadable.isEmpty {
            StandardError.print(
                "logscope: \(unreadable.joined(separator: ", ")) cannot be read, so \(unreadable.count == 1 ? "its" : "their") records came as errors; "
                    + "run as the log's owner, or grant read access (chmod)")
        }
        if directory.segments.isEmpty || failedRecords > 0 || !unreadable.isEmpty { throw ExitCodes.anomalies }
    }
}

/// Renders one record in each output format.
struct RecordFormatter {
    let payload: DumpCommand.Payload
    /// The node log the records come from (`log`, `raft/log`), printed in JSON; `nil` for a plain log directory.
    var log: String? = nil

    /// The fields every format prints.
    struct Line {
        var offset: UInt64
        var segment: UInt64
        var position: UInt64
        var size: UInt64
        var value: [UInt8]?
        var valueLength: Int?
        var problem: String?
        /// The record's fields, when it decodes (for a Raft log's term and type).
        var fields: RecordCodec.Fields?
    }

    func render(_ record: InspectedRecord, format: DumpCommand.Format) -> String {
        render(
            Line(
                offset: record.offset, segment: record.segmentBase, position: record.entry.position, size: record.frame.size,
                value: record.value, valueLength: record.valueLength, problem: record.problem, fields: record.frame.fields), format: format)
    }

    func render(_ record: WatchedRecord, format: DumpCommand.Format) -> String {
        render(
            Line(
                offset: record.offset, segment: record.segment, position: record.position, size: record.frameSize,
                value: record.value, valueLength: record.value.count, problem: nil, fields: record.fields), format: format)
    }

    func render(_ line: Line, format: DumpCommand.Format) -> String {
        switch format {
        case .text: return text(line)
        case .json, .jsonl: return json(line)
        }
    }

    func text(_ record: Line) -> String {
        var line = "offset \(record.offset)  segment \(record.segment)  pos \(record.position)  size \(record.size)"
        if let problem = record.problem, record.value == nil {
            return line + "  ERROR \(problem)"
        }
        let raft = record.fields.flatMap { fields in RaftEntry(fields: fields, value: record.value ?? []) }
        if let raft { line += "  " + (raft.term.map { "term \($0)  " } ?? "") + raft.type.name }
        line += "  len \(record.valueLength ?? 0)"
        if let value = record.value, payload != .none {
            line += "  " + (payload == .utf8 ? raft?.summary(of: value) ?? textValue(value) : textValue(value))
        }
        if let problem = record.problem { line += "  WARNING \(problem)" }
        return line
    }

    func json(_ record: Line) -> String {
        var object = JSONObject()
        if let log { object.field("log", log) }
        object.field("offset", record.offset)
        object.field("segment", record.segment)
        object.field("position", record.position)
        object.field("size", record.size)
        if let value = record.value {
            object.field("value_length", value.count)
            switch payload {
            case .none:
                break
            case .utf8:
                if let text = String(validating: value, as: UTF8.self) {
                    object.field("value", text)
                } else {
                    Self.base64Field(value, into: &object)
                }
            case .hex: object.field("value", HexString.encode(value))
            case .base64: object.field("value", Base64.encode(value))
            case .proto:
                if let tree = ProtobufTree.parse(value) {
                    object.field("value", tree.compact)
                } else {
                    Self.base64Field(value, into: &object)
                }
            }
        } else {
            object.field("value", nil as String?)
        }
        if let fields = record.fields, let type = RaftLogType(fields: fields) {
            if let term = fields.term { object.field("term", term) }
            object.field("type", type.rawValue)
            object.field("type_name", type.name)
        }
        if let problem = record.problem { object.field("error", problem) }
        return object.json
    }

    /// A value the chosen payload cannot show, in base64 and marked so: JSON output stays lossless.
    private static func base64Field(_ value: [UInt8], into object: inout JSONObject) {
        object.field("value", Base64.encode(value))
        object.field("value_encoding", "base64")
    }

    func textValue(_ value: [UInt8]) -> String {
        switch payload {
        case .none: return ""
        case .hex: return HexString.encode(value)
        case .base64: return Base64.encode(value)
        case .proto: return ProtobufTree.parse(value)?.compact ?? "(not protobuf) " + HexString.encode(value)
        case .utf8:
            if let text = String(validating: value, as: UTF8.self) { return "\"" + text.replacingControlCharacters() + "\"" }
            return "0x" + HexString.encode(value)
        }
    }
}
