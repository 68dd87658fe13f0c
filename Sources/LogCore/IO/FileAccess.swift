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
    /// Opens `path` for reading only.
    func openForReading(_ path: String) throws(LogError) -> SystemFile
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

    package func openForReading(_ path: String) throws(LogError) -> SystemFile {
        try SystemFile(path: path, mode: .readOnly)
    }
}
