import Glibc

/// The process's limit on open files (`RLIMIT_NOFILE`).
///
/// A reader holds two files per segment it is reading, up to its budget of open segments (see
/// `OpenFileBudget`, sized from this limit); a program browsing several directories of thousands of
/// segments is still safer with more than the usual soft limit of 1024. Raising the soft limit to the hard one (as the Go runtime does at startup) needs no
/// privilege.
public enum OpenFileLimit {
    /// The soft limit now, or `nil` if it cannot be read. The corresponding C function is `getrlimit`.
    public static var current: UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard limit and returns the new soft limit (unchanged when it
    /// cannot be raised). The corresponding C function is `setrlimit`.
    @discardableResult
    public static func raiseToHardLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
