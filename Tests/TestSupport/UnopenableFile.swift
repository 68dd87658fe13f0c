import Glibc

/// A regular file that even root cannot open for reading: sysfs refuses `O_RDONLY` on a write-only
/// attribute with EACCES. Tests link a segment file to it to stand for an unreadable one.
package enum UnopenableFile {
    /// The write-only sysfs attribute.
    package static let path = "/sys/bus/cpu/drivers_probe"

    /// Whether opening ``path`` for reading fails with EACCES here (the tests that need it skip
    /// otherwise).
    package static let isAvailable: Bool = {
        let fd = open(path, O_RDONLY)
        if fd >= 0 { close(fd) }
        return fd < 0 && errno == EACCES
    }()
}
