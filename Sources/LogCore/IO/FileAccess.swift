import Glibc

/// The one seam through which the read-only readers reach files: listing a directory, a `stat` of
/// a path, opening a file for reading (its reads then go through what the opened ``SystemFile``
/// wraps). ``LocalFileAccess`` is this machine's file system; tests count what a look costs through a
/// counting implementation, and a remote reader implements it over another machine's files.
///
/// Writers (``Log``) use the local file system directly: they never write through a seam.
package protocol FileAccess: Sendable {
    /// The names in `directory`, without `.` and `..`.
    func entries(of directory: String) throws(LogError) -> [String]
    /// What a `stat` of `path` says, following symbolic links (kind `.missing` when it cannot be
    /// `stat`ed).
    func status(of path: String) -> FileSystem.Status
    /// What a `stat` of each of `names` in `directory` says, in order (as ``status(of:)`` of
    /// `directory/name` each; thousands of names are looked at on every core).
    func statuses(of names: [String], in directory: String) -> [FileSystem.Status]
    /// Opens `path` for reading only.
    func openForReading(_ path: String) throws(LogError) -> SystemFile
    /// Throws what listing directory `path` would throw, as cheaply as the access can tell.
    func checkListable(_ path: String) throws(LogError)
    /// The processes that hold files of `directory` (or its lock), as the `/proc` of the machine the
    /// files are on shows them; with `onlyProcesses`, only those processes are looked at.
    func holders(of directory: String, onlyProcesses: [Int32]?) -> DirectoryHolderScan
}

extension FileAccess {
    package func statuses(of names: [String], in directory: String) -> [FileSystem.Status] {
        FileStatuses.byPath(names, in: directory, self)
    }

    /// A listing, on an access that cannot tell more cheaply (one request for another machine's).
    package func checkListable(_ path: String) throws(LogError) {
        _ = try entries(of: path)
    }

    /// What `path` is (following symbolic links).
    package func kind(of path: String) -> FileSystem.Kind { status(of: path).kind }

    /// The size of the regular file at `path`, or `nil` when it is not one.
    package func size(of path: String) -> UInt64? {
        let status = status(of: path)
        return status.kind == .regularFile ? status.size : nil
    }

    /// The whole file at `path`, read in 64 KiB chunks.
    ///
    /// - Throws: ``LogError/inputTooLarge(source:limit:)`` past `limit` bytes, or what opening or
    ///   reading it throws.
    package func contents(of path: String, limit: Int = .max) throws(LogError) -> [UInt8] {
        try FileSystem.contents(of: try openForReading(path), limit: limit)
    }
}

/// `stat`s of many files at once.
package enum FileStatuses {
    /// From how many files their `stat`s run on every core.
    package static let parallelFrom = 2048

    /// A `stat` of each `directory/name` through `access`, in order.
    package static func byPath(_ names: [String], in directory: String, _ access: some FileAccess) -> [FileSystem.Status] {
        inParallel(count: names.count) { access.status(of: directory + "/" + names[$0]) }
    }

    /// `status(i)` for each of `0..<count`, on every core from ``parallelFrom`` files.
    package static func inParallel(count: Int, _ status: (Int) -> FileSystem.Status) -> [FileSystem.Status] {
        ParallelMap.run(count: count, workers: count < parallelFrom ? 1 : nil, status)
    }
}

/// Where the bytes of a ``SystemFile`` that no local descriptor backs come from (a counting test
/// double, a remote file): reads at an offset, a size, a close.
package protocol FileBytesSource: AnyObject {
    /// The file's current size in bytes.
    func size() throws(LogError) -> UInt64
    /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read (fewer only at
    /// the end of the file).
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(LogError) -> Int
    /// Releases what the source holds.
    func close() throws(LogError)
}

/// This machine's file system, read-only: `readdir`, `stat`, `open(O_RDONLY)` and `pread`.
package struct LocalFileAccess: FileAccess {
    /// The local file system.
    package init() {}

    package func entries(of directory: String) throws(LogError) -> [String] {
        try FileSystem.entries(of: directory)
    }

    package func status(of path: String) -> FileSystem.Status {
        FileSystem.status(of: path)
    }

    /// `fstatat` of each name on the directory's descriptor: no walk of the directory's path a name.
    package func statuses(of names: [String], in directory: String) -> [FileSystem.Status] {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return FileStatuses.byPath(names, in: directory, self) }
        defer { close(descriptor) }
        return FileStatuses.inParallel(count: names.count) { FileSystem.status(of: names[$0], in: descriptor) }
    }

    package func openForReading(_ path: String) throws(LogError) -> SystemFile {
        try SystemFile(path: path, mode: .readOnly)
    }

    /// `opendir` without reading it: a directory of thousands of segments is listed once, by whoever
    /// reads it.
    package func checkListable(_ path: String) throws(LogError) {
        try FileSystem.checkListable(path)
    }

    /// This process counts too (an in-process writer beside an in-process reader).
    package func holders(of directory: String, onlyProcesses: [Int32]?) -> DirectoryHolderScan {
        DirectoryHolders.scan(directory, includingSelf: true, onlyProcesses: onlyProcesses)
    }
}

/// Which ``FileAccess`` reaches a path: the one registered for the start of the path (a directory on
/// another machine, named `ssh://host/…` or `host:/…`), else this machine's file system.
///
/// The command line registers a remote directory's access once it has connected, and everything
/// that opens a directory by its path (a log, a node's logs, a follower, the compare view) then
/// reads it through that access without knowing it is remote.
package enum FileAccessRoutes {
    private static let routes = Locked<[(prefix: String, access: any FileAccess)]>([])

    /// Routes `prefix` and every path under it (`prefix/…`) to `access` (the longest registered
    /// prefix wins).
    package static func register(prefix: String, access: any FileAccess) {
        routes.withLock { routes in
            routes.removeAll { $0.prefix == prefix }
            routes.append((prefix, access))
            routes.sort { $0.prefix.count > $1.prefix.count }
        }
    }

    /// Forgets the route of `prefix`.
    package static func unregister(prefix: String) {
        routes.withLock { routes in routes.removeAll { $0.prefix == prefix } }
    }

    /// The access that reaches `path`.
    package static func access(for path: String) -> any FileAccess {
        routes.withLock { routes -> any FileAccess in
            for route in routes where path.hasPrefix(route.prefix) && (path.count == route.prefix.count || path.dropFirst(route.prefix.count).hasPrefix("/")) {
                return route.access
            }
            return LocalFileAccess()
        }
    }
}
