import Glibc
import LogCore
import LogInspection

/// The built-in demo: a temporary log with varied records (text, JSON, binary, protobuf, Unicode)
/// over several segments, one of them damaged, and a stray file, so every pane has something to show;
/// ``DemoWriter`` then keeps appending to it so the live view has something to follow.
enum DemoLog {
    static let config = Config(maxStoreBytes: 4096, maxIndexBytes: 1200, durability: .flush)

    /// The value of the demo's record at `offset`.
    static func value(for offset: UInt64) -> [UInt8] {
        switch offset % 16 {
        case 5: return RecordCodec.encode(Record("nested protobuf \(offset)", offset: offset * 7))
        case 9: return Array("ünïcödé ✓ 日本語 #\(offset)".utf8)
        case 13: return []
        default: return SampleValues.value(for: offset, size: 24 + Int(offset * 37 % 180))
        }
    }

    static func create() throws(LogError) -> String {
        var template = Array("/tmp/logscope-demo-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LogError.io(operation: "mkdtemp", path: "/tmp/logscope-demo-XXXXXX", errno: errno)
        }
        let path = String(cString: made)
        let log = try Log(directory: path, config: config)
        for offset in UInt64(0)..<240 { try log.append(value(for: offset)) }
        try log.close()
        try damage(path)
        return path
    }

    /// Zeroes one frame of the third segment (recovery leaves the middle of a segment alone, so the
    /// damage stays while the writer appends) and adds a stray file.
    private static func damage(_ path: String) throws(LogError) {
        let directory = try LogDirectory(path: path)
        guard directory.segments.count >= 4 else { return }
        let middle = directory.segments[2]
        if let entry = try middle.rawEntry(at: 3), let next = try middle.rawEntry(at: 4), let storePath = middle.storePath {
            let zeros = [UInt8](repeating: 0, count: Int(next.position - entry.position))
            try rewrite(storePath) { bytes in bytes.replaceSubrange(Int(entry.position)..<Int(next.position), with: zeros) }
        }
        if let notes = fopen(path + "/NOTES.txt", "w") {
            fputs("A stray file: logscope ignores it; the Go reference would take it for segment 0.\n", notes)
            fclose(notes)
        }
    }

    private static func rewrite(_ path: String, _ change: (inout [UInt8]) -> Void) throws(LogError) {
        guard let file = fopen(path, "r+b") else { throw LogError.io(operation: "fopen", path: path, errno: errno) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        change(&bytes)
        rewind(file)
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fflush(file)
        _ = ftruncate(fileno(file), off_t(bytes.count))
    }

    static func remove(_ path: String) {
        try? FileSystem.removeTree(path)
    }
}

/// Appends demo records a few times a second on its own thread, with flush durability, so the
/// inspector's follow mode has something to show. Stopped (and the log closed) before the demo is
/// removed.
final class DemoWriter: Sendable {
    private let stopped = Locked(false)
    private let thread = Locked<WorkerThread?>(nil)
    let log: Log

    init(path: String) throws(LogError) {
        log = try Log(directory: path, config: DemoLog.config)
        let worker = try WorkerThread(name: path) { [self] in run() }
        thread.withLock { $0 = worker }
    }

    private func run() {
        while !stopped.withLock({ $0 }) {
            guard let next = try? log.nextOffset, (try? log.append(DemoLog.value(for: next))) != nil else { return }
            usleep(150_000)
        }
    }

    func stop() {
        stopped.withLock { $0 = true }
        thread.withLock { $0 }?.join()
        try? log.close()
    }
}
