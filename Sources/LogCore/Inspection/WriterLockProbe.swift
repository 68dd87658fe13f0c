#if canImport(Glibc)
import Glibc
#endif

/// Finds out, without taking any lock, whether a writer holds a log directory: a LogCore writer's `flock`
/// shows in `/proc/locks`; a writer that takes no lock (the Go reference) still maps the newest index,
/// which shows in `/proc/<pid>/maps`.
enum WriterLockProbe {
    /// The names of the files in `directory` that some process (this one included) maps. Reads
    /// `/proc/<pid>/maps` of every process it may read (about 5 ms for 100 processes); processes of
    /// other users are not seen.
    static func mappedFiles(in directory: String) -> Set<String> {
        guard let resolved = realpath(directory, nil) else { return [] }
        let prefix = " " + String(cString: resolved) + "/"
        free(resolved)
        guard let processes = opendir("/proc") else { return [] }
        defer { closedir(processes) }
        var names: Set<String> = []
        var line = [CChar](repeating: 0, count: 4096 + 256)
        while let entry = readdir(processes) {
            let name = FileSystem.direntName(entry)
            guard name.first?.isNumber == true, let maps = fopen("/proc/\(name)/maps", "r") else { continue }
            defer { fclose(maps) }
            while fgets(&line, Int32(line.count), maps) != nil {
                var text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                if text.last == "\n" { text.removeLast() }
                // "start-end perms offset dev inode    /path/to/file"
                guard let range = text.firstRange(of: prefix) else { continue }
                let file = text[range.upperBound...]
                if !file.contains("/") { names.insert(String(file)) }
            }
        }
        return names
    }

    static func isLocked(directory: String) -> Bool {
        var info = stat()
        guard stat(directory, &info) == 0 else { return false }
        let device = UInt64(info.st_dev)
        let major = (device >> 8) & 0xfff | (device >> 32) & ~0xfff
        let minor = device & 0xff | (device >> 12) & ~0xff
        let wanted = ":\(String(major, radix: 16, uppercase: false).leftPadded(2)):\(String(minor, radix: 16).leftPadded(2)):\(info.st_ino) "
        guard let file = fopen("/proc/locks", "r") else { return false }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            guard text.contains("FLOCK") else { continue }
            // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" — the device is hex major:minor.
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count > 5, ":\(fields[5]) " == wanted { return true }
        }
        return false
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
