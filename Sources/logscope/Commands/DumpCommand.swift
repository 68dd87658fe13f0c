import ArgumentParser
import LogCore

/// `logscope dump`: records as text, JSON or JSON lines, read through the index.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print records, read-only, starting from the index (no scan).",
        discussion: """
            jsonl prints one object per record with offset, segment (base offset), position, size (frame
            bytes), value_length and value (as --payload says); a record that cannot be read has
            "error" and value null. JSON output is lossless: with --payload utf8, a value that is not
            valid UTF-8 comes as base64 with "value_encoding":"base64".

            Examples:
              logscope dump ./log --from 1000 --limit 10
              logscope dump ./log --format jsonl --payload hex | jq -r .value
              logscope dump ./log --format json --payload proto
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl }
    enum Payload: String, ExpressibleByArgument, CaseIterable { case utf8, hex, base64, proto, none }

    @Argument(help: "The log directory.")
    var directory: String

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
        var output = StandardOutput()
        if format == .json { output.write("[", newline: false) }
        var printed = 0
        try ExitCodes.guarding {
            let directory = try LogDirectory(path: self.directory)
            var walk = RecordWalk(directory: directory, from: from ?? 0)  // closes each segment's files as it moves on
            while limit.map({ printed < $0 }) ?? true, let position = try walk.next(), to.map({ position.offset <= $0 }) ?? true {
                guard let record = try directory.record(segment: position.segment, slot: position.slot) else { break }
                let line = RecordFormatter(payload: payload).render(record, format: format)
                if format == .json {
                    output.write((printed > 0 ? ",\n" : "\n") + line, newline: false)
                } else {
                    output.write(line)
                }
                printed += 1
            }
        }
        if format == .json { output.write(printed > 0 ? "\n]" : "]") }
        output.flush()
    }
}

/// Renders one record in each output format.
struct RecordFormatter {
    let payload: DumpCommand.Payload

    /// The fields every format prints.
    struct Line {
        var offset: UInt64
        var segment: UInt64
        var position: UInt64
        var size: UInt64
        var value: [UInt8]?
        var valueLength: Int?
        var problem: String?
    }

    func render(_ record: InspectedRecord, format: DumpCommand.Format) -> String {
        render(
            Line(
                offset: record.offset, segment: record.segmentBase, position: record.entry.position, size: record.frame.size,
                value: record.value, valueLength: record.valueLength, problem: record.problem), format: format)
    }

    func render(_ record: WatchedRecord, format: DumpCommand.Format) -> String {
        render(
            Line(
                offset: record.offset, segment: record.segment, position: record.position, size: record.frameSize,
                value: record.value, valueLength: record.value.count, problem: nil), format: format)
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
        line += "  len \(record.valueLength ?? 0)"
        if let value = record.value, payload != .none {
            line += "  " + textValue(value)
        }
        if let problem = record.problem { line += "  WARNING \(problem)" }
        return line
    }

    func json(_ record: Line) -> String {
        var object = JSONObject()
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
                    object.field("value", Base64.encode(value))
                    object.field("value_encoding", "base64")
                }
            case .hex: object.field("value", HexString.encode(value))
            case .base64: object.field("value", Base64.encode(value))
            case .proto: object.field("value", ProtobufTree.parse(value)?.compact)
            }
        } else {
            object.field("value", nil as String?)
        }
        if let problem = record.problem { object.field("error", problem) }
        return object.json
    }

    private func textValue(_ value: [UInt8]) -> String {
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
