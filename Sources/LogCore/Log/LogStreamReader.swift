/// Streams the raw store files of a log, concatenated in order with their length prefixes (the
/// reference's `Log.Reader()`).
///
/// The set of files and their sizes are fixed when the reader is made; each file is opened read-only
/// when the stream reaches it.
public final class LogStreamReader {
    private let parts: [(path: String, size: UInt64)]
    private var part = 0
    private var position: UInt64 = 0
    private var file: SystemFile?

    init(parts: [(String, UInt64)]) {
        self.parts = parts.map { (path: $0.0, size: $0.1) }
    }

    /// The total number of bytes the stream holds.
    public var count: UInt64 { parts.reduce(0) { $0 + $1.size } }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogError) -> Int {
        while part < parts.count {
            let (path, size) = parts[part]
            if position >= size {
                try file?.close()
                file = nil
                part += 1
                position = 0
                continue
            }
            if file == nil { file = try SystemFile(path: path, mode: .readOnly) }
            let wanted = Int(min(UInt64(buffer.count), size - position))
            let got = try file!.read(into: buffer.baseAddress!, count: wanted, at: position)
            guard got > 0 else {
                throw LogError.corrupt(path: path, position: position, reason: "the file ended early (was it truncated while being read?)")
            }
            position += UInt64(got)
            return got
        }
        return 0
    }

    /// Reads the whole remaining stream.
    public func readToEnd() throws(LogError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withMutableBytes { (raw) throws(LogError) in try read(into: raw) }
            if n == 0 { return result }
            result += chunk[0..<n]
        }
    }
}
