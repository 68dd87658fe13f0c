import Glibc
import LogCore

/// Small reads and removals of the benchmarks' files.
enum BenchmarkFiles {
    /// The text of a (small) file, or `nil`.
    static func text(_ path: String) -> String? {
        (try? FileSystem.contents(of: path)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The total size of the files in `path` (0 when it does not exist).
    static func size(of path: String) -> Int {
        ((try? FileSystem.entries(of: path)) ?? []).reduce(0) { total, name in
            var info = stat()
            return stat(path + "/" + name, &info) == 0 ? total + Int(info.st_size) : total
        }
    }

    /// Removes `path` and everything under it (nothing when it does not exist).
    static func remove(_ path: String) throws {
        try FileSystem.removeTree(path)
    }

    /// How many `.store` files `path` holds.
    static func storeCount(_ path: String) -> Int {
        storeBases(path).count
    }

    /// The path of the newest `.store` file of `path`.
    static func newestStore(_ path: String) -> String {
        path + "/\(storeBases(path).max() ?? 0).store"
    }

    private static func storeBases(_ path: String) -> [UInt64] {
        ((try? FileSystem.entries(of: path)) ?? []).compactMap(SegmentFileName.init(parsing:)).filter { $0.kind == .store }.map(\.baseOffset)
    }
}
