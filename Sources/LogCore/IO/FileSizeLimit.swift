import Glibc

/// The process's limit on the size of a file it writes (`RLIMIT_FSIZE`, `ulimit -f`).
///
/// A write past the limit raises `SIGXFSZ`, which kills the process unless it is ignored; with the
/// signal ignored the write fails with `EFBIG` instead, and a ``Log`` stops appends with
/// ``LogError/writeFailed(path:errno:unwrittenBytes:)``, every acknowledged record in its files. A
/// service that embeds the log and may run under such a limit calls ``ignoreExceededSignal()`` once
/// at start-up (`logscope append` and `write` do).
public enum FileSizeLimit {
    /// The soft limit in bytes, or `nil` when there is none (or it cannot be read). The
    /// corresponding C function is `getrlimit`.
    public static var current: UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// Makes a write past the limit fail with `EFBIG` rather than kill the process with `SIGXFSZ`.
    /// The corresponding C function is `signal`.
    public static func ignoreExceededSignal() {
        signal(SIGXFSZ, SIG_IGN)
    }
}
