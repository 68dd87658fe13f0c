import Glibc
import LogCore

/// The Go reference's own benchmark (`proglog-bench`, see `/work/shared/tools/README.md`), run in the
/// same iteration and on the same disk as LogCore's, so the two figures compare under the same load.
enum GoReference {
    /// The reference's records/s in one run: its appends, then its sequential read of every offset.
    struct Rates {
        var append: Double
        var read: Double
    }

    /// Appends `records` values of `size` bytes with the reference (16 MiB segments, 12 MiB index, as
    /// LogCore's runs), then reads every offset; `nil` when there is no `proglog-bench` to run.
    static func rates(records: Int, size: Int) throws -> Rates? {
        guard let executable = Tools.proglogBench else { return nil }
        let output = BenchmarkSettings.directory + "/proglog-bench.json"
        defer { unlink(output) }
        let arguments = ["-n", "\(records)", "-size", "\(size)", "-maxstore", "\(16 << 20)", "-maxindex", "\(12 << 20)", "-json"]
        try ChildRun.succeeding(executable, arguments, output: output)
        let json = BenchmarkFiles.text(output) ?? ""
        guard let append = number(named: "append_rec_per_s", in: json), let read = number(named: "read_rec_per_s", in: json) else {
            throw BenchmarkFailure("\(executable) printed no append_rec_per_s and read_rec_per_s: \(json)")
        }
        return Rates(append: append, read: read)
    }

    /// The number after `"name":` in the tool's one-line JSON object (flat, no nesting).
    private static func number(named name: String, in text: String) -> Double? {
        for field in text.split(separator: ",") {
            let parts = field.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].filter({ $0 != "{" && $0 != " " }) == "\"\(name)\"" else { continue }
            return Double(String(parts[1].filter { $0 != "}" && !$0.isWhitespace }))
        }
        return nil
    }
}
