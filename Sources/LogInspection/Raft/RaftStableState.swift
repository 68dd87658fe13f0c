/// What a node's `raft/stable` (raft-boltdb's BoltDB file) holds for Raft: bucket `conf` with
/// `CurrentTerm` and `LastVoteTerm` (u64, big-endian) and `LastVoteCand` (the candidate's address).
import LogCore

public struct RaftStableState: Sendable, Equatable {
    /// The latest term the node has seen; `nil` when the key is absent.
    public var currentTerm: UInt64?
    /// The term of the node's last vote; `nil` when it never voted.
    public var lastVoteTerm: UInt64?
    /// The candidate it voted for (an address, as raft stores it); `nil` when it never voted.
    public var lastVoteCandidate: String?
    /// The BoltDB transaction the values come from.
    public var transactionID: UInt64

    /// Reads the state from the BoltDB file at `path`, read-only.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when it cannot be read,
    ///   ``LogError/unreadableFormat(path:position:format:reason:)`` when it is not a raft-boltdb
    ///   file (no `conf` bucket, a term that is not 8 bytes).
    public init(path: String) throws(LogError) {
        let database = try BoltDatabase(path: path)
        defer { database.close() }
        guard let pairs = try database.pairs(inBucket: "conf") else {
            throw LogError.unreadableFormat(path: path, position: 0, format: "raft-boltdb stable store", reason: "it has no bucket conf")
        }
        func value(_ key: String) -> [UInt8]? { pairs.first { $0.key == Array(key.utf8) }?.value }
        func term(_ key: String) throws(LogError) -> UInt64? {
            guard let bytes = value(key) else { return nil }
            guard bytes.count == 8 else {
                throw LogError.unreadableFormat(
                    path: path, position: 0, format: "raft-boltdb stable store", reason: "conf/\(key) is \(bytes.count) bytes, not an 8-byte term")
            }
            return bytes.withUnsafeBytes { BigEndian.loadUInt64($0.baseAddress!) }
        }
        currentTerm = try term("CurrentTerm")
        lastVoteTerm = try term("LastVoteTerm")
        lastVoteCandidate = value("LastVoteCand").map { String(decoding: $0, as: UTF8.self) }
        transactionID = database.transactionID
    }
}
