import LogAgent
import LogCore

/// The bytes of remote files fetched before the reads that need them, so that a walk pays one round
/// trip per batch, not per frame or per file.
///
/// Bytes come in chunks of ``chunkBytes`` at multiples of it, each with the file's status as the
/// agent saw it then. A miss on a file's first chunk fetches, in the same batch, the first chunk of
/// the next ``filesAhead`` files of its directory in segment order (a directory of 1024-byte
/// segments is read 32 segments a round trip); a miss further into a file fetches the next
/// ``chunksAhead`` chunks with it (1 MiB a round trip). The requests of a batch go out together and
/// the replies come back in order (``AgentConnection/requests(_:)``).
///
/// Freshness: a `stat` of a path (``forget(_:status:)``, what every look of a follower makes), or a
/// change the agent's inotify names, drops what is
/// held of it, and nothing held is served once it is ``maxAge`` old: a byte read is at most that
/// much older than the agent's view (an index a writer fills in place changes no size). At most
/// ``byteBudget`` bytes are held, the oldest dropped first.
final class RemoteReadAhead {
    static let chunkBytes = 64 * 1024
    static let filesAhead = 63
    static let chunksAhead = 15
    static let byteBudget = 32 << 20
    static let maxAge: Duration = .milliseconds(250)

    private struct Key: Hashable {
        var path: String
        var chunk: UInt64
    }

    private struct Chunk {
        var bytes: [UInt8]
        var fetched: ContinuousClock.Instant
    }

    /// A file's status as the agent last told it, and when.
    private struct Known {
        var status: FileSystem.Status
        var at: ContinuousClock.Instant
    }

    /// What is held, by file, then by chunk index.
    private var files: [String: [UInt64: Chunk]] = [:]
    /// The order chunks came in, for dropping the oldest (entries already dropped are skipped).
    private var arrivals: [Key] = []
    private var arrivalsStart = 0
    private(set) var heldBytes = 0
    private var known: [String: Known] = [:]
    /// Each directory's files in segment order (base offset, then name), from its last `stat`s.
    private var orders: [String: [String]] = [:]
    private var positions: [String: Int] = [:]

    /// Forgets what is held of `path` (it was just `stat`ed anew), keeping `status` as its size.
    func forget(_ path: String, status: FileSystem.Status?) {
        drop(path)
        if let status { known[path] = Known(status: status, at: .now) } else { known[path] = nil }
    }

