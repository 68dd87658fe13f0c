/// A record of a node's Raft log read as a Raft entry: its term, its type, and its value decoded by
/// type (a command down to the produced value, a configuration's servers).
import LogCore

public struct RaftEntry: Sendable, Equatable {
    /// What the entry's value holds.
    public enum Body: Sendable, Equatable {
        /// A `LogCommand`'s request and the value the client produced.
        case command(RaftCommand)
        /// A `LogConfiguration`'s servers.
        case configuration(RaftConfiguration)
        /// No value (a no-op or a barrier).
        case empty
        /// A value logscope does not decode further (deprecated peer changes, unknown types).
        case opaque
        /// A value that does not decode as its type says.
        case undecodable(DecodingFailure)
    }

    /// The Raft term (field 3), `nil` when the record has none.
    public var term: UInt64?
    /// The type (field 4, or ``RaftLogType/command`` when only the term is there).
    public var type: RaftLogType
    /// The value, decoded by type.
    public var body: Body

    /// Reads the record whose fields are `fields` and whose value is `value` as a Raft entry; `nil`
    /// for a record with neither term nor type (a data log's record).
    ///
    /// - Parameter value: the whole value (a value cut short does not decode as a command or configuration).
    public init?(fields: RecordCodec.Fields, value: [UInt8]) {
        guard let type = RaftLogType(fields: fields) else { return nil }
        self.term = fields.term
        self.type = type
        switch type {
        case .command:
            switch RaftCommand.decode(value) {
            case .success(let command): body = .command(command)
            case .failure(let failure): body = .undecodable(failure)
            }
        case .configuration:
            switch RaftConfiguration.decode(messagePack: value) {
            case .success(let configuration): body = .configuration(configuration)
            case .failure(let failure): body = .undecodable(failure)
            }
        default:
            body = value.isEmpty ? .empty : .opaque
        }
    }

    /// The entry's value in one line, for lists: a command's request and the produced value (quoted
    /// text, else hex; at most `limit` bytes of it), a configuration's servers, `(empty)`; `nil` for a
    /// value logscope does not decode (show its bytes instead).
    ///
    /// - Parameter value: the value the entry was decoded from.
    public func summary(of value: [UInt8], limit: Int = .max) -> String? {
        switch body {
        case .command(let command):
            let produced = value[command.valueRange].prefix(limit)
            let more = command.valueRange.count > produced.count ? "…" : ""
            if let text = CutUTF8.decode(produced, cut: !more.isEmpty) {
                return command.requestTypeName + " \"" + text.replacingControlCharacters() + "\"" + more
            }
            return command.requestTypeName + " 0x" + HexString.encode(produced) + more
        case .configuration(let configuration):
            return "servers: " + configuration.summary
        case .empty:
            return "(empty)"
        case .opaque:
            return nil
        case .undecodable(let failure):
            return "does not decode as a \(type.name): \(failure)"
        }
    }

    /// `T2 LogCommand`: the term (when there is one) and the type's name.
    public var label: String {
        (term.map { "T\($0) " } ?? "") + type.name
    }
}
