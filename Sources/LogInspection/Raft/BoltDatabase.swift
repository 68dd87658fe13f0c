/// A BoltDB file (boltdb/bolt 1.3, as hashicorp/raft-boltdb writes `raft/stable`) read strictly
/// read-only with `pread`: never mapped, locked or written, so it is safe beside the node that has it
/// open.
///
/// The file is a sequence of pages of `pageSize` bytes, each starting with a 16-byte header (page id
/// u64, flags u16, element count u16, overflow u32; little-endian, the byte order of the machines
/// raft runs on). Pages 0 and 1 are meta pages; the valid one with the higher transaction id names the
/// root bucket's page. Branch pages hold 16-byte elements (key position u32, key size u32, child page
/// u64), leaf pages 16-byte elements (flags u32, position u32, key size u32, value size u32), positions
/// relative to the element. A leaf element with flag 1 is a bucket: its value is the bucket's root page
/// and sequence (u64 each), followed by the bucket's own page when the root is 0 (an inline bucket).
///
/// Every length and page number read from the file is checked against the file before use; a
/// traversal visits a bounded number of pages and never visits one twice.
import LogCore

public final class BoltDatabase {
    /// The file's path.
    public let path: String
    /// The page size the meta page declares.
    public let pageSize: Int
    /// The transaction id of the meta page in use (the valid one with the higher id).
    public let transactionID: UInt64
    /// Which meta page is in use, 0 or 1.
    public let metaPage: Int
    private let rootPage: UInt64
    private let file: SystemFile
    private let size: UInt64

    /// The magic number of a bolt meta page.
    static let magic: UInt32 = 0xED0C_DAED
    static let headerSize = 16
    static let elementSize = 16
    /// At most this many pages are read by one traversal.
    static let maxPagesVisited = 4096

    /// Opens `path` read-only and reads its meta pages.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when it cannot be read,
    ///   ``LogError/unreadableFormat(path:position:format:reason:)`` when neither meta page is valid.
    public init(path: String) throws(LogError) {
        self.path = path
        file = try FileAccessRoutes.access(for: path).openForReading(path)
        size = try file.size()
        var candidates: [(Meta, Int)] = []
        var problems: [String] = []
        let first = try Self.readMeta(file, at: 0, fileSize: size, path: path)
        switch first {
        case .success(let meta): candidates.append((meta, 0))
        case .failure(let problem): problems.append("meta page 0: \(problem)")
        }
        // Bolt finds meta page 1 at one page size: meta page 0's, or the usual sizes when it is damaged.
        let sizes: [UInt64] = (try? first.get()).map { [UInt64($0.pageSize)] } ?? [4096, 8192, 16384, 65536]
        for pageSize in sizes {
            let second = try Self.readMeta(file, at: pageSize, fileSize: size, path: path)
            if case .success(let meta) = second, meta.pageSize == Int(pageSize) {
                candidates.append((meta, 1))
                break
            }
            if case .failure(let problem) = second, sizes.count == 1 { problems.append("meta page 1: \(problem)") }
        }
        guard let (meta, page) = candidates.max(by: { $0.0.transactionID < $1.0.transactionID }) else {
            try? file.close()
            throw LogError.unreadableFormat(path: path, position: 0, format: "BoltDB file", reason: problems.joined(separator: "; "))
        }
        pageSize = meta.pageSize
        transactionID = meta.transactionID
        rootPage = meta.rootPage
        metaPage = page
    }

    deinit { try? file.close() }

    /// Closes the file.
    public func close() { try? file.close() }

    /// The keys and values of the top-level bucket `name` (nested buckets left out), in key order;
    /// `nil` when the database has no such bucket.
    public func pairs(inBucket name: String) throws(LogError) -> [(key: [UInt8], value: [UInt8])]? {
        var visited = Set<UInt64>()
        let wanted = Array(name.utf8)
        var found: [UInt8]?
        try walk(.page(rootPage), visited: &visited, depth: 0) { element in
            if element.isBucket, element.key == wanted { found = element.value }
        }
        guard let bucket = found else { return nil }
        guard bucket.count >= Self.headerSize else {
            throw malformed(0, "bucket \(name)'s header is \(bucket.count) bytes, not 16")
        }
        let root = bucket.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        let node: Node = root == 0 ? .inline(Array(bucket[Self.headerSize...]), bucket: name) : .page(root)
        try walk(node, visited: &visited, depth: 0) { element in
            if !element.isBucket { pairs.append((element.key, element.value)) }
        }
        return pairs
    }

    // MARK: Pages

    private struct Meta {
        var pageSize: Int
        var rootPage: UInt64
        var transactionID: UInt64
    }

    /// A page to read: one of the file's, or an inline bucket's bytes.
    private enum Node {
        case page(UInt64)
        case inline([UInt8], bucket: String)
    }

    private struct Element {
        var isBucket: Bool
        var key: [UInt8]
        var value: [UInt8]
    }

    private func malformed(_ position: UInt64, _ reason: String) -> LogError {
        .unreadableFormat(path: path, position: position, format: "BoltDB file", reason: reason)
    }

