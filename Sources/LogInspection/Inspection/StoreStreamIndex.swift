import Glibc
import LogCore

/// Builds the index of a store that has none (a snapshot's `state.bin`) by walking its frames, for
/// ``LogDirectory/init(storeStream:)``.
enum StoreStreamIndex {
    /// At most this many frames are indexed (12 bytes of memory each).
    static let maxEntries = 1 << 22

    /// The store at `path` as one segment with an index of its frames.
    static func segment(_ path: String) throws(LogError) -> InspectedSegment {
        let access = FileAccessRoutes.access(for: path)
        let kind = access.kind(of: path)
        guard kind == .regularFile else {
            throw LogError.io(operation: "open", path: path, errno: kind == .missing ? ENOENT : EISDIR)
        }
        let file = try access.openForReading(path)
        defer { try? file.close() }
        var frames = try StoreStreamFrames(file: file)
        var index: [UInt8] = []
        var base: UInt64?
        while frames.count < maxEntries, let frame = try frames.next() {
            guard case .success(let decoded) = try frames.withPayload(of: frame, { RecordCodec.fields(of: $0) }) else { break }
            if base == nil { base = decoded.offset }
            var entry = [UInt8](repeating: 0, count: IndexEntry.size)
            entry.withUnsafeMutableBytes { raw in
                BigEndian.store(UInt32(frame.number), raw.baseAddress!)
                BigEndian.store(frame.position, raw.baseAddress!, at: 4)
            }
            index += entry
        }
        return InspectedSegment(stream: path, size: frames.size, baseOffset: base ?? 0, index: index)
    }
}
