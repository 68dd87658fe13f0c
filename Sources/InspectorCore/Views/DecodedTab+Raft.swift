import LogCore
import LogInspection

extension DecodedTab {
    /// A Raft log record: its term and type, then its value decoded by type (a command's request and
    /// the produced value, a configuration's servers), else the value as any other.
    static func raftLines(_ raft: RaftEntry, value: [UInt8], length: Int, state: InspectorState, width: Int) -> [StyledLine] {
        var lines = [field("term", raft.term.map(String.init) ?? "none (no term field)", Theme.number)]
        let omitted = raft.type == .command ? ", no type field on disk: Go omits zero fields" : ""
        lines.append(field("type", "\(raft.type.name) (\(raft.type.rawValue)\(omitted))"))
        switch raft.body {
        case .command(let command):
            lines.append(
                field(
                    "request",
                    "\(command.requestTypeName) (type byte \(command.requestType)), Record at bytes "
                        + RangeNotation.halfOpen("\(command.recordRange.lowerBound)", "\(command.recordRange.upperBound)")
                        + (command.recordOffset == 0 ? "" : ", record offset \(command.recordOffset)")))
            return lines + valueLines(Array(value[command.valueRange]), length: command.valueRange.count, name: "produced", state: state, width: width)
        case .configuration(let configuration):
            lines.append(field("servers", "\(configuration.servers.count) (MessagePack, \(length) bytes)"))
            let idWidth = max(2, configuration.servers.map(\.id.count).max() ?? 0)
            let addressWidth = max(7, configuration.servers.map(\.address.count).max() ?? 0)
            lines.append(StyledLine("  " + "ID".fitted(idWidth) + "  " + "Address".fitted(addressWidth) + "  Suffrage", Theme.header))
            for server in configuration.servers {
                lines.append(StyledLine("  " + server.id.fitted(idWidth) + "  " + server.address.fitted(addressWidth) + "  \(server.suffrage)", Theme.text))
            }
            return lines
        case .undecodable(let failure):
            let cut = length > value.count ? " (only the first \(value.count) of its \(length) bytes were read)" : ""
            lines += StyledLine.wrap("✖ the value does not decode as a \(raft.type.name): \(failure)\(cut)", width: width, style: Theme.error)
        case .empty, .opaque:
            break
        }
        return lines + valueLines(value, length: length, name: "value", state: state, width: width)
    }
}
