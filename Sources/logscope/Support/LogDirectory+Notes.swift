import LogInspection

extension LogDirectory {
    /// What `dump` and `check` say on stderr about a directory that holds no segment (most often the
    /// wrong path: a parent of the log, or a service's data directory), with what it holds instead.
    var noSegmentsNote: String {
        var note = "logscope: \(path) holds no segment (no <offset>.store or <offset>.index file); is it the log directory?"
        if !strays.isEmpty {
            let names = strays.prefix(5).map { $0.kind == .notARegularFile ? $0.name + "/" : $0.name }
            note += " It holds " + names.joined(separator: ", ") + (strays.count > 5 ? ", …" : "") + "."
        }
        return note
    }
}
