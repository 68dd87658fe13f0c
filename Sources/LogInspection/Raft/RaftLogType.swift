/// The type of an entry of Raft's log (hashicorp/raft's `LogType`), field 4 of a record of a node's
/// `raft/log`.
///
/// Go omits a field whose value is zero, so a ``command`` entry has a term but no type field on disk:
/// ``init(fields:)`` reads such a record as a command.
import LogCore

public struct RaftLogType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The number on disk.
    public var rawValue: UInt64

    /// Creates a type from its number (any number: unknown ones are named by it).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `LogCommand` (0): a command for the state machine; in proglog a request type byte and a
    /// protobuf `ProduceRequest`.
    public static let command = RaftLogType(rawValue: 0)
    /// `LogNoop` (1): a new leader's first entry.
    public static let noop = RaftLogType(rawValue: 1)
    /// `LogAddPeerDeprecated` (2): an old-style peer addition.
    public static let addPeerDeprecated = RaftLogType(rawValue: 2)
    /// `LogRemovePeerDeprecated` (3): an old-style peer removal.
    public static let removePeerDeprecated = RaftLogType(rawValue: 3)
    /// `LogBarrier` (4): a barrier, empty.
    public static let barrier = RaftLogType(rawValue: 4)
    /// `LogConfiguration` (5): the cluster's servers, as MessagePack.
    public static let configuration = RaftLogType(rawValue: 5)

    private static let names = [
        "LogCommand", "LogNoop", "LogAddPeerDeprecated", "LogRemovePeerDeprecated", "LogBarrier", "LogConfiguration",
    ]

    /// The name hashicorp/raft gives the type (`LogCommand`, `LogConfiguration`, …), or `unknown type N`.
    public var name: String {
        rawValue < UInt64(Self.names.count) ? Self.names[Int(rawValue)] : "unknown type \(rawValue)"
    }

    public var description: String { name }

    /// The type of a record read from a Raft log: its type field, or ``command`` when it has a term but
    /// no type (Go omits the zero field); `nil` for a record with neither (a data log's record).
    public init?(fields: RecordCodec.Fields) {
        if let type = fields.type {
            self.init(rawValue: type)
        } else if fields.term != nil {
            self = .command
        } else {
            return nil
        }
    }

    private static let shortNames = ["command", "noop", "addpeer", "rmpeer", "barrier", "config"]

    /// The name in at most seven letters, for narrow columns: `command`, `noop`, `addpeer`, `rmpeer`,
    /// `barrier`, `config`, or the number.
    public var shortName: String {
        rawValue < UInt64(Self.shortNames.count) ? Self.shortNames[Int(rawValue)] : "\(rawValue)"
    }

    /// Parses a type as a person types it, in any case: its number, or the beginning of its name
    /// without `Log` or of its short name (`command`, `noop`, `conf`, `barrier`, `LogConfiguration`);
    /// `nil` when it names no type.
    public init?(parsing text: String) {
        let word = text.lowercased()
        if let number = UInt64(word) {
            self.init(rawValue: number)
            return
        }
        let bare = word.hasPrefix("log") ? String(word.dropFirst(3)) : word
        guard !bare.isEmpty else { return nil }
        let index = Self.names.indices.first { i in
            Self.names[i].lowercased().dropFirst(3).hasPrefix(bare) || Self.shortNames[i].hasPrefix(bare)
        }
        guard let index else { return nil }
        self.init(rawValue: UInt64(index))
    }
}
