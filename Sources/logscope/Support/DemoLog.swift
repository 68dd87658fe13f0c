import LogCore

#if canImport(Glibc)
import Glibc
#endif

/// The built-in demo: a temporary log with varied records (text, JSON, binary, protobuf, Unicode)
/// over several segments, one of them damaged, so every pane has something to show.
enum DemoLog {
    static func create() throws(LogError) -> String {
        var template = Array("/tmp/logscope-demo-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LogError.io(operation: "mkdtemp", path: "/tmp/logscope-demo-XXXXXX", errno: errno)
        }
        let path = String(cString: made)
        let log = try Log(directory: path, config: Config(maxStoreBytes: 4096, maxIndexBytes: 1200))
        for offset in UInt64(0)..<240 {
            let value: [UInt8]
            switch offset % 16 {
            case 5: value = RecordCodec.encode(Record("nested protobuf \(offset)", offset: offset * 7))
            case 9: value = Array("ünïcödé ✓ 日本語 #\(offset)".utf8)
            case 13: value = []
            default: value = SampleValues.value(for: offset, size: 24 + Int(offset * 37 % 180))
            }
            try log.append(value)
        }
        try log.close()
        try damage(path)
        return path
    }

    /// Zeroes one frame of the third segment and tears the last frame of the newest one.
    private static func damage(_ path: String) throws(LogError) {
        let directory = try LogDirectory(path: path)
        guard directory.segments.count >= 4 else { return }
        let middle = directory.segments[2]
        if let entry = try middle.rawEntry(at: 3), let next = try middle.rawEntry(at: 4), let storePath = middle.storePath {
            let zeros = [UInt8](repeating: 0, count: Int(next.position - entry.position))
            try rewrite(storePath) { bytes in bytes.replaceSubrange(Int(entry.position)..<Int(next.position), with: zeros) }
        }
        let newest = directory.segments[directory.segments.count - 1]
        if newest.storeSize > 16, let storePath = newest.storePath {
            try rewrite(storePath) { bytes in bytes.removeLast(5) }
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
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { unlink(path + "/" + name) }
        }
        closedir(dir)
        rmdir(path)
    }
}
