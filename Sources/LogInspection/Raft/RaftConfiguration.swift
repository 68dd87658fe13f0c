/// The servers of a Raft cluster, as a `LogConfiguration` entry carries them (MessagePack) and a
/// snapshot's `meta.json` repeats them (JSON): `{"Servers": [{"Suffrage": 0, "ID": "0", "Address": "…"}]}`.

public struct RaftConfiguration: Sendable, Equatable {
    /// A server's vote.
    public enum Suffrage: Sendable, Equatable, CustomStringConvertible {
        /// 0: votes and can become leader.
        case voter
        /// 1: receives the log but does not vote.
        case nonvoter
        /// 2: catching up before it becomes a voter.
        case staging
        /// A number hashicorp/raft does not define.
        case unknown(UInt64)

        /// The suffrage of hashicorp/raft's number.
        public init(_ number: UInt64) {
            switch number {
            case 0: self = .voter
            case 1: self = .nonvoter
            case 2: self = .staging
            default: self = .unknown(number)
            }
        }

        /// `Voter`, `Nonvoter`, `Staging` (raft's names), or `suffrage N`.
        public var description: String {
            switch self {
            case .voter: return "Voter"
            case .nonvoter: return "Nonvoter"
            case .staging: return "Staging"
            case .unknown(let number): return "suffrage \(number)"
            }
        }
    }

    /// One server.
    public struct Server: Sendable, Equatable {
        /// Its vote.
        public var suffrage: Suffrage
        /// Its ID (`ServerID`).
        public var id: String
        /// Its Raft address (`ServerAddress`).
        public var address: String

        /// Creates a server.
        public init(suffrage: Suffrage, id: String, address: String) {
            self.suffrage = suffrage
            self.id = id
            self.address = address
        }
    }

    /// The servers, in the entry's order.
    public var servers: [Server]

    /// Creates a configuration.
    public init(servers: [Server]) { self.servers = servers }

    /// Reads a configuration from its decoded document: a map whose `Servers` is an array of maps with
    /// `Suffrage`, `ID` and `Address`.
    ///
    /// - Throws: a ``DecodingFailure`` naming the member that is missing or of the wrong kind.
    public init(_ document: StructuredValue) throws(DecodingFailure) {
        guard case .map = document else { throw DecodingFailure(at: nil, "the configuration is \(document.kindName), not a map") }
        guard let list = document["Servers"] else { throw DecodingFailure(at: nil, "the configuration has no Servers") }
        guard let elements = list.elements else { throw DecodingFailure(at: nil, "Servers is \(list.kindName), not an array") }
        servers = []
        for (i, element) in elements.enumerated() {
            guard let suffrage = element["Suffrage"]?.unsignedValue else { throw DecodingFailure(at: nil, "server \(i) has no Suffrage number") }
            guard let id = element["ID"]?.text else { throw DecodingFailure(at: nil, "server \(i) has no ID string") }
            guard let address = element["Address"]?.text else { throw DecodingFailure(at: nil, "server \(i) has no Address string") }
            servers.append(Server(suffrage: Suffrage(suffrage), id: id, address: address))
        }
    }

    /// Decodes a `LogConfiguration` entry's value (MessagePack).
    public static func decode(messagePack bytes: [UInt8]) -> Result<RaftConfiguration, DecodingFailure> {
        switch MessagePack.decode(bytes) {
        case .success(let document):
            do {
                return .success(try RaftConfiguration(document))
            } catch {
                return .failure(error)
            }
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// `0 127.0.0.1:53405 Voter, 1 127.0.0.1:41417 Voter`.
    public var summary: String {
        servers.isEmpty ? "no servers" : servers.map { "\($0.id) \($0.address) \($0.suffrage)" }.joined(separator: ", ")
    }
}
