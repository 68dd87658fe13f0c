import Glibc
import LogCore

/// The generated log the inspection and inspector benchmarks read: `records` × 100-byte sample values
/// in 16 MiB segments (10M records ≈ 1.2 GB in 69 segments; 100M ≈ 12 GB in 690).
enum BenchmarkLog {
    /// The log's directory for `records` records under `directory`.
    static func path(records: Int, in directory: String) -> String { directory + "/inspect-\(records)" }

    /// Appends the log at `path` unless it is there already.
    static func generate(path: String, records: Int) throws {
        guard FileSystemCleanup.size(of: path) == 0 else { return }
        let log = try Log(directory: path, config: Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20), createDirectory: true)
        for offset in 0..<UInt64(records) { _ = try log.append(SampleValues.value(for: offset, size: 100)) }
        try log.close()
    }

    /// Generates the log in a child process (`LogBenchmarks generate`) unless it is there already, so
    /// that the appends' memory never counts in this process's peak RSS.
    static func generateInChild(path: String, records: Int, directory: String) {
        guard FileSystemCleanup.size(of: path) == 0 else { return }
        let executable = InspectionBenchmark.executableDirectory() + "/LogBenchmarks"
        let run = ChildRun(executable, ["generate", "--records", "\(records)", "--dir", directory])
        precondition(run.status == 0, "LogBenchmarks generate failed with status \(run.status)")
    }
}
