import LogCore

/// Why the agent could not do what it was asked.
package enum AgentFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed on the agent's machine (as ``LogCore/LogError/io(operation:path:errno:)``).
    case io(operation: String, path: String, errno: Int32)
    /// The agent will not do it: a path outside its root, a handle it never gave, a read too large.
    case refused(reason: String)

    package var description: String {
        switch self {
        case .io(let operation, let path, let code): return LogError.io(operation: operation, path: path, errno: code).description
        case .refused(let reason): return reason
        }
    }

    func write(to writer: inout WireWriter) {
        switch self {
        case .io(let operation, let path, let code):
            writer.u8(1)
            writer.string(operation)
            writer.string(path)
            writer.u32(UInt32(bitPattern: code))
        case .refused(let reason):
            writer.u8(2)
            writer.string(reason)
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        let start = reader.position
        switch try reader.u8("a failure kind") {
        case 1:
            self = .io(operation: try reader.string("an operation"), path: try reader.string("a path"), errno: Int32(bitPattern: try reader.u32("an errno")))
        case 2:
            self = .refused(reason: try reader.string("a reason"))
        case let other:
            throw WireError(position: start, expected: "a failure kind (1 or 2), not \(other)")
        }
    }
}
