import Glibc
import LogCore

/// Watches a log directory another process writes and delivers ``WatchEvent``s as an `AsyncSequence`.
///
/// A thread of its own polls a ``LogTailer`` whenever inotify reports a change (and at least every
/// `interval`), and hands events over through a bounded queue: a consumer that falls behind by more than
/// `bufferLimit` records gets one ``WatchEvent/dropped(count:resumeAt:)`` instead of an unbounded
/// backlog. Never locks or writes anything.
///
/// ```swift
/// for try await event in LogWatch(path: "/var/lib/app/log", start: .end) {
///     if case .records(let records) = event { print(records.map(\.offset)) }
/// }
/// ```
public struct LogWatch: AsyncSequence, Sendable {
    public typealias Element = WatchEvent

    public let path: String
    public let start: LogTailer.Start
    public let interval: Double
    public let bufferLimit: Int
    public let pendingTimeout: Double
    /// At most this many records per event.
    public let maxBatch: Int

    /// Creates a watch; nothing happens until iteration starts.
    public init(
        path: String, start: LogTailer.Start = .beginning, interval: Double = 0.05, bufferLimit: Int = 100_000,
        pendingTimeout: Double = 2, maxBatch: Int = 10_000
    ) {
        self.path = path
        self.start = start
        self.interval = interval
        self.bufferLimit = bufferLimit
        self.pendingTimeout = pendingTimeout
        self.maxBatch = maxBatch
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(lifetime: Lifetime(pump: WatchPump(watch: self)))
    }

    /// Pulls events from the pump; the pump's thread stops when the iterator is released.
    public struct Iterator: AsyncIteratorProtocol {
        let lifetime: Lifetime

        public mutating func next() async throws -> WatchEvent? {
            try await lifetime.pump.next()
        }
    }

    /// Stops the pump when the last copy of an iterator goes away.
    public final class Lifetime: Sendable {
        let pump: WatchPump
        init(pump: WatchPump) { self.pump = pump }
        deinit { pump.stop() }
    }
}

/// The thread behind a ``LogWatch``: polls, queues, and wakes the consumer.
public final class WatchPump: Sendable {
    private struct Shared {
        var queue: [WatchEvent] = []
        var queuedRecords = 0
        var waiter: CheckedContinuation<Void, Never>?
        var failure: LogError?
        var stopped = false
        var dropped: (count: UInt64, resumeAt: UInt64)?
    }

    private let shared = Locked(Shared())
    private let watch: LogWatch

    init(watch: LogWatch) {
        self.watch = watch
        do {
            _ = try WorkerThread(name: watch.path, detached: true) { [self] in loop() }
        } catch {
            shared.withLock { $0.failure = error }
        }
    }

    /// Stops the thread (the iterator calls it when it is released).
    public func stop() {
        let waiter = shared.withLock { state -> CheckedContinuation<Void, Never>? in
            state.stopped = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func next() async throws -> WatchEvent? {
        while true {
            let (event, failure, stopped) = shared.withLock { state -> (WatchEvent?, LogError?, Bool) in
                if let dropped = state.dropped, state.queue.isEmpty {
                    state.dropped = nil
                    return (.dropped(count: dropped.count, resumeAt: dropped.resumeAt), nil, false)
                }
                if !state.queue.isEmpty {
                    let event = state.queue.removeFirst()
                    if case .records(let records) = event { state.queuedRecords -= records.count }
                    return (event, nil, false)
                }
                return (nil, state.failure, state.stopped)
            }
            if let event { return event }
            if let failure { throw failure }
            if stopped || Task.isCancelled { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = shared.withLock { state -> Bool in
                    if !state.queue.isEmpty || state.failure != nil || state.stopped || state.dropped != nil { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func loop() {
        let tailer = LogTailer(path: watch.path, start: watch.start, pendingTimeout: watch.pendingTimeout, maxBatch: watch.maxBatch)
        while !shared.withLock({ $0.stopped }) {
            do {
                let events = try tailer.poll()
                if !events.isEmpty { publish(events, tailer: tailer) }
                if events.isEmpty {
                    tailer.wait(milliseconds: Int(watch.interval * 1000))
                    // Wake the consumer now and then so a cancelled task notices it.
                    shared.withLock { state -> CheckedContinuation<Void, Never>? in
                        defer { state.waiter = nil }
                        return state.waiter
                    }?.resume()
                }
            } catch {
                let waiter = shared.withLock { state -> CheckedContinuation<Void, Never>? in
                    state.failure = error
                    state.stopped = true
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
                return
            }
        }
    }

    private func publish(_ events: [WatchEvent], tailer: LogTailer) {
        let waiter = shared.withLock { state -> CheckedContinuation<Void, Never>? in
            for event in events {
                if case .records(let records) = event,
                    state.dropped != nil || (state.queuedRecords > 0 && state.queuedRecords + records.count > watch.bufferLimit)
                {
                    // The consumer is behind: count what it misses instead of queueing it.
                    let count = (state.dropped?.count ?? 0) + UInt64(records.count)
                    state.dropped = (count, (records.last?.offset ?? 0) + 1)
                    continue
                }
                if case .records(let records) = event { state.queuedRecords += records.count }
                state.queue.append(event)
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
