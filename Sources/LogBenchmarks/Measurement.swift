import CMallocCounter
import Glibc
import LogCore

/// One timed run of a workload.
struct Measurement {
    var seconds: Double
    var records: Int
    var bytes: Int
    var allocations: UInt64

    var recordsPerSecond: Double { Double(records) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }
    var allocationsPerRecord: Double { Double(allocations) / Double(records) }
}

/// Times `body`, counting its heap allocations.
func measure(records: Int, bytesPerRecord: Int, _ body: () -> Void) -> Measurement {
    let allocationsBefore = malloc_counter_allocations()
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    let allocations = malloc_counter_allocations() - allocationsBefore
    let (s, atto) = elapsed.components
    return Measurement(seconds: Double(s) + Double(atto) / 1e18, records: records, bytes: records * bytesPerRecord, allocations: allocations)
}

/// The median run of a workload.
struct BenchmarkResult {
    var name: String
    var runs: [Measurement]

    var median: Measurement { runs.sorted { $0.seconds < $1.seconds }[runs.count / 2] }
}

/// Command-line options of the benchmark.
struct BenchmarkOptions {
    var records = 1_000_000
    var runs = 5
    var directory = "/tmp/logscope-bench"
    /// The value sizes of the default run.
    var sizes = [100, 1024]

    init(_ arguments: [String]) {
        var i = ["inspect", "check-cat", "inspector", "tail", "diff", "generate", "follow", "dump"].contains(arguments.dropFirst().first ?? "") ? 2 : 1
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--records": records = Int(arguments[i + 1]) ?? records
            case "--runs": runs = Int(arguments[i + 1]) ?? runs
            case "--dir": directory = arguments[i + 1]
            case "--sizes": sizes = arguments[i + 1].split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 && $0 < 4000 }
            default: break
            }
            i += 2
        }
        mkdir(directory, 0o755)
    }
}

enum FileSystemCleanup {
    /// The total size of the files in `path` (0 when it does not exist).
    static func size(of path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var total = 0
        while let entry = readdir(dir) {
            let name = FileSystem.direntName(entry)
            var info = stat()
            if name != ".", name != "..", stat(path + "/" + name, &info) == 0 { total += Int(info.st_size) }
        }
        return total
    }

    static func remove(_ path: String) throws {
        try FileSystem.removeTree(path)
    }
}
