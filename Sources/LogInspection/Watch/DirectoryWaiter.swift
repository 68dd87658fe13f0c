import Glibc
import LogCore

/// Sleeps until a log directory changes or a timeout passes: inotify on Linux (store writes, files
/// created, deleted or renamed, the directory itself removed), with plain timeouts as the fallback.
/// Writes to a mapped index raise no inotify event, so callers keep a timeout as well.
///
/// It also collects what changed (``takeChanges()``): the names of the entries created, deleted,
/// renamed or written, so that a ``LogFollower`` looks at those files and no others. Without inotify
/// it says a listing is needed at most once every ``listingInterval`` (the slow stamp poll), and
/// nothing in between: the follower then looks at the newest segment's files alone.
public final class DirectoryWaiter {
    private let path: String
    private var inotify: Int32 = -1
    private var watch: Int32 = -1
    /// What inotify reported since the last ``takeChanges()``; a new waiter has seen nothing yet, so
    /// only a listing tells.
    private var changes = DirectoryChanges(needsListing: true)
    /// Where events are read into (kept: a follower drains the queue ten times a second).
    private var buffer = [UInt8](repeating: 0, count: 4096)

    /// How often a waiter without inotify asks for a listing.
    public static let listingInterval: Duration = .seconds(1)
    /// When a waiter without inotify last asked for a listing.
    private var lastListingAsked: ContinuousClock.Instant?

    /// On a directory of another machine: its agent's inotify, asked through the connection.
    private let remote: RemoteFileAccess?

    /// Creates a waiter for `path` (which may not exist yet).
    public convenience init(path: String) {
        self.init(path: path, inotify: true)
    }

    /// Creates a waiter for `path`; with `inotify` false it works as where inotify is missing (tests
    /// of the fallback). A path on another machine (``LogCore/FileAccessRoutes``) is watched by its
    /// agent's inotify.
    package init(path: String, inotify useInotify: Bool) {
        self.path = path
        remote = useInotify ? FileAccessRoutes.access(for: path) as? RemoteFileAccess : nil
        inotify = useInotify && remote == nil ? inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) : -1
        addWatch()
    }

    deinit {
        if inotify >= 0 { close(inotify) }
    }

    /// Whether inotify is in use, here or by the directory's agent (else only timeouts wake the caller).
    public var usesInotify: Bool { remote != nil || (inotify >= 0 && watch >= 0) }

    private func addWatch() {
        guard inotify >= 0, watch < 0 else { return }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_CLOSE_WRITE)
        watch = inotify_add_watch(inotify, path, mask)
        // What happened before the watch was there is known only from a listing.
        changes = DirectoryChanges(needsListing: true)
    }

    /// Waits until something in the directory changes or `milliseconds` pass (0: just looks). The
    /// corresponding C functions are `poll` and `read` on the inotify descriptor.
    ///
    /// - Returns: whether a change was reported; always `true` without inotify (nothing can be ruled out).
    @discardableResult
    public func wait(milliseconds: Int) -> Bool {
        if let remote {
            let found = remote.changes(of: path, waitingUpTo: milliseconds)
            changes.merge(found)
            return !found.isEmpty
        }
        addWatch()
        guard usesInotify else {
            if milliseconds > 0 { usleep(useconds_t(milliseconds * 1000)) }
            return true
        }
        var descriptor = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, Int32(milliseconds))
        return drain()
    }

    /// What changed since the last call, reading the events pending now first (it does not wait).
    /// Without inotify it says that only a listing tells once every ``listingInterval``, and nothing
    /// in between.
    public func takeChanges() -> DirectoryChanges {
        if let remote {
            changes.merge(remote.changes(of: path, waitingUpTo: 0))
            defer { changes = DirectoryChanges() }
            return changes
        }
        addWatch()
        guard usesInotify else {
            let now = ContinuousClock.now
            if let last = lastListingAsked, now - last < Self.listingInterval { return DirectoryChanges() }
            lastListingAsked = now
            return DirectoryChanges(needsListing: true)
        }
        drain()
        defer { changes = DirectoryChanges() }
        return changes
    }

    /// Reads every pending event; returns whether there was any.
    @discardableResult
    private func drain() -> Bool {
        var any = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            any = true
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (mask, length) = buffer.withUnsafeBytes { raw -> (UInt32, UInt32) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.mask, event.len)
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if length > 0, nameStart + Int(length) <= n {
                    // The name is NUL-padded to `len` bytes.
                    let bytes = buffer[nameStart..<(nameStart + Int(length))].prefix { $0 != 0 }
                    if let name = String(validating: bytes, as: UTF8.self) {
                        changes.note(name, written: mask & UInt32(IN_MODIFY) != 0)
                    } else {
                        changes.needsListing = true
                    }
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { changes = DirectoryChanges(needsListing: true) }
                if mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    if watch >= 0 { inotify_rm_watch(inotify, watch) }
                    watch = -1
                    changes = DirectoryChanges(needsListing: true)
                }
                offset += MemoryLayout<inotify_event>.size + Int(length)
            }
        }
        return any
    }
}
