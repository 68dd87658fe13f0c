import LogCore

/// This machine's file system, read-only, counting what goes through it: listings, `stat`s, opens and
/// reads (by file name). Tests use it to prove what a look at a directory costs.
package final class CountingFileAccess: FileAccess {
    /// What went through the seam since the last ``reset()``.
    package struct Counts: Sendable, Equatable {
        /// Directory listings.
        package var listings = 0
        /// `stat`s, by the name of the path's last component.
        package var stats: [String: Int] = [:]
        /// Files opened, by name.
        package var opens: [String: Int] = [:]
        /// Reads, by file name.
        package var reads: [String: Int] = [:]

        /// Every `stat`, whatever the path.
        package var statCount: Int { stats.values.reduce(0, +) }
        /// The names of the files read.
        package var filesRead: Set<String> { Set(reads.keys) }
    }

    private let local = LocalFileAccess()
    private let state = Locked(Counts())

    package init() {}

    /// The counts so far.
    package var counts: Counts { state.withLock { $0 } }

    /// Starts counting again from zero.
    package func reset() {
        state.withLock { $0 = Counts() }
    }

    package func entries(of directory: String) throws(LogError) -> [String] {
        state.withLock { $0.listings += 1 }
        return try local.entries(of: directory)
    }

    package func status(of path: String) -> FileSystem.Status {
        state.withLock { $0.stats[Self.name(path), default: 0] += 1 }
        return local.status(of: path)
    }

    package func openForReading(_ path: String) throws(LogError) -> SystemFile {
        let file = try local.openForReading(path)
        let name = Self.name(path)
        state.withLock { $0.opens[name, default: 0] += 1 }
        return SystemFile(path: path, source: CountedBytes(file: file, name: name, counts: state))
    }

    package func holders(of directory: String, onlyProcesses: [Int32]?) -> DirectoryHolderScan {
        local.holders(of: directory, onlyProcesses: onlyProcesses)
    }

    private static func name(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// A local file whose reads are counted.
    private final class CountedBytes: FileBytesSource {
        let file: SystemFile
        let name: String
        let counts: Locked<Counts>

        init(file: SystemFile, name: String, counts: Locked<Counts>) {
            self.file = file
            self.name = name
            self.counts = counts
        }

        func size() throws(LogError) -> UInt64 { try file.size() }

        func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int {
            counts.withLock { $0.reads[name, default: 0] += 1 }
            return try file.read(into: buffer, count: count, at: offset)
        }

        func close() throws(LogError) { try file.close() }
    }
}
