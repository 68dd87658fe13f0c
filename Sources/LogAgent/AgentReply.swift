import LogCore

/// What `logscope agent` answers a request with.
package enum AgentReply: Sendable, Equatable {
    /// The answer to the hello: the agent's protocol version and release, and the root it serves
    /// (the directory it was started on, symbolic links resolved).
    case hello(protocolVersion: UInt32, release: String, root: String)
    /// The names in a directory, without `.` and `..`.
    case entries([String])
    /// What a `stat` said.
    case status(FileSystem.Status)
    /// What each `stat` said, in the order asked.
    case statuses([FileSystem.Status])
    /// A file read: its status when it was opened, and the bytes read (fewer than asked only at
    /// the end of the file).
    case file(status: FileSystem.Status, bytes: [UInt8])
    /// What a look through the agent's `/proc` found.
    case holders(DirectoryHolderScan)
    /// What changed in a directory: the names created, deleted, renamed or written, those written,
    /// and whether only a listing can tell (no inotify there, its queue overflowed, the watch is new).
    case changes(names: [String], written: [String], needsListing: Bool)
    /// The request failed on the agent's machine.
    case failure(AgentFailure)

    private enum Kind: UInt8 {
        case hello = 1
        case entries
        case status
        case statuses
        case file
        case holders
        case changes
        case failure = 0x7f
    }

    /// The reply as a framed message answering request `id`.
    package func framed(id: UInt32) -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .hello(let version, let release, let root):
            writer.start(Kind.hello.rawValue, id)
            writer.u32(version)
            writer.string(release)
            writer.string(root)
        case .entries(let names):
            writer.start(Kind.entries.rawValue, id)
            writer.u32(UInt32(names.count))
            for name in names { writer.string(name) }
        case .status(let status):
            writer.start(Kind.status.rawValue, id)
            writer.status(status)
        case .statuses(let statuses):
            writer.start(Kind.statuses.rawValue, id)
            writer.u32(UInt32(statuses.count))
            for status in statuses { writer.status(status) }
        case .file(let status, let bytes):
            writer.start(Kind.file.rawValue, id)
            writer.status(status)
            writer.bytes(bytes)
        case .holders(let scan):
            writer.start(Kind.holders.rawValue, id)
            writer.holders(scan)
        case .changes(let names, let written, let needsListing):
            writer.start(Kind.changes.rawValue, id)
            writer.strings(names)
            writer.strings(written)
            writer.u8(needsListing ? 1 : 0)
        case .failure(let failure):
            writer.start(Kind.failure.rawValue, id)
            failure.write(to: &writer)
        }
        return writer.framed()
    }

    /// The reply in `message` (the bytes after its length) and the number of the request it answers.
    package static func decode(_ message: [UInt8]) throws(WireError) -> (id: UInt32, reply: AgentReply) {
        var reader = WireReader(message)
        let rawKind = try reader.u8("a reply kind")
        guard let kind = Kind(rawValue: rawKind) else { throw WireError(position: 0, expected: "a reply kind (1–7 or 127), not \(rawKind)") }
        let id = try reader.u32("a request number")
        let reply: AgentReply
        switch kind {
        case .hello:
            reply = .hello(
                protocolVersion: try reader.u32("the protocol version"), release: try reader.string("the release"), root: try reader.string("the root"))
        case .entries:
            let count = try reader.count("names", itemBytes: 4, limit: AgentProtocol.maxNames)
            var names: [String] = []
            names.reserveCapacity(count)
            for _ in 0..<count { names.append(try reader.string("a name")) }
            reply = .entries(names)
        case .status: reply = .status(try reader.status())
        case .statuses:
            let count = try reader.count("statuses", itemBytes: WireReader.statusBytes, limit: AgentProtocol.maxNames)
            var statuses: [FileSystem.Status] = []
            statuses.reserveCapacity(count)
            for _ in 0..<count { statuses.append(try reader.status()) }
            reply = .statuses(statuses)
        case .file: reply = .file(status: try reader.status(), bytes: try reader.bytes("the bytes read", limit: AgentProtocol.maxReadBytes))
        case .holders: reply = .holders(try reader.holders())
        case .changes:
            reply = .changes(
                names: try reader.strings("changed names"), written: try reader.strings("written names"),
                needsListing: try reader.u8("whether only a listing tells") != 0)
        case .failure: reply = .failure(try AgentFailure(from: &reader))
        }
        try reader.expectEnd()
        return (id, reply)
    }
}

extension WireWriter {
    mutating func status(_ status: FileSystem.Status) {
        switch status.kind {
        case .missing: u8(0)
        case .directory: u8(1)
        case .regularFile: u8(2)
        case .other: u8(3)
        }
        u64(status.size)
        u64(status.inode)
        i64(status.modified)
    }

    mutating func strings(_ strings: [String]) {
        u32(UInt32(strings.count))
        for string in strings { self.string(string) }
    }

    mutating func holders(_ scan: DirectoryHolderScan) {
        u32(UInt32(scan.holders.count))
        for holder in scan.holders {
            u32(UInt32(bitPattern: holder.pid))
            string(holder.command)
            strings(holder.filesOpenForWriting)
            strings(holder.filesMappedForWriting)
            strings(holder.filesOpenForReading)
            u8(holder.holdsLock ? 1 : 0)
        }
        u32(UInt32(clamping: scan.uninspectedProcesses))
        if let failure = scan.procFailure {
            u8(1)
            string(failure)
        } else {
            u8(0)
        }
    }
}

extension WireReader {
    /// The bytes of one status: its kind, size, inode and modification time.
    static let statusBytes = 25

    mutating func status() throws(WireError) -> FileSystem.Status {
        let start = position
        let kind: FileSystem.Kind
        switch try u8("a file kind") {
        case 0: kind = .missing
        case 1: kind = .directory
        case 2: kind = .regularFile
        case 3: kind = .other
        case let other: throw WireError(position: start, expected: "a file kind (0–3), not \(other)")
        }
        return FileSystem.Status(kind: kind, size: try u64("a size"), inode: try u64("an inode"), modified: try i64("a modification time"))
    }

    mutating func strings(_ what: String) throws(WireError) -> [String] {
        let count = try count(what, itemBytes: 4, limit: AgentProtocol.maxNames)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try string(what)) }
        return strings
    }

    mutating func holders() throws(WireError) -> DirectoryHolderScan {
        let count = try count("holders", itemBytes: 21, limit: AgentProtocol.maxNames)
        var holders: [DirectoryHolder] = []
        for _ in 0..<count {
            var holder = DirectoryHolder(pid: Int32(bitPattern: try u32("a process id")), command: try string("a command name"))
            holder.filesOpenForWriting = try strings("names of files open for writing")
            holder.filesMappedForWriting = try strings("names of files mapped for writing")
            holder.filesOpenForReading = try strings("names of files open for reading")
            holder.holdsLock = try u8("whether it holds the lock") != 0
            holders.append(holder)
        }
        let uninspected = Int(try u32("the number of processes not inspected"))
        let failure = try u8("whether /proc could be read") != 0 ? try string("why /proc could not be read") : nil
        return DirectoryHolderScan(holders: holders, uninspectedProcesses: uninspected, procFailure: failure)
    }
}
