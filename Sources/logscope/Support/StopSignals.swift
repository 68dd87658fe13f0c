import Glibc

/// SIGINT, SIGTERM and SIGHUP (the terminal closed), blocked and polled rather than handled, so no work
/// happens in a signal handler and a long-running command can close its log (or remove the demo)
/// before exiting.
struct StopSignals {
    private var set = sigset_t()

    /// Blocks SIGINT, SIGTERM and SIGHUP for this thread (call before starting other threads).
    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Whether a stop signal is pending. The corresponding C function is `sigpending`.
    func stopRequested() -> Bool {
        var pending = sigset_t()
        sigpending(&pending)
        return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGHUP) == 1
    }

    /// Sleeps up to `seconds`, returning `true` early when a stop signal arrives. The corresponding C
    /// function is `sigtimedwait`.
    func sleep(seconds: Double) -> Bool {
        guard seconds > 0 else { return stopRequested() }
        var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var copy = set
        return sigtimedwait(&copy, nil, &timeout) > 0
    }
}
