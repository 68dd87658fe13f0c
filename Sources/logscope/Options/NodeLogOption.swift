import ArgumentParser
import LogInspection

/// `--log` for the commands that read one log (`dump`, `tail`): on a node's data directory it picks
/// the node's log; a plain log directory is read as it is.
struct NodeLogOption: ParsableArguments {
    @Option(help: "On a node's data directory: which log, log (the data log, the default) or raft/log.")
    var log: String?

    /// The log directory to read for the argument `path`, and the node log's name when `path` is a node
    /// directory (said on stderr when `--log` was not given).
    ///
    /// - Throws: exit code 2, after a message on stderr, when `--log` is given for a plain log directory
    ///   or names a log the node does not have.
    func resolve(_ path: String) throws -> (path: String, name: String?) {
        guard let node = NodeDirectory.recognise(path) else {
            guard let log else { return (path, nil) }
            StandardError.print("logscope: --log \(log): \(path) is not a node's data directory (one holding log/ or raft/log/)")
            throw ExitCodes.failure
        }
        let available = node.logs.map(\.name)
        let name = log ?? (available.contains("log") ? "log" : available[0])
        guard let chosen = node.log(named: name) else {
            StandardError.print("logscope: --log \(name): \(path) holds \(available.joined(separator: " and ")); give one of them")
            throw ExitCodes.failure
        }
        if log == nil {
            let others = node.logs.filter { $0.name != name }.map { "; --log \($0.name) reads \($0.role == .data ? "the data log" : "Raft's log")" }.joined()
            StandardError.print(
                "logscope: \(path) is \(node.isRaftFolder ? "a node's raft/ folder" : "a node's data directory"): "
                    + "reading \(chosen.role == .data ? "its data log" : "Raft's log"), \(name)/\(others)")
        }
        return (chosen.path, chosen.name)
    }
}
