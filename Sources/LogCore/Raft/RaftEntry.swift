/// A record of a node's Raft log read as a Raft entry: its term, its type, and its value decoded by
/// type (a command down to the produced value, a configuration's servers).
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
    /// - Parameter value: the value's bytes; a value cut short (a preview) decodes as far as it goes.
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

    /// `T2 LogCommand`: the term (when there is one) and the type's name.
    public var label: String {
        (term.map { "T\($0) " } ?? "") + type.name
    }
}
