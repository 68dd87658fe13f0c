import Foundation
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
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let parent = (root as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: root + "/meta.json"), FileManager.default.fileExists(atPath: root + "/state.bin") {
            let node = ((parent as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            return "a Raft snapshot (meta.json, state.bin): give the node directory (\(node)) to `stat` its snapshots, "
                + "or open the node directory in the inspector and press L to read this state.bin as a log"
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let snapshots = names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/meta.json") }.sorted()
        guard !snapshots.isEmpty else { return nil }
        let node = (parent as NSString).deletingLastPathComponent
        return "a node's raft/snapshots folder (\(snapshots.joined(separator: ", "))): give the node directory (\(node)) to `stat` its snapshots, "
            + "or open the node directory in the inspector and press L to read a snapshot's state.bin as a log"
    }
}
