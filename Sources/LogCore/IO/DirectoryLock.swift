import Glibc

/// An exclusive `flock` on a log directory itself, so two writers never share a log.
///
/// It locks the directory's own descriptor and creates no file: a lock file would be a stray file to
/// the reference (bug K7). Readers (the inspector) never take it.
final class DirectoryLock {
    private(set) var descriptor: Int32

    /// Takes the lock or throws ``LogError/locked(path:)`` at once. The corresponding C function is
    /// `flock` with `LOCK_EX | LOCK_NB`.
    init(directory: String) throws(LogError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError.io(operation: "open", path: directory, errno: errno) }
        var rc: Int32
        repeat { rc = flock(fd, LOCK_EX | LOCK_NB) } while rc != 0 && errno == EINTR
        guard rc == 0 else {
            let code = errno
            _ = close(fd)
            if code == EWOULDBLOCK { throw LogError.locked(path: directory) }
            throw LogError.io(operation: "flock", path: directory, errno: code)
        }
        descriptor = fd
    }

    deinit { release() }

    /// Releases the lock. Safe to call twice.
    ///
    /// It unlocks before closing: a child that another thread is forking holds a copy of every
    /// descriptor until its `exec`, and a lock released only by `close` would outlive the close for
    /// that moment, so that reopening the log at once failed with "another process has this log open".
    func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        _ = close(descriptor)
        descriptor = -1
    }
}
