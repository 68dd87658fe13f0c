import Glibc
import LogCore

/// The arguments as the kernel passed them. `CommandLine.arguments` decodes each one as UTF-8 and
/// silently replaces bytes that are not with U+FFFD, so a value or path given in another encoding
/// would be appended or opened altered; this finds such an argument first.
enum RawArguments {
    /// The first argument (1 is the first after the program's name) that is not valid UTF-8, with its
    /// bytes, or `nil` when every argument is.
    static func firstInvalidUTF8() -> (position: Int, bytes: [UInt8])? {
        for position in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[position] else { continue }
            if String(validatingCString: argument) == nil {
                let bytes = UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self)
                return (position, Array(UnsafeBufferPointer(start: bytes, count: strlen(argument))))
            }
        }
        return nil
    }

    /// The message for an argument that is not UTF-8: which one, its bytes (`\xff` for each byte that
    /// is not printable ASCII), and what to do instead.
    static func refusal(position: Int, bytes: [UInt8]) -> String {
        let shown = bytes.map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\")
                ? String(UnicodeScalar(byte)) : "\\x" + HexString.encode([byte])
        }.joined()
        return "logscope: argument \(position) (\"\(shown)\") is not valid UTF-8, and would be changed if it were used. "
            + "Give binary values to append with --hex, --base64 or --file, and paths in UTF-8."
    }
}
