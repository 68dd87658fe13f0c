import Glibc

/// `posix_spawn` attributes that start a child with an empty signal mask and every signal at its
/// default disposition, whatever the parent blocks or ignores.
///
/// A child inherits its parent's signal mask: a test thread, or a benchmark runner, blocks most
/// signals, and a child started from it would ignore the SIGINT, SIGTERM or SIGHUP meant to stop it
/// (tmux's server would outlive its own `kill-server`).
package enum SpawnAttributes {
    /// Calls `body` with attributes that clear the signal mask and reset every disposition.
    package static func withDefaultSignals<T>(_ body: (UnsafePointer<posix_spawnattr_t>) throws -> T) rethrows -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return try withUnsafePointer(to: &attributes) { try body($0) }
    }
}
