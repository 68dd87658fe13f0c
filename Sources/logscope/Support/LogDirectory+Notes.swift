import LogCore
import LogInspection

extension LogDirectory {
    /// What `dump` and `check` say on stderr about a directory that holds no segment (most often the
    /// wrong path: a parent of the log, or a service's data directory), with what it holds instead.
    var noSegmentsNote: String {
        var note = "logscope: \(path) holds no segment (no <offset>.store or <offset>.index file); is it the log directory?"
        if let what = Self.nodePart(path) {
            return note + " It is " + what + "."
        }
        if !strays.isEmpty {
            let names = strays.prefix(5).map { $0.kind == .notARegularFile ? $0.name + "/" : $0.name }
            note += " It holds " + names.joined(separator: ", ") + (strays.count > 5 ? ", …" : "") + "."
        }
        return note
    }

    /// What part of a node's data directory `path` is, when it is a snapshot folder or a single
    /// snapshot: what to give instead.
    private static func nodePart(_ path: String) -> String? {
        var names = path.split(separator: "/").map(String.init)
        let root = (path.hasPrefix("/") ? "/" : "") + names.joined(separator: "/")
        let access = FileAccessRoutes.access(for: path)
        func isFile(_ path: String) -> Bool { access.kind(of: path) == .regularFile }
        if isFile(root + "/meta.json"), isFile(root + "/state.bin") {
            names.removeLast(min(3, names.count))  // <node>/raft/snapshots/<id>
            let node = (path.hasPrefix("/") ? "/" : "") + names.joined(separator: "/")
            return "a Raft snapshot (meta.json, state.bin): give the node directory (\(node)) to `stat` its snapshots, "
                + "or open the node directory in the inspector and press L to read this state.bin as a log"
        }
        let snapshots = ((try? access.entries(of: root)) ?? []).filter { isFile(root + "/" + $0 + "/meta.json") }.sorted()
        guard !snapshots.isEmpty else { return nil }
        names.removeLast(min(2, names.count))  // <node>/raft/snapshots
        let node = (path.hasPrefix("/") ? "/" : "") + names.joined(separator: "/")
        return "a node's raft/snapshots folder (\(snapshots.joined(separator: ", "))): give the node directory (\(node)) to `stat` its snapshots, "
            + "or open the node directory in the inspector and press L to read a snapshot's state.bin as a log"
    }
}
