import LogCore

/// How `dump` and `tail` print records.
package enum RecordFormat: String, CaseIterable, Sendable {
    /// One line a record.
    case text
    /// One JSON array of objects.
    case json
    /// One JSON object a line.
    case jsonl
}

/// How `dump` and `tail` print a record's value.
package enum RecordPayload: String, CaseIterable, Sendable {
    case utf8, hex, base64, proto, none
}

/// Records written in one of the formats, straight into the output's bytes: the separators of a
/// JSON array, one line a record otherwise. `dump` and `tail` print through it.
package struct RecordOutput {
    package let format: RecordFormat
    package let payload: RecordPayload
    /// The node log the records come from (`log`, `raft/log`), printed in JSON; `nil` for a plain log directory.
    package var log: String? = nil
    /// How many records were written.
    package private(set) var count = 0

    package init(format: RecordFormat, payload: RecordPayload, log: String?) {
        self.format = format
        self.payload = payload
        self.log = log
    }

    /// The fields every format prints.
    package struct Line {
        package var offset: UInt64
        package var segment: UInt64
        package var position: UInt64
        /// The frame's size, `nil` when the store holds not even its length prefix.
        package var size: UInt64?
        /// The value's bytes (borrowed), `nil` when the record cannot be read.
        package var value: UnsafeRawBufferPointer?
        package var valueLength: Int?
        package var problem: String?
        /// The record's fields, when it decodes (for a Raft log's term and type).
        package var fields: RecordCodec.Fields?

        package init(
            offset: UInt64, segment: UInt64, position: UInt64, size: UInt64?, value: UnsafeRawBufferPointer? = nil, valueLength: Int? = nil,
            problem: String? = nil, fields: RecordCodec.Fields? = nil
        ) {
            (self.offset, self.segment, self.position, self.size) = (offset, segment, position, size)
            (self.value, self.valueLength, self.problem, self.fields) = (value, valueLength, problem, fields)
        }
    }

    /// Starts the output (a JSON array's bracket).
    package func begin(_ out: ByteOutput) {
        if format == .json { out.write("[") }
    }

    /// Ends the output (a JSON array's bracket), and writes it out.
    package func end(_ out: ByteOutput) {
        if format == .json {
            out.write(count > 0 ? "\n]" : "]")
            out.endLine()
        }
        out.flush()
    }

    /// Writes a record the cursor lent `value` for (``RecordCursor/next(lending:)``).
    package mutating func write(_ record: InspectedRecord, value: UnsafeRawBufferPointer?, to out: ByteOutput) {
        write(
            Line(
                offset: record.offset, segment: record.segmentBase, position: record.entry.position, size: record.frame.knownSize,
                value: record.value == nil ? nil : value ?? UnsafeRawBufferPointer(start: nil, count: 0), valueLength: record.valueLength,
                problem: record.problem?.description, fields: record.frame.fields), to: out)
    }

    package mutating func write(_ record: LentRecord, to out: ByteOutput) {
        write(
            Line(
                offset: record.offset, segment: record.segment, position: record.position, size: record.frameSize, value: record.value,
                valueLength: record.value.count, problem: nil, fields: record.fields), to: out)
    }

    /// Writes one record, with what separates it from the one before.
    package mutating func write(_ line: Line, to out: ByteOutput) {
        switch format {
        case .text:
            text(line, to: out)
            out.endLine()
        case .jsonl:
            json(line, to: out)
            out.endLine()
        case .json:
            out.write(count > 0 ? ",\n" : "\n")
            json(line, to: out)
            out.flushIfFull()
        }
        count += 1
    }

    // MARK: Text

    private func text(_ record: Line, to out: ByteOutput) {
        out.write("offset ")
        out.write(decimal: record.offset)
        out.write("  segment ")
        out.write(decimal: record.segment)
        out.write("  pos ")
        out.write(decimal: record.position)
        if let size = record.size {
            out.write("  size ")
            out.write(decimal: size)
        }
        if let problem = record.problem, record.value == nil {
            out.write("  ERROR ")
            out.write(string: problem)
            return
        }
        // A Raft record only (a data record's fields carry no type): its value is copied once, to be decoded.
        let raftValue = record.fields.flatMap(RaftLogType.init(fields:)) == nil ? nil : record.value.map(Array.init) ?? []
        let raft = record.fields.flatMap { fields in raftValue.flatMap { RaftEntry(fields: fields, value: $0) } }
        if let raft {
            out.write("  ")
            if let term = raft.term {
                out.write("term ")
                out.write(decimal: term)
                out.write("  ")
            }
            out.write(string: raft.type.name)
        }
        out.write("  len ")
        out.write(decimal: record.valueLength ?? 0)
        if let value = record.value, payload != .none {
            out.write("  ")
            if payload == .utf8, let raftValue, let summary = raft?.summary(of: raftValue) {
                out.write(string: summary)
            } else {
                textValue(value, to: out)
            }
        }
        if let problem = record.problem {
            out.write("  WARNING ")
            out.write(string: problem)
        }
    }

    /// A value as text: quoted and escaped UTF-8 (`0x` and hex when it is not UTF-8), hex, base64,
    /// or a protobuf tree.
    private func textValue(_ value: UnsafeRawBufferPointer, to out: ByteOutput) {
        switch payload {
        case .none: return
        case .hex: out.write(hex: value)
        case .base64: out.write(base64: value)
        case .proto:
            if let tree = ProtobufTree.parse(Array(value)) {
                out.write(string: tree.compact)
            } else {
                out.write("(not protobuf) ")
                out.write(hex: value)
            }
        case .utf8:
            if UTF8Validation.isValid(value) {
                out.write("\"")
                out.write(escapedText: value, quotes: true)
                out.write("\"")
            } else {
                out.write("0x")
                out.write(hex: value)
            }
        }
    }

    // MARK: JSON

    private func json(_ record: Line, to out: ByteOutput) {
        if let log {
            out.write("{\"log\":")
            out.write(jsonString: log)
            out.write(",\"offset\":")
        } else {
            out.write("{\"offset\":")
        }
        out.write(decimal: record.offset)
        out.write(",\"segment\":")
        out.write(decimal: record.segment)
        out.write(",\"position\":")
        out.write(decimal: record.position)
        if let size = record.size {
            out.write(",\"size\":")
            out.write(decimal: size)
        } else {
            out.write(",\"size\":null")
        }
        if let value = record.value {
            out.write(",\"value_length\":")
            out.write(decimal: value.count)
            jsonValue(value, to: out)
        } else {
            out.write(",\"value\":null")
        }
        if let fields = record.fields, let type = RaftLogType(fields: fields) {
            if let term = fields.term {
                out.write(",\"term\":")
                out.write(decimal: term)
            }
            out.write(",\"type\":")
            out.write(decimal: UInt64(type.rawValue))
            out.write(",\"type_name\":")
            out.write(jsonString: type.name)
        }
        if let problem = record.problem {
            out.write(",\"error\":")
            out.write(jsonString: problem)
        }
        out.write("}")
    }

    /// The `value` field as the payload says; a value it cannot show comes in base64, marked so:
    /// JSON output stays lossless.
    private func jsonValue(_ value: UnsafeRawBufferPointer, to out: ByteOutput) {
        switch payload {
        case .none:
            return
        case .utf8:
            guard UTF8Validation.isValid(value) else { return base64Field(value, to: out) }
            out.write(",\"value\":")
            out.write(jsonString: value)
        case .hex:
            out.write(",\"value\":\"")
            out.write(hex: value)
            out.write("\"")
        case .base64:
            out.write(",\"value\":\"")
            out.write(base64: value)
            out.write("\"")
        case .proto:
            guard let tree = ProtobufTree.parse(Array(value)) else { return base64Field(value, to: out) }
            out.write(",\"value\":")
            out.write(jsonString: tree.compact)
        }
    }

    private func base64Field(_ value: UnsafeRawBufferPointer, to out: ByteOutput) {
        out.write(",\"value\":\"")
        out.write(base64: value)
        out.write("\",\"value_encoding\":\"base64\"")
    }
}
