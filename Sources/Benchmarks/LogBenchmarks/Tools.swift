import Glibc

/// The programs the benchmarks run: the release `logscope` built beside this benchmark, the system's
/// baselines, and the Go reference's `proglog-bench`.
enum Tools {
    /// `logscope`, built beside this executable
    /// (`LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product logscope`).
    static func logscope() throws -> String {
        let path = executableDirectory + "/logscope"
        guard access(path, X_OK) == 0 else {
            throw BenchmarkFailure(
                "no \(path): build it first with `LOGSCOPE_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product logscope`")
        }
        return path
    }

    /// The first of `candidates` that can be run, or `nil`.
    static func system(_ candidates: String...) -> String? {
        candidates.first { access($0, X_OK) == 0 }
    }

    /// `cat`, the floor of reading files.
    static func cat() throws -> String {
        guard let path = system("/bin/cat", "/usr/bin/cat") else { throw BenchmarkFailure("no cat") }
        return path
    }

    /// tmux, which runs the inspector in a real terminal, or `nil` when it is not installed.
    static let tmux = system("/usr/bin/tmux", "/usr/local/bin/tmux")

    /// The Go reference's benchmark, or `nil` when there is none to run.
    static let proglogBench: String? = {
        if let path = BenchmarkSettings.text("LOGSCOPE_PROGLOG_BENCH") { return access(path, X_OK) == 0 ? path : nil }
        let onPath = (BenchmarkSettings.text("PATH") ?? "").split(separator: ":").map { "\($0)/proglog-bench" }
        return onPath.first { access($0, X_OK) == 0 } ?? system("/work/shared/tools/proglog-bench")
    }()

    /// The directory of this executable.
    static let executableDirectory: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }()
}
