import Glibc

/// The floor `Log.read(at:)` is measured against: every record of the segments a ``RawWriter``
/// wrote, in offset order, each value copied into a new `[UInt8]`, with nothing but the work itself.
///
/// Each segment's store and index are mapped read-only; a record's position comes from its index
/// entry, its value from the payload's first field (`0x0a`, varint length, bytes). No lock, no
/// checks: the offset inside the payload is not read and nothing is validated.
struct RawReader {
    let directory: String
    let segments: [RawWriter.Segment]

    /// Reads every record and returns the sum of the values' lengths and first bytes (so that no
    /// copy can be optimised away).
    func readAll() -> Int {
        var total = 0
        for segment in segments where segment.count > 0 {
            let store = Mapping(path: directory + "/\(segment.base).store")
            let index = Mapping(path: directory + "/\(segment.base).index")
            for slot in 0..<segment.count {
                let position = Int(UInt64(bigEndian: index.base.loadUnaligned(fromByteOffset: slot * 12 + 4, as: UInt64.self)))
                var at = position + 9  // the length prefix and the 0x0a tag
                var length = 0
                var shift = 0
                while true {
                    let byte = store.base.load(fromByteOffset: at, as: UInt8.self)
                    at += 1
                    length |= Int(byte & 0x7f) << shift
                    if byte < 0x80 { break }
                    shift += 7
                }
                let value = [UInt8](UnsafeRawBufferPointer(start: store.base + at, count: length))
                total &+= value.count &+ Int(value.first ?? 0)
            }
            store.close()
            index.close()
        }
        return total
    }

    /// A whole file mapped read-only.
    private struct Mapping {
        let base: UnsafeRawPointer
        let size: Int

        init(path: String) {
            let fd = open(path, O_RDONLY)
            precondition(fd >= 0, "cannot open \(path): errno \(errno)")
            defer { Glibc.close(fd) }
            var info = stat()
            precondition(fstat(fd, &info) == 0)
            size = Int(info.st_size)
            let pointer = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0)
            precondition(pointer != MAP_FAILED, "cannot map \(path): errno \(errno)")
            base = UnsafeRawPointer(pointer!)
        }

        func close() { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }
}
