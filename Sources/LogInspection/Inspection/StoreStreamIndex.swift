import Glibc
import LogCore

/// Builds the index of a store that has none (a snapshot's `state.bin`) by walking its frames, for
/// ``LogDirectory/init(storeStream:)``.
enum StoreStreamIndex {
    /// At most this many frames are indexed (12 bytes of memory each).
    static let maxEntries = 1 << 22

    /// The store at `path` as one segment with an index of its frames.
    static func segment(_ path: String) throws(LogError) -> InspectedSegment {
        guard FileSystem.kind(of: path) == .regularFile else {
            throw LogError.io(operation: "open", path: path, errno: FileSystem.kind(of: path) == .missing ? ENOENT : EISDIR)
        }
        let file = try SystemFile(path: path, mode: .readOnly)
        defer { try? file.close() }
        let size = try file.size()
        let reader = FrameReader(file: file, size: size)
        var index: [UInt8] = []
        var base: UInt64?
        var position: UInt64 = 0
        var slot = 0
        while position < size, slot < maxEntries {
            guard case .complete(let length) = try reader.probe(at: position) else { break }
            let fields = try reader.withBytes(at: position + 8, count: Int(length)) { RecordCodec.fields(of: $0) }
            guard case .success(let decoded) = fields else { break }
            if base == nil { base = decoded.offset }
            var entry = [UInt8](repeating: 0, count: IndexEntry.size)
            entry.withUnsafeMutableBytes { raw in
                BigEndian.store(UInt32(slot), raw.baseAddress!)
                BigEndian.store(position, raw.baseAddress!, at: 4)
            }
            index += entry
            position += 8 + length
            slot += 1
        }
        return InspectedSegment(stream: path, size: size, baseOffset: base ?? 0, index: index)
    }
}
