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

    private typealias Option = @convention(c) (Int32, Int32) -> Int32

    private static let option: Option? = {
        guard let symbol = dlsym(nil, "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: Option.self)
    }()

    /// Has every block of 128 KiB or more mapped on its own, so freeing it returns its pages at once
    /// (`mallopt(M_MMAP_THRESHOLD, 128 KiB)`). glibc otherwise raises that threshold after the first
    /// such block is freed, and the arrays of a large directory (a summary and a health a segment)
    /// then live in the heap, where a freed one leaves a hole the size of the directory. Call it
    /// once, at the start of a long-running view.
    package static func mapLargeBlocks() {
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = option?(mmapThreshold, 128 * 1024)
    }

    /// Whether the C library can (glibc's `malloc_trim` was found).
    package static var isAvailable: Bool { trim != nil }

    /// Returns free pages to the system (`malloc_trim(0)`), where the C library can.
    package static func returnToSystem() {
        _ = trim?(0)
    }
}
