import Glibc

/// What `dd` with 1 MiB blocks measures, in the same run: write without sync, write with fdatasync,
/// and a page-cache read.
struct DiskBaseline {
    let directory: String

    struct Figures {
        var writeNoSync: Double
        var writeDataSync: Double
        var pageCacheRead: Double
    }

    func measure() -> Figures {
        let path = directory + "/dd-baseline"
        let block = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { block.deallocate() }
        memset(block, 0x5a, 1 << 20)
        let blocks = 512
        func timed(_ body: () -> Void) -> Double {
            let start = ContinuousClock.now
            body()
            let (s, atto) = (ContinuousClock.now - start).components
            return Double(blocks << 20) / (Double(s) + Double(atto) / 1e18) / 1e9
        }
        func write(sync: Bool) -> Double {
            unlink(path)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            defer { close(fd) }
            return timed {
                for _ in 0..<blocks { _ = Glibc.write(fd, block, 1 << 20) }
                if sync { fdatasync(fd) }
            }
        }
        _ = write(sync: false)  // warm-up: the first pass also allocates page-cache pages
        let noSync = write(sync: false)
        let dataSync = write(sync: true)
        let fd = open(path, O_RDONLY)
        let read = timed {
            for i in 0..<blocks { _ = pread(fd, block, 1 << 20, off_t(i << 20)) }
        }
        close(fd)
        unlink(path)
        return Figures(writeNoSync: noSync, writeDataSync: dataSync, pageCacheRead: read)
    }
}
