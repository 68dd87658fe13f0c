import Glibc

/// A process that holds files of a log directory open or mapped, as `/proc` shows it.
///
/// The Go reference takes no lock: its open files (`/proc/<pid>/fd`) and its shared mapping of the
/// newest index (`/proc/<pid>/maps`) are all that show it is there. A LogCore writer also holds an
/// exclusive `flock` on the directory (`/proc/locks`).
public struct DirectoryHolder: Sendable, Equatable, CustomStringConvertible {
    /// The process id.
    public var pid: Int32
    /// The process's command name (`/proc/<pid>/comm`), or `"?"` when it could not be read.
    public var command: String
    /// Files of the directory the process has open for writing (names inside the directory).
    public var filesOpenForWriting: [String] = []
    /// Files of the directory the process has mapped shared and writable (the reference's index).
    public var filesMappedForWriting: [String] = []
    /// Files of the directory the process has open or mapped only for reading (an inspector, `tail`).
    public var filesOpenForReading: [String] = []
    /// Whether the process holds a `flock` on the directory (a LogCore writer does).
    public var holdsLock = false

    /// Creates a holder with no files.
    public init(pid: Int32, command: String) {
        self.pid = pid
        self.command = command
    }

    /// Whether the process may write the log: it has a file open or mapped for writing, or holds the lock.
    public var isWriter: Bool {
        holdsLock || !filesOpenForWriting.isEmpty || !filesMappedForWriting.isEmpty
    }

    /// "process 4242 (proglog-ref): 0.index mapped for writing, 0.store open for writing".
    public var description: String {
        var what: [String] = []
        if holdsLock { what.append("holds the directory's write lock") }
        if !filesMappedForWriting.isEmpty { what.append(Self.list(filesMappedForWriting) + " mapped for writing") }
        if !filesOpenForWriting.isEmpty { what.append(Self.list(filesOpenForWriting) + " open for writing") }
        if what.isEmpty && !filesOpenForReading.isEmpty { what.append(Self.list(filesOpenForReading) + " open for reading") }
        return "process \(pid) (\(command)): " + what.joined(separator: ", ")
    }

    private static func list(_ unordered: [String]) -> String {
        // Segment files by base offset, as a person counts them: 0, 25, 101, not 0, 101, 25.
        let files = unordered.sorted { (UInt64($0.prefix { $0.isNumber }) ?? .max, $0) < (UInt64($1.prefix { $0.isNumber }) ?? .max, $1) }
        return files.count <= 3 ? files.joined(separator: ", ") : files.prefix(3).joined(separator: ", ") + " and \(files.count - 3) more"
    }
}

/// What one look through `/proc` found about a directory's holders, and what it could not see.
public struct DirectoryHolderScan: Sendable, Equatable {
    /// Every process found holding a file of the directory (or its lock), by process id.
    public var holders: [DirectoryHolder]
    /// Processes whose open files could not be read (another user's, without root): a writer among
    /// them would not be seen.
    public var uninspectedProcesses: Int
    /// Why `/proc` could not be read at all, or `nil` when it could.
    public var procFailure: String?

    package init(holders: [DirectoryHolder], uninspectedProcesses: Int, procFailure: String?) {
        self.holders = holders
        self.uninspectedProcesses = uninspectedProcesses
        self.procFailure = procFailure
    }

    /// The holders that may write the log.
    public var writers: [DirectoryHolder] { holders.filter(\.isWriter) }

    /// A sentence saying what the scan could not see, or `nil` when it saw every process.
    public var limitation: String? {
        if let procFailure { return "could not look for other writers: \(procFailure); a writer that takes no lock (the Go reference) would not be seen" }
        guard uninspectedProcesses > 0 else { return nil }
        return "could not read the open files of \(Plural.count(uninspectedProcesses, "process", "processes")) of other users; "
            + "a writer among them that takes no lock (the Go reference) would not be seen (run as root or as the writer's user to see them)"
    }
}

/// Finds every process that holds files of a log directory, by reading `/proc/<pid>/fd`,
/// `/proc/<pid>/fdinfo`, `/proc/<pid>/maps` and `/proc/locks`. It takes no lock and opens no file of
/// the directory.
public enum DirectoryHolders {
    /// Looks through `/proc` for processes holding files of `directory` (or a `flock` on it).
    ///
    /// - Parameters:
    ///   - directory: the log directory.
    ///   - includingSelf: whether this process counts (an in-process writer beside an in-process
    ///     reader, as in the inspector's demo); a writer deciding whether it may write leaves itself out.
    ///   - processes: look only at these processes (the writers an earlier scan found, looked at again
    ///     when one rolled to a new segment), not at every process; `nil` looks at every process.
    public static func scan(_ directory: String, includingSelf: Bool, onlyProcesses processes: [Int32]? = nil) -> DirectoryHolderScan {
        guard let root = FileSystem.realPath(directory) else {
            return DirectoryHolderScan(holders: [], uninspectedProcesses: 0, procFailure: nil)
        }
        let ownPid = getpid()
        let lockers = FlockTable.holders(of: directory).filter { includingSelf || $0 != ownPid }
        var pids: [Int32]
        if let processes {
            pids = processes
        } else {
            do {
                pids = try FileSystem.entries(of: "/proc").compactMap { Int32($0) }
            } catch {
                return DirectoryHolderScan(holders: [], uninspectedProcesses: 0, procFailure: error.description)
            }
        }
        pids = pids.filter { includingSelf || $0 != ownPid }
        var holders: [DirectoryHolder] = []
        var uninspected = 0
        for pid in pids.sorted() {
            var holder = DirectoryHolder(pid: pid, command: "?")
            holder.holdsLock = lockers.contains(pid)
            switch openFiles(of: pid, inside: root) {
            case nil: if !holder.holdsLock { uninspected += isKernelThread(pid) ? 0 : 1 }
            case let files?:
                holder.filesOpenForWriting = files.writing
                holder.filesOpenForReading = files.reading
            }
            let mapped = mappings(of: pid, inside: root)
            holder.filesMappedForWriting = mapped.writing
            holder.filesOpenForReading = Array(Set(holder.filesOpenForReading + mapped.reading)).sorted()
            if holder.holdsLock || !holder.filesOpenForWriting.isEmpty || !holder.filesMappedForWriting.isEmpty || !holder.filesOpenForReading.isEmpty {
                holder.command = command(of: pid)
                holders.append(holder)
            }
        }
        return DirectoryHolderScan(holders: holders, uninspectedProcesses: uninspected, procFailure: nil)
    }