    /// Takes the files of `directory` as just `stat`ed: their order, their statuses, and nothing
    /// held of them before.
    func took(_ paths: [String], statuses: [FileSystem.Status], in directory: String) {
        for (path, status) in zip(paths, statuses) { forget(path, status: status) }
        // Each name parsed once, not once a comparison (a listing of 50,000 files).
        let ordered = paths.map { (Self.segmentOrder($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        if let old = orders[directory] { for path in old { positions[path] = nil } }
        orders[directory] = ordered
        for (i, path) in ordered.enumerated() { positions[path] = i }
    }

    /// Whether the first chunk of `path` is held (the file could be read less than ``maxAge`` ago).
    func holdsStart(of path: String) -> Bool {
        isFresh(files[path]?[0], now: .now)
    }

    /// The size of `path` the agent told less than ``maxAge`` ago, if it did.
    func recentSize(_ path: String) -> UInt64? {
        guard let entry = known[path], ContinuousClock.now - entry.at < Self.maxAge, entry.status.kind == .regularFile else { return nil }
        return entry.status.size
    }

    /// Notes the size the agent just told for `path`: what is held of it goes when the size changed.
    func told(size: UInt64, of path: String) {
        if let entry = known[path], entry.status.size != size { drop(path) }
        var status = known[path]?.status ?? FileSystem.Status(kind: .regularFile, size: size, inode: 0)
        status.size = size
        known[path] = Known(status: status, at: .now)
    }

    /// Copies the bytes of `path` from `offset` held now into `buffer`, up to `count`, stopping at
    /// the first chunk not held (or held short of it); returns how many were copied.
    func copy(_ path: String, into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Int {
        var done = 0
        let now = ContinuousClock.now
        while done < count {
            let at = offset + UInt64(done)
            let index = at / UInt64(Self.chunkBytes)
            guard let chunk = files[path]?[index], isFresh(chunk, now: now) else { return done }
            let within = Int(at - index * UInt64(Self.chunkBytes))
            guard within < chunk.bytes.count else { return done }
            let take = min(count - done, chunk.bytes.count - within)
            chunk.bytes.withUnsafeBytes { (buffer + done).copyMemory(from: $0.baseAddress! + within, byteCount: take) }
            done += take
            // A chunk held short of its end is where the file ended when it was fetched.
            if within + take == chunk.bytes.count && chunk.bytes.count < Self.chunkBytes { return done }
        }
        return done
    }

    /// The requests that fetch `path` at `offset` and what is likely read next: the rest of the
    /// file's next chunks, or (at its start) the next files of its directory. Each is a read of one
    /// chunk; `path` first.
    func fetches(for path: String, at offset: UInt64) -> [(path: String, chunk: UInt64)] {
        let first = offset / UInt64(Self.chunkBytes)
        var wanted = [(path, first)]
        let now = ContinuousClock.now
        if first == 0, let position = positions[path], let directory = Self.directory(of: path), let order = orders[directory] {
            for next in order[(position + 1)...].prefix(Self.filesAhead) where !isFresh(files[next]?[0], now: now) {
                wanted.append((next, 0))
            }
        }
        let size = known[path].map(\.status.size)
        for ahead in 1...UInt64(Self.chunksAhead) {
            let chunk = first + ahead
            if let size, chunk * UInt64(Self.chunkBytes) >= size { break }
            if size == nil && ahead > 1 { break }
            if !isFresh(files[path]?[chunk], now: now) { wanted.append((path, chunk)) }
        }
        return wanted
    }

    /// Keeps `bytes`, chunk `chunk` of `path`, fetched with the file's `status` then.
    func keep(_ bytes: [UInt8], chunk: UInt64, of path: String, status: FileSystem.Status) {
        let key = Key(path: path, chunk: chunk)
        if let old = files[path]?[chunk] { heldBytes -= old.bytes.count }
        let now = ContinuousClock.now
        files[path, default: [:]][chunk] = Chunk(bytes: bytes, fetched: now)
        known[path] = Known(status: status, at: now)
        heldBytes += bytes.count
        arrivals.append(key)
        while heldBytes > Self.byteBudget, arrivalsStart < arrivals.count {
            let oldest = arrivals[arrivalsStart]
            arrivalsStart += 1
            if let chunk = files[oldest.path]?.removeValue(forKey: oldest.chunk) { heldBytes -= chunk.bytes.count }
            if files[oldest.path]?.isEmpty == true { files[oldest.path] = nil }
        }
        if arrivalsStart > 4096 && arrivalsStart * 2 > arrivals.count {
            arrivals.removeFirst(arrivalsStart)
            arrivalsStart = 0
        }
    }

    /// Whether `chunk` is held and young enough to serve.
    private func isFresh(_ chunk: Chunk?, now: ContinuousClock.Instant) -> Bool {
        guard let chunk else { return false }
        return now - chunk.fetched < Self.maxAge
    }

    private func drop(_ path: String) {
        guard let held = files.removeValue(forKey: path) else { return }
        for chunk in held.values { heldBytes -= chunk.bytes.count }
    }

    private static func directory(of path: String) -> String? {
        path.lastIndex(of: "/").map { String(path[..<$0]) }
    }

    /// A file's place in its directory's segment order: a segment file's base offset, then its name
    /// (`0.index` before `0.store`); other files after every segment's.
    private static func segmentOrder(_ path: String) -> (UInt64, String) {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        return (SegmentFileName(parsing: name)?.baseOffset ?? .max, name)
    }
}
