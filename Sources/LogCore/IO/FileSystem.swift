import Glibc

/// Directory-level file operations LogCore needs, each a named wrapper of one system call.
package enum FileSystem {
    /// Whether `path` is a directory (following links).
    package static func isDirectory(_ path: String) -> Bool { kind(of: path) == .directory }

    /// What a path is.
    package enum Kind: Equatable {
        case missing
        case directory
        case regularFile
        case other
    }

    /// What one `stat` of a path says: its kind, size, inode and modification time.
    package struct Status: Equatable {
        package var kind: Kind
        package var size: UInt64
        package var inode: UInt64
        /// The modification time in nanoseconds since the epoch.
        package var modified: Int64 = 0

        package init(kind: Kind, size: UInt64, inode: UInt64, modified: Int64 = 0) {
            self.kind = kind
            self.size = size
            self.inode = inode
            self.modified = modified
        }
    }

    /// The status of `path`, following symbolic links (`.missing`, size 0, inode 0 when it cannot be
    /// `stat`ed). The corresponding C function is `stat`.
    package static func status(of path: String) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else { return Status(kind: .missing, size: 0, inode: 0) }
        return Status(info)
    }

    /// What an `fstat` of the open `file` says (`.missing` when it is not a descriptor).
    package static func status(of file: SystemFile) -> Status {
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { return Status(kind: .missing, size: 0, inode: 0) }
        return Status(info)
    }

    /// The path the kernel says the open `file` is at (`/proc/self/fd`, links resolved), or `nil`
    /// where it cannot tell (no `/proc`, not a descriptor).
    package static func openedPath(of file: SystemFile) -> String? {
        file.descriptor >= 0 ? linkTarget("/proc/self/fd/\(file.descriptor)") : nil
    }

    /// What a `stat` of `name` in the directory open as `directory` says, following symbolic links
    /// (`fstatat`: no walk of the directory's path for each name).
    package static func status(of name: String, in directory: Int32) -> Status {
        var info = stat()
        guard fstatat(directory, name, &info, 0) == 0 else { return Status(kind: .missing, size: 0, inode: 0) }
        return Status(info)
    }
}

extension FileSystem.Status {
    /// What `info` says.
    fileprivate init(_ info: stat) {
        let kind: FileSystem.Kind
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFREG: kind = .regularFile
        default: kind = .other
        }
        let modified = Int64(info.st_mtim.tv_sec).multipliedReportingOverflow(by: 1_000_000_000).partialValue &+ Int64(info.st_mtim.tv_nsec)
        self.init(kind: kind, size: UInt64(info.st_size), inode: UInt64(info.st_ino), modified: modified)
    }
}

extension FileSystem {

    /// What `path` is, following symbolic links.
    package static func kind(of path: String) -> Kind {
        status(of: path).kind
    }

    /// The size of the file at `path`, or `nil` when it cannot be `stat`ed.
    package static func size(of path: String) -> UInt64? {
        let status = status(of: path)
        return status.kind == .missing ? nil : status.size
    }

    /// Creates `path` and its missing parents with mode 0755 (like `os.MkdirAll`).
    package static func makeDirectory(_ path: String) throws(LogError) {
        if kind(of: path) == .directory { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if kind(of: prefix) == .missing, mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw LogError.io(operation: "mkdir", path: prefix, errno: errno)
            }
            prefix += "/"
        }
        guard kind(of: path) == .directory else { throw LogError.notADirectory(path: path) }
    }

    /// The canonical absolute path of an existing `path`, symbolic links resolved. The corresponding C
    /// function is `realpath`.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The canonical absolute path `path` has or would have: its longest existing prefix resolved
    /// (``realPath(_:)``), the names after it appended as they are.
    package static func canonicalPath(_ path: String) -> String {
        guard let (resolved, missing) = resolvedPrefix(of: path) else { return path }
        return ([resolved == "/" ? "" : resolved] + missing).joined(separator: "/")
    }

    /// The longest existing prefix of `path` (relative to the working directory when `path` is not
    /// absolute) resolved by ``realPath(_:)``, and the names after it as they are; `nil` when not even
    /// the first part resolves.
    package static func resolvedPrefix(of path: String) -> (resolved: String, missing: [String])? {
        var names = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var missing: [String] = []
        while true {
            let head = (path.hasPrefix("/") ? "/" : "") + names.joined(separator: "/")
            if let resolved = realPath(head.isEmpty ? "." : head) { return (resolved, missing) }
            guard let last = names.popLast() else { return nil }
            missing.insert(last, at: 0)
        }
    }

    /// The target of the symbolic link at `path` (`/proc/self/exe`, `/proc/<pid>/fd/<n>`), or `nil`
    /// when it is not one or cannot be read. The corresponding C function is `readlink`.
    package static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in directory `path`, without `.` and `..`. The corresponding C function is `readdir`.
    package static func entries(of path: String) throws(LogError) -> [String] {
        guard let dir = opendir(path) else {
            throw LogError.io(operation: "opendir", path: path, errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = direntName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Checks that directory `path` can be listed, without listing it: `opendir`, then `closedir`.
    package static func checkListable(_ path: String) throws(LogError) {
        guard let dir = opendir(path) else {
            throw LogError.io(operation: "opendir", path: path, errno: errno)
        }
        closedir(dir)
    }

    /// The name in a `dirent`, read in place: a record is only as long as its name (`d_reclen`), so
    /// copying the whole `d_name` array would read past it.
    package static func direntName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    /// Deletes the file at `path`. The corresponding C function is `unlink`.
    static func removeFile(_ path: String) throws(LogError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw LogError.io(operation: "unlink", path: path, errno: errno)
        }
    }

    /// Deletes `path` and everything below it (like `os.RemoveAll`).
    package static func removeTree(_ path: String) throws(LogError) {
        switch kind(of: path) {
        case .missing: return
        case .directory:
            for name in try entries(of: path) {
                let child = path + "/" + name
                var info = stat()
                if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    try removeTree(child)
                } else {
                    try removeFile(child)
                }
            }
            guard rmdir(path) == 0 || errno == ENOENT else {
                throw LogError.io(operation: "rmdir", path: path, errno: errno)
            }
        default:
            try removeFile(path)
        }
    }

    /// Every byte of the file at `path`, read with `pread` from a read-only descriptor; more than
    /// `limit` bytes throw ``LogError/inputTooLarge(source:limit:)`` once read past it (a device that
    /// never ends, such as `/dev/zero`, is read no further).
    package static func contents(of path: String, limit: Int = .max) throws(LogError) -> [UInt8] {
        try contents(of: try SystemFile(path: path, mode: .readOnly), limit: limit)
    }

    /// The whole of `file` (opened for reading; closed when done), read in 64 KiB chunks.
    package static func contents(of file: SystemFile, limit: Int = .max) throws(LogError) -> [UInt8] {
        let path = file.path
        defer { try? file.close() }
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        var bytes: [UInt8] = []
        while true {
            let got = try file.read(into: chunk, count: chunkSize, at: UInt64(bytes.count))
            if got == 0 { return bytes }
            guard got <= limit - bytes.count else { throw LogError.inputTooLarge(source: path, limit: limit) }
            bytes += UnsafeRawBufferPointer(start: chunk, count: got)
        }
    }

    /// Makes the directory's entries (new and removed files) durable. The corresponding C function is
    /// `fsync` on the directory.
    static func syncDirectory(_ path: String) throws(LogError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError.io(operation: "open", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw LogError.io(operation: "fsync", path: path, errno: errno) }
    }
}
