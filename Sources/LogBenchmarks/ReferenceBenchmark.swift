import Glibc
import LogCore

/// The Go reference's own append benchmark (`proglog-bench`, see `/work/shared/tools/README.md`), run
/// in the same process tree and on the same disk as LogCore's, so the two figures compare under the
/// same load.
struct ReferenceBenchmark {
    /// Where the binary is looked for (`LOGSCOPE_PROGLOG_BENCH` overrides).
    static var executable: String {
        if let path = getenv("LOGSCOPE_PROGLOG_BENCH") { return String(cString: path) }
        return "/work/shared/tools/proglog-bench"
    }

    /// Whether the binary is there to run.
    static var isAvailable: Bool { access(executable, X_OK) == 0 }

    let directory: String

    /// The reference's records/s for a run: its appends, then its sequential read of every offset.
    struct Rates {
        var append: Double
        var read: Double
    }

    /// Appends `records` values of `size` bytes with the reference (16 MiB segments, 12 MiB index, as
    /// LogCore's run), then reads every offset; returns its records/s, or `nil` when it failed.
    func rates(records: Int, size: Int) -> Rates? {
        let output = directory + "/proglog-bench.json"
        defer { unlink(output) }
        let run = ChildRun(
            Self.executable,
            ["-n", "\(records)", "-size", "\(size)", "-maxstore", "\(16 << 20)", "-maxindex", "\(12 << 20)", "-json"],
            output: output)
        guard run.status == 0, let text = try? FileSystem.contents(of: output) else { return nil }
        let json = String(decoding: text, as: UTF8.self)
        guard let append = Self.number(named: "append_rec_per_s", in: json), let read = Self.number(named: "read_rec_per_s", in: json)
        else { return nil }
        return Rates(append: append, read: read)
    }

    /// The number after `"name":` in the tool's one-line JSON object (flat, no nesting).
    static func number(named name: String, in text: String) -> Double? {
        for field in text.split(separator: ",") {
            let parts = field.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].filter({ $0 != "{" && $0 != " " }) == "\"\(name)\"" else { continue }
            return Double(String(parts[1].filter { $0 != "}" && !$0.isWhitespace }))
        }
        return nil
    }
}
