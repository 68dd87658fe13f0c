import Glibc

/// Reads `/proc/locks`, without taking any lock, to find the processes that hold a `flock` on a
/// directory (a LogCore writer's lock), by device and inode number.
enum FlockTable {
    /// The ids of the processes holding a `flock` on `directory` (empty when none, or when
    /// `/proc/locks` cannot be read).
    static func holders(of directory: String) -> Set<Int32> {
        var info = stat()
        guard stat(directory, &info) == 0 else { return [] }
        let device = UInt64(info.st_dev)
        let major = (device >> 8) & 0xfff | (device >> 32) & ~0xfff
        let minor = device & 0xff | (device >> 12) & ~0xff
        let wanted = "\(String(major, radix: 16).leftPadded(2)):\(String(minor, radix: 16).leftPadded(2)):\(info.st_ino)"
        guard let table = try? FileSystem.contents(of: "/proc/locks") else { return [] }
        var pids = Set<Int32>()
        for line in table.split(separator: UInt8(ascii: "\n")) {
            // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF": the pid, then the device (hex major:minor) and inode.
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count > 5, fields[1] == "FLOCK", fields[5] == wanted, let pid = Int32(fields[4]) else { continue }
            pids.insert(pid)
        }
        return pids
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
