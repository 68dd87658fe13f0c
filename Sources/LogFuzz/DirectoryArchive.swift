/// A whole log directory packed into one fuzz input, so that libFuzzer's byte mutations become
/// damaged files, odd names, subdirectories and symbolic links.
///
/// The format, repeated until the input ends or a kind byte of `0xFF`:
/// `kind: u8` (`% 3`: 0 file, 1 directory, 2 symbolic link), `nameLength: u8`, the name,
/// `contentLength: u16` big-endian, the content (a file's bytes, or a link's target). After `0xFF`,
/// every remaining byte is an input event for the inspector (see `DirectoryFuzzTarget.events`).
/// `Fixtures/fuzz-corpus/make_seeds.py` writes the seed corpus in this format.
struct DirectoryArchive {
    enum Kind: UInt8 {
        case file, directory, symbolicLink
    }

    struct Entry {
        var kind: Kind
        var name: String
        var content: [UInt8]
    }

    static let maxEntries = 64

    var entries: [Entry] = []
    var trailer: [UInt8] = []

    init(_ bytes: UnsafeRawBufferPointer) {
        var at = 0
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count <= bytes.count - at else { return nil }
            defer { at += count }
            return ArraySlice(bytes[at..<at + count])
        }
        var seen = Set<String>()
        while entries.count < Self.maxEntries, let kindByte = take(1)?.first {
            if kindByte == 0xFF {
                trailer = Array(bytes[at...])
                return
            }
            guard let nameLength = take(1)?.first, let name = take(Int(nameLength)), let length = take(2),
                let content = take(Int(length[length.startIndex]) << 8 | Int(length[length.startIndex + 1]))
            else { return }
            let safe = Self.fileName(name)
            guard seen.insert(safe).inserted else { continue }
            entries.append(Entry(kind: Kind(rawValue: kindByte % 3)!, name: safe, content: Self.linkTarget(content, kind: kindByte % 3)))
        }
    }

    /// A name the file system accepts: no `/` or NUL, never `.`, `..` or empty.
    static func fileName(_ bytes: ArraySlice<UInt8>) -> String {
        let cleaned = bytes.map { $0 == 0 || $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }
        let name = String(decoding: cleaned, as: UTF8.self)
        return name.isEmpty || name == "." || name == ".." ? "_" + name : name
    }

    /// Links stay inside the directory (relative, no `..`), so that an input cannot point the
    /// inspector at a terminal or a device; `HostileInputTests` covers links that leave it.
    static func linkTarget(_ content: ArraySlice<UInt8>, kind: UInt8) -> [UInt8] {
        guard kind == Kind.symbolicLink.rawValue else { return Array(content) }
        let target = Array(fileName(content).utf8)
        return target.starts(with: Array("..".utf8)) ? Array("_".utf8) + target : target
    }
}
