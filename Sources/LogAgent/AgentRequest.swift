import LogCore

/// What the client asks `logscope agent` (paths are absolute paths on the agent's machine).
package enum AgentRequest: Sendable, Equatable {
    /// The first request: the client's protocol version and release.
    case hello(protocolVersion: UInt32, release: String)
    /// The names in a directory.
    case entries(directory: String)
    /// A `stat` of a path.
    case status(path: String)
    /// A `stat` of each name in a directory.
    case statuses(directory: String, names: [String])
    /// Reads up to `count` bytes of a file at `offset` (opened and closed for the read: the agent
    /// holds nothing between requests).
    case readFile(path: String, offset: UInt64, count: UInt32)
    /// The processes that hold files of a directory (the agent's own `/proc`); with `onlyProcesses`,
    /// only those are looked at.
    case holders(directory: String, onlyProcesses: [Int32]?)
    /// What changed in a directory since the last such request about it (the agent's own inotify),
    /// waiting up to `waitMilliseconds` (at most ``AgentProtocol/maxChangeWait``) for a change.
    case changes(directory: String, waitMilliseconds: UInt32)

    private enum Kind: UInt8 {
        case hello = 1
        case entries
        case status
        case statuses
        case readFile
        case holders
        case changes
    }

    /// The request as a framed message numbered `id`.
    package func framed(id: UInt32) -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .hello(let version, let release):
            writer.start(Kind.hello.rawValue, id)
            writer.u32(version)
            writer.string(release)
        case .entries(let directory):
            writer.start(Kind.entries.rawValue, id)
            writer.string(directory)
        case .status(let path):
            writer.start(Kind.status.rawValue, id)
            writer.string(path)
        case .statuses(let directory, let names):
            writer.start(Kind.statuses.rawValue, id)
            writer.string(directory)
            writer.u32(UInt32(names.count))
            for name in names { writer.string(name) }
        case .readFile(let path, let offset, let count):
            writer.start(Kind.readFile.rawValue, id)
            writer.string(path)
            writer.u64(offset)
            writer.u32(count)
        case .changes(let directory, let milliseconds):
            writer.start(Kind.changes.rawValue, id)
            writer.string(directory)
            writer.u32(milliseconds)
        case .holders(let directory, let processes):
            writer.start(Kind.holders.rawValue, id)
            writer.string(directory)
            if let processes {
                writer.u8(1)
                writer.u32(UInt32(processes.count))
                for pid in processes { writer.u32(UInt32(bitPattern: pid)) }
            } else {
                writer.u8(0)
            }
        }
        return writer.framed()
    }

    /// The request in `message` (the bytes after its length) and its number.
    package static func decode(_ message: [UInt8]) throws(WireError) -> (id: UInt32, request: AgentRequest) {
        var reader = WireReader(message)
        let rawKind = try reader.u8("a request kind")
        guard let kind = Kind(rawValue: rawKind) else { throw WireError(position: 0, expected: "a request kind (1–7), not \(rawKind)") }
        let id = try reader.u32("a request number")
        let request: AgentRequest
        switch kind {
        case .hello: request = .hello(protocolVersion: try reader.u32("the protocol version"), release: try reader.string("the release"))
        case .entries: request = .entries(directory: try reader.string("a directory"))
        case .status: request = .status(path: try reader.string("a path"))
        case .statuses:
            let directory = try reader.string("a directory")
            let count = try reader.count("names", itemBytes: 4, limit: AgentProtocol.maxNames)
            var names: [String] = []
            names.reserveCapacity(count)
            for _ in 0..<count { names.append(try reader.string("a name")) }
            request = .statuses(directory: directory, names: names)
        case .readFile:
            request = .readFile(path: try reader.string("a path"), offset: try reader.u64("an offset"), count: try reader.u32("a byte count"))
        case .changes:
            request = .changes(directory: try reader.string("a directory"), waitMilliseconds: try reader.u32("a wait in milliseconds"))
        case .holders:
            let directory = try reader.string("a directory")
            var processes: [Int32]?
            if try reader.u8("whether only some processes are looked at") != 0 {
                let count = try reader.count("process ids", itemBytes: 4, limit: AgentProtocol.maxNames)
                var pids: [Int32] = []
                for _ in 0..<count { pids.append(Int32(bitPattern: try reader.u32("a process id"))) }
                processes = pids
            }
            request = .holders(directory: directory, onlyProcesses: processes)
        }
        try reader.expectEnd()
        return (id, request)
    }
}

extension WireWriter {
    /// A message's kind and number.
    package mutating func start(_ kind: UInt8, _ id: UInt32) {
        u8(kind)
        u32(id)
    }
}
