#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

/// Reading input files named on the command line.
enum InputFiles {
    /// The bytes of the file at `path`.
    static func contents(of path: String) throws -> [UInt8] {
        guard let handle = fopen(path, "rb") else {
            throw ValidationError("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(handle) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if n == 0 { break }
            result += chunk[0..<n]
        }
        return result
    }
}
