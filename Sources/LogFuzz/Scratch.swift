import Glibc
import LogCore

/// The fuzzer's own temporary directory, made once per process.
enum Scratch {
    static let root: String = {
        var template = Array("/tmp/logscope-fuzz-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }()

    /// A fresh, empty directory under the scratch root.
    static func emptyDirectory(_ name: String) -> String {
        let path = root + "/" + name
        try? FileSystem.removeTree(path)
        mkdir(path, 0o755)
        return path
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        if let base = bytes.baseAddress { _ = Glibc.write(fd, base, bytes.count) }
        close(fd)
    }

    static func write(_ bytes: [UInt8], to path: String) {
        bytes.withUnsafeBytes { write($0, to: path) }
    }

    /// Every byte of the file at `path`, or `nil` if it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        try? FileSystem.contents(of: path)
    }

    /// Writes `message` and a newline to standard error.
    static func printError(_ message: String) {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// The names in the directory at `path`, sorted.
    static func names(in path: String) -> [String] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = FileSystem.direntName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
