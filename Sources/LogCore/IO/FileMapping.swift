import Glibc

/// A shared memory mapping of the first ``length`` bytes of a file, for the writer's own files only.
///
/// Only a ``Log`` maps (its newest index for writing, its stores and sealed indexes for reading): it
/// holds the directory's lock, and nothing it does shortens a mapped file. Read-only inspection never
/// maps, because a mapped file that another process truncates kills the reader with `SIGBUS`.
///
/// A value: ``unmap()`` ends it, and the owner calls it exactly once.
struct FileMapping {
    /// The first mapped byte.
    let base: UnsafeMutableRawPointer
    /// How many bytes are mapped; they may run past the file's end, which must not be read.
    let length: Int

    /// Maps the first `length` bytes (more than 0) of `file`, for reading, or for reading and writing.
    /// The corresponding C function is `mmap`.
    init(_ file: SystemFile, length: Int, writable: Bool) throws(LogError) {
        let protection = writable ? PROT_READ | PROT_WRITE : PROT_READ
        let pointer = mmap(nil, length, protection, MAP_SHARED, file.descriptor, 0)
        guard let pointer, pointer != MAP_FAILED else {
            throw LogError.io(operation: "mmap", path: file.path, errno: errno)
        }
        base = pointer
        self.length = length
    }

    /// Writes the mapped pages to the file and waits. The corresponding C function is `msync`.
    func sync(path: String) throws(LogError) {
        guard msync(base, length, MS_SYNC) == 0 else {
            throw LogError.io(operation: "msync", path: path, errno: errno)
        }
    }

    /// Ends the mapping. The corresponding C function is `munmap`.
    func unmap() {
        munmap(base, length)
    }
}
