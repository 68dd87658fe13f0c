import LogAgent
import LogCore

/// One message of every kind, with the shapes that differ on the wire (empty lists, absent options,
/// extreme numbers), each under its own request number.
enum AgentSamples {
    static let requests: [(id: UInt32, request: AgentRequest)] = [
        (0, .hello(protocolVersion: AgentProtocol.version, release: "0.9.0")),
        (1, .entries(directory: "/var/lib/proglog")),
        (2, .status(path: "/var/lib/proglog/0.store")),
        (3, .statuses(directory: "/var/lib/proglog", names: ["0.store", "0.index", "résumé", ""])),
        (4, .statuses(directory: "/", names: [])),
        (5, .readFile(path: "/var/lib/proglog/0.index", offset: 0, count: 0)),
        (6, .readFile(path: "/var/lib/proglog/0.store", offset: 1 << 40, count: UInt32(AgentProtocol.maxReadBytes))),
        (7, .readFile(path: "", offset: .max, count: .max)),
        (8, .holders(directory: "/var/lib/proglog", onlyProcesses: nil)),
        (9, .holders(directory: "/var/lib/proglog", onlyProcesses: [])),
        (.max, .holders(directory: "/var/lib/proglog", onlyProcesses: [1, -5, .max, .min])),
        (10, .changes(directory: "/var/lib/proglog", waitMilliseconds: 100)),
        (11, .changes(directory: "/", waitMilliseconds: .max)),
    ]

    /// A status of each kind.
    static let statuses: [FileSystem.Status] = [
        FileSystem.Status(kind: .missing, size: 0, inode: 0),
        FileSystem.Status(kind: .directory, size: 4096, inode: 2, modified: 1_700_000_000_123_456_789),
        FileSystem.Status(kind: .regularFile, size: .max, inode: .max, modified: -1),
        FileSystem.Status(kind: .other, size: 1, inode: 1 << 63, modified: .min),
    ]

    static let holder: DirectoryHolder = {
        var holder = DirectoryHolder(pid: 4242, command: "proglog")
        holder.filesOpenForWriting = ["3.store"]
        holder.filesMappedForWriting = ["3.index"]
        holder.filesOpenForReading = ["0.store", "1.store"]
        holder.holdsLock = true
        return holder
    }()

    static let replies: [(id: UInt32, reply: AgentReply)] =
        [
            (0, .hello(protocolVersion: AgentProtocol.version, release: "0.9.0", root: "/var/lib/proglog")),
            (1, .entries(["0.store", "0.index", "lock"])),
            (2, .entries([])),
        ] + statuses.enumerated().map { (UInt32(3 + $0.offset), .status($0.element)) }
        + [
            (7, .statuses(statuses)),
            (8, .statuses([])),
        ]
        // A file read with a status of each kind (a directory's read fails, but the wire does not
        // judge), then the most bytes one holds.
        + statuses.enumerated().map { (UInt32(9 + $0.offset), .file(status: $0.element, bytes: $0.offset == 2 ? [0, 1, 0x7f, 0xff] : [])) }
        + [
            (13, .file(status: statuses[2], bytes: [UInt8](repeating: 0xa5, count: AgentProtocol.maxReadBytes))),
            (14, .holders(DirectoryHolderScan(holders: [holder, DirectoryHolder(pid: -1, command: "")], uninspectedProcesses: 3, procFailure: nil))),
            (15, .holders(DirectoryHolderScan(holders: [], uninspectedProcesses: 0, procFailure: "/proc: Permission denied"))),
            (18, .changes(names: ["0.store", "1.index", "1.store"], written: ["0.store"], needsListing: false)),
            (19, .changes(names: [], written: [], needsListing: true)),
            (16, .failure(.io(operation: "open", path: "/var/lib/proglog/9.store", errno: 2))),
            (17, .failure(.io(operation: "pread", path: "", errno: -1))),
            (.max, .failure(.refused(reason: "a read of 4294967295 bytes; at most 1048576 at once"))),
        ]

    /// The bytes of a framed message after its 4-byte length (which must say how many follow).
    static func body(_ framed: [UInt8]) -> [UInt8] {
        precondition(framed.count >= 4)
        let length = framed.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        precondition(length == framed.count - 4, "the length in front says \(length), but \(framed.count - 4) bytes follow")
        return Array(framed.dropFirst(4))
    }

    /// A message's body built from its parts: a kind, a request number and the fields' bytes.
    static func message(kind: UInt8, id: UInt32 = 1, _ fields: [UInt8]...) -> [UInt8] {
        [kind] + bigEndian(id) + fields.flatMap { $0 }
    }

    /// `value`'s 4 bytes, most significant first.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}