    /// Names of the directory's files a process has open, split by access mode; `nil` when its
    /// descriptor table cannot be read (another user's process, or it exited).
    private static func openFiles(of pid: Int32, inside root: String) -> (writing: [String], reading: [String])? {
        let fdDirectory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileSystem.entries(of: fdDirectory) else { return nil }
        var writing = Set<String>()
        var reading = Set<String>()
        for descriptor in descriptors {
            guard let target = FileSystem.linkTarget("\(fdDirectory)/\(descriptor)"), let name = nameInside(root, target) else { continue }
            if isOpenForWriting(pid: pid, descriptor: descriptor) {
                writing.insert(name)
            } else if name != "." {
                reading.insert(name)
            }
        }
        return (writing.sorted(), reading.sorted())
    }

    /// Names of the directory's files a process maps, split into shared writable mappings and the rest.
    private static func mappings(of pid: Int32, inside root: String) -> (writing: [String], reading: [String]) {
        let needle = Array(root.utf8)
        guard let text = try? FileSystem.contents(of: "/proc/\(pid)/maps"), contains(text[...], needle) else { return ([], []) }
        var writing = Set<String>()
        var reading = Set<String>()
        for line in text.split(separator: UInt8(ascii: "\n")) where contains(line, needle) {
            // "7f3c2a000000-7f3c2a0c0000 rw-s 00000000 08:01 1234567   /path/to/0.index"
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, let permissions = String(validating: fields[1], as: UTF8.self),
                let path = String(validating: fields[5], as: UTF8.self),
                let name = nameInside(root, path.trimmingSpaces())
            else { continue }
            let perms = Array(permissions.utf8)
            if perms.count == 4, perms[1] == UInt8(ascii: "w"), perms[3] == UInt8(ascii: "s") {
                writing.insert(name)
            } else {
                reading.insert(name)
            }
        }
        return (writing.sorted(), reading.sorted())
    }

    /// Whether descriptor `descriptor` of `pid` was opened for writing (`flags` in its fdinfo).
    private static func isOpenForWriting(pid: Int32, descriptor: String) -> Bool {
        guard let info = try? FileSystem.contents(of: "/proc/\(pid)/fdinfo/\(descriptor)") else { return false }
        for line in info.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("flags:".utf8)) {
            let digits = line.dropFirst(6).filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            guard let flags = Int32(String(decoding: digits, as: UTF8.self), radix: 8) else { return false }
            return flags & O_ACCMODE != O_RDONLY
        }
        return false
    }

    /// Whether `bytes` holds `needle`: `memchr` for its first byte, then `memcmp` (a maps file of a big
    /// process is tens of kilobytes, read for every process).
    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let wanted = pattern.baseAddress else { return false }
                var at = 0
                while at + pattern.count <= haystack.count {
                    guard let hit = memchr(base + at, Int32(first), haystack.count - pattern.count + 1 - at) else { return false }
                    at = UnsafeRawPointer(hit) - base
                    if memcmp(hit, wanted, pattern.count) == 0 { return true }
                    at += 1
                }
                return false
            }
        }
    }

    /// The name of `path` inside `root` ("." for `root` itself), or `nil` when it lies elsewhere.
    private static func nameInside(_ root: String, _ path: String) -> String? {
        var path = path
        if path.hasSuffix(" (deleted)") { path.removeLast(" (deleted)".count) }
        if path == root { return "." }
        guard path.hasPrefix(root + "/") else { return nil }
        let name = path.dropFirst(root.count + 1)
        return name.contains("/") ? nil : String(name)
    }

    private static func command(of pid: Int32) -> String {
        guard let bytes = try? FileSystem.contents(of: "/proc/\(pid)/comm") else { return "?" }
        return String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    }

    /// The parent of process `pid` (`PPid:` in `/proc/<pid>/status`), or `nil` when it cannot be read.
    package static func parent(of pid: Int32) -> Int32? {
        guard let bytes = try? FileSystem.contents(of: "/proc/\(pid)/status") else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("PPid:") }
        return line.flatMap { Int32(String($0.dropFirst("PPid:".count)).trimmingSpaces()) }
    }

    /// Kernel threads have no descriptor table a user could read; they are not writers.
    private static func isKernelThread(_ pid: Int32) -> Bool {
        (try? FileSystem.contents(of: "/proc/\(pid)/cmdline"))?.isEmpty ?? true
    }

}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\n" || last == "\t" { scalars.removeLast() }
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        return String(scalars)
    }
}