    /// The meta page at `position`: magic, version 2, a plausible page size and a matching FNV-1a checksum.
    private static func readMeta(_ file: SystemFile, at position: UInt64, fileSize: UInt64, path: String) throws(LogError) -> Result<Meta, MetaProblem> {
        let length = headerSize + 64
        guard fileSize >= position + UInt64(length) else { return .failure(MetaProblem("the file ends at byte \(fileSize)")) }
        var bytes = [UInt8](repeating: 0, count: length)
        let got = try bytes.withMutableBytes { (raw) throws(LogError) in try file.read(into: raw.baseAddress!, count: length, at: position) }
        guard got == length else { return .failure(MetaProblem("the file ends at byte \(position + UInt64(got))")) }
        let meta = Array(bytes[headerSize...])
        func u32(_ at: Int) -> UInt32 { meta.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) } }
        func u64(_ at: Int) -> UInt64 { meta.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) } }
        guard u32(0) == magic else { return .failure(MetaProblem("magic 0x\(String(u32(0), radix: 16)), not 0xed0cdaed")) }
        guard u32(4) == 2 else { return .failure(MetaProblem("version \(u32(4)), not 2")) }
        let pageSize = Int(u32(8))
        guard pageSize >= 512, pageSize <= 1 << 16, pageSize & (pageSize - 1) == 0 else {
            return .failure(MetaProblem("page size \(pageSize) is not a power of two from 512 to 65536"))
        }
        guard u64(56) == fnv1a(meta[0..<56]) else { return .failure(MetaProblem("its checksum does not match (a torn write)")) }
        return .success(Meta(pageSize: pageSize, rootPage: u64(16), transactionID: u64(48)))
    }

    private struct MetaProblem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// 64-bit FNV-1a, bolt's meta checksum.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        return hash
    }

    /// The bytes of page `id` with its overflow pages.
    private func pageBytes(_ id: UInt64) throws(LogError) -> [UInt8] {
        let pages = size / UInt64(pageSize)
        guard id >= 2, id < pages else { throw malformed(0, "page \(id) is outside the file's \(pages) pages") }
        let position = id * UInt64(pageSize)
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        _ = try header.withMutableBytes { (raw) throws(LogError) in try file.read(into: raw.baseAddress!, count: Self.headerSize, at: position) }
        let overflow = header.withUnsafeBytes { UInt64(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self))) }
        guard overflow < pages - id else {
            throw malformed(position + 12, "page \(id) claims \(overflow) overflow pages, past the end of the file")
        }
        let count = Int((overflow + 1) * UInt64(pageSize))
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withMutableBytes { (raw) throws(LogError) in try file.read(into: raw.baseAddress!, count: count, at: position) }
        guard got == count else { throw malformed(position + UInt64(got), "page \(id) is cut off") }
        let stored = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard stored == id else { throw malformed(position, "page \(id) says it is page \(stored)") }
        return bytes
    }

    /// Calls `body` with every leaf element below `node`, in key order.
    private func walk(_ node: Node, visited: inout Set<UInt64>, depth: Int, _ body: (Element) -> Void) throws(LogError) {
        guard depth < 64 else { throw malformed(0, "the tree is deeper than 64 levels (a cycle of pages)") }
        let bytes: [UInt8]
        let base: UInt64  // the page's position in the file, for messages (0 for an inline page)
        let name: String
        switch node {
        case .page(let id):
            guard visited.insert(id).inserted else { throw malformed(id * UInt64(pageSize), "page \(id) is reached twice (a cycle of pages)") }
            guard visited.count <= Self.maxPagesVisited else { throw malformed(0, "more than \(Self.maxPagesVisited) pages to read") }
            bytes = try pageBytes(id)
            base = id * UInt64(pageSize)
            name = "page \(id)"
        case .inline(let page, let bucket):
            bytes = page
            base = 0
            name = "bucket \(bucket)'s inline page"
        }
        guard bytes.count >= Self.headerSize else { throw malformed(base, "\(name) is \(bytes.count) bytes, shorter than a page header") }
        let (flags, count) = bytes.withUnsafeBytes {
            (
                UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt16.self)),
                Int(UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: 10, as: UInt16.self)))
            )
        }
        guard flags == 0x01 || flags == 0x02 else {
            throw malformed(base + 8, "\(name) has flags 0x\(String(flags, radix: 16)), not a branch (0x1) or leaf (0x2) page")
        }
        guard Self.headerSize + count * Self.elementSize <= bytes.count else {
            throw malformed(base + 10, "\(name) claims \(count) elements, more than it has room for")
        }
        for i in 0..<count {
            let at = Self.headerSize + i * Self.elementSize
            let words = bytes.withUnsafeBytes { raw in
                (0..<4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4 * $0, as: UInt32.self)) }
            }
            if flags == 0x01 {
                let child = UInt64(words[2]) | UInt64(words[3]) << 32
                try walk(.page(child), visited: &visited, depth: depth + 1, body)
                continue
            }
            let keyStart = at + Int(words[1])
            let keyEnd = keyStart + Int(words[2])
            let valueEnd = keyEnd + Int(words[3])
            guard valueEnd <= bytes.count else {
                throw malformed(base + UInt64(at), "element \(i) of \(name) runs to byte \(valueEnd) of a \(bytes.count)-byte page")
            }
            body(Element(isBucket: words[0] & 1 != 0, key: Array(bytes[keyStart..<keyEnd]), value: Array(bytes[keyEnd..<valueEnd])))
        }
    }
}
