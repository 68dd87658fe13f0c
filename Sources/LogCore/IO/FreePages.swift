import Glibc

/// Hands the allocator's free pages back to the system: glibc's `malloc_trim`, which its module for
/// Swift leaves out, found at run time (and skipped where the C library has none). After a large
/// piece of work whose memory is freed (a background check of thousands of segments), the process's
/// resident memory then drops to what it still uses.
package enum FreePages {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        // RTLD_DEFAULT: the symbol as the process's libraries define it.
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()

    /// Whether the C library can (glibc's `malloc_trim` was found).
    package static var isAvailable: Bool { trim != nil }

    /// Returns free pages to the system (`malloc_trim(0)`), where the C library can.
    package static func returnToSystem() {
        _ = trim?(0)
    }
}
