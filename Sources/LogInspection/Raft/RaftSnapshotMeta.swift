/// A snapshot's `meta.json`, as hashicorp/raft's file snapshot store writes it: `ID`, `Index`, `Term`,
/// `Size` (of `state.bin`), `Configuration` and `ConfigurationIndex`.
import LogCore

public struct RaftSnapshotMeta: Sendable, Equatable {
    /// The snapshot's ID (`<term>-<index>-<unixms>`, its directory's name).
    public var id: String
    /// The last Raft index the snapshot covers.
    public var index: UInt64
    /// The term of that entry.
    public var term: UInt64
    /// The size of `state.bin` raft recorded.
    public var size: UInt64
    /// The cluster's configuration as of the snapshot; `nil` when `meta.json` has none.
    public var configuration: RaftConfiguration?
    /// The Raft index of that configuration.
    public var configurationIndex: UInt64?

    /// `meta.json` files larger than this are not read.
    public static let maxBytes: UInt64 = 1 << 20

    /// Reads the `meta.json` at `path`, read-only.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when it cannot be read,
    ///   ``LogError/unreadableFormat(path:position:format:reason:)`` when it is not raft's JSON.
    public init(path: String) throws(LogError) {
        let format = "raft snapshot meta.json"
        let access = FileAccessRoutes.access(for: path)
        let size = access.size(of: path) ?? 0
        guard size <= Self.maxBytes else {
            throw LogError.unreadableFormat(path: path, position: 0, format: format, reason: "it is \(size) bytes, more than \(Self.maxBytes)")
        }
        let document: StructuredValue
        // A meta.json is a few hundred bytes; a huge one is not read into memory.
        switch JSONDocument.decode(try access.contents(of: path, limit: 16 << 20)) {
        case .success(let value): document = value
        case .failure(let failure):
            throw LogError.unreadableFormat(path: path, position: UInt64(failure.position ?? 0), format: format, reason: failure.reason)
        }
        func number(_ key: String) throws(LogError) -> UInt64 {
            guard let value = document[key]?.unsignedValue else {
                throw LogError.unreadableFormat(path: path, position: 0, format: format, reason: "it has no \(key) number")
            }
            return value
        }
        guard let id = document["ID"]?.text else {
            throw LogError.unreadableFormat(path: path, position: 0, format: format, reason: "it has no ID string")
        }
        self.id = id
        index = try number("Index")
        term = try number("Term")
        self.size = try number("Size")
        configurationIndex = document["ConfigurationIndex"]?.unsignedValue
        if let configuration = document["Configuration"], configuration != .null {
            do {
                self.configuration = try RaftConfiguration(configuration)
            } catch {
                throw LogError.unreadableFormat(path: path, position: 0, format: format, reason: "Configuration: \(error.reason)")
            }
        }
    }
}
