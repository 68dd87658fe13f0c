import Glibc
import LogCore

/// The one writer of the command line's output: bytes appended to a reused buffer and written to a
/// file descriptor in large writes (one `write` per 64 KiB), with what the output formats need written
/// straight from bytes: decimal numbers, JSON strings, the text format's escaped strings, hex and
/// base64. No `String` is built for a record, a number or an escaped value.
///
/// A write that fails (a closed pipe: `logscope dump … | head`) ends the output: what follows is
/// dropped, as a pipe's reader has gone.
package final class ByteOutput {
    // Not checked for exclusive access at run time (one check an appended field cost a tenth of
    // `dump`'s time): a writer is used by one thread, and no method calls out while it changes them.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// How many bytes are gathered and not written yet.
    @exclusivity(unchecked) package private(set) var count = 0
    /// Where ``flush()`` writes; `nil` keeps everything (tests read ``bytes``).
    private let fileDescriptor: Int32?
    /// Whether a write failed: nothing more is written.
    package private(set) var isClosed = false
    /// The `errno` of the write that failed, if one did.
    package private(set) var writeError: Int32?

    /// Why the output stopped, in words for the user, when it was not its reader leaving (a closed
    /// pipe, `logscope dump … | head`, is a normal end): a full disk, an I/O error.
    package var failure: String? {
        guard let writeError, writeError != EPIPE else { return nil }
        return "writing the output failed: \(String(cString: strerror(writeError))) (errno \(writeError)); the output is incomplete"
    }

    /// How many bytes are gathered before they are written.
    package static let flushBytes = 64 * 1024

    /// A writer to `fileDescriptor` (standard output by default); `nil` keeps the bytes.
    package init(fileDescriptor: Int32? = 1) {
        self.fileDescriptor = fileDescriptor
        capacity = 2 * Self.flushBytes
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The bytes gathered and not written yet.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// Room for `more` bytes at the end; the caller writes there and advances ``count``.
    @inline(__always) private func room(_ more: Int) -> UnsafeMutablePointer<UInt8> {
        if count + more > capacity { grow(to: count + more) }
        return buffer + count
    }

    private func grow(to needed: Int) {
        let larger = max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = moved
        capacity = larger
    }

    // MARK: Plain bytes

    /// Appends `text`'s bytes as they are.
    @inline(__always) package func write(_ text: StaticString) {
        write(raw: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `text`'s UTF-8 bytes as they are.
    package func write(string text: String) {
        var text = text
        text.withUTF8 { write(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Appends `raw` as it is.
    @inline(__always) package func write(raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress else { return }
        let n = raw.count
        // A format's keys and separators are a few bytes: copied without a call to `memmove`.
        Self.copy(source, count: n, to: UnsafeMutableRawPointer(room(n)))
        count += n
    }

    /// Appends one byte.
    @inline(__always) package func write(byte: UInt8) {
        room(1).pointee = byte
        count += 1
    }

    /// Appends `line` and, with `newline`, a newline; writes the buffer out once it holds ``flushBytes``.
    package func write(line: String, newline: Bool) {
        write(string: line)
        if newline { write(byte: 10) }
        flushIfFull()
    }

    /// Ends a line: a newline, and the buffer written out once it holds ``flushBytes``.
    package func endLine() {
        write(byte: 10)
        flushIfFull()
    }

    // MARK: Numbers

    /// Appends `value` in decimal.
    package func write(decimal value: UInt64) {
        if value < 10 { return write(byte: 48 + UInt8(value)) }
        var digits = 2
        var limit: UInt64 = 100
        while digits < 20, value >= limit {
            digits += 1
            limit &*= 10
        }
        let out = room(digits)
        var rest = value
        var end = digits
        // Two digits a division, from a literal's bytes (no lazy global to look up).
        let pairs = Self.digitPairs.utf8Start
        while rest >= 100 {
            let pair = Int(rest % 100) * 2
            rest /= 100
            end -= 2
            out[end] = pairs[pair]
            out[end + 1] = pairs[pair + 1]
        }
        if rest >= 10 {
            out[end - 2] = pairs[Int(rest) * 2]
            out[end - 1] = pairs[Int(rest) * 2 + 1]
        } else {
            out[end - 1] = 48 + UInt8(rest)
        }
        count += digits
    }

    /// "00" to "99", each pair's two digits.
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends `value` in decimal, with a minus sign when negative.
    package func write(decimal value: Int) {
        if value < 0 { write(byte: UInt8(ascii: "-")) }
        write(decimal: UInt64(value.magnitude))
    }

    // MARK: Encodings

    /// Appends `value` as lowercase hex, two digits a byte.
    package func write(hex value: UnsafeRawBufferPointer) {
        count += HexString.encode(value, into: room(2 * value.count))
    }

    /// Appends `value` in standard base64 with padding.
    package func write(base64 value: UnsafeRawBufferPointer) {
        count += Base64.encode(value, into: room(Base64.encodedCount(value.count)))
    }

    /// Appends UTF-8 `text` as a JSON string literal, quotes included: `"` and `\` escaped, `\n`,
    /// `\r`, `\t`, the other control characters as `\u00XX`; everything else (DEL and non-ASCII
    /// included) as it is.
    package func write(jsonString text: UnsafeRawBufferPointer) {
        write(byte: UInt8(ascii: "\""))
        writeEscaped(text, Self.jsonEscapes)
        write(byte: UInt8(ascii: "\""))
    }

    /// Appends `text` as a JSON string literal (see ``write(jsonString:)-(UnsafeRawBufferPointer)``).
    package func write(jsonString text: String) {
        var text = text
        text.withUTF8 { write(jsonString: UnsafeRawBufferPointer($0)) }
    }

    /// Appends UTF-8 `text` with the text format's escapes: `\n`, `\t`, `\r`, `\xHH` for the other
    /// control characters and DEL, and with `quotes` `\"` and `\\` (as
    /// `String.replacingControlCharacters(quotes:)`).
    package func write(escapedText text: UnsafeRawBufferPointer, quotes: Bool) {
        writeEscaped(text, quotes ? Self.textAndQuoteEscapes : Self.textEscapes)
    }

    /// Copies runs of bytes that need no escape in one go (eight bytes are looked at a time: the
    /// first that may be a control character, `"`, `\` or DEL is found from the word's mask), and
    /// each escaped byte's replacement, straight into room made once for every 4 KiB of `text` (no
    /// check for room per run or per replacement).
    private func writeEscaped(_ text: UnsafeRawBufferPointer, _ escapes: EscapeTable) {
        guard let base = text.baseAddress else { return }
        var chunk = 0
        while chunk < text.count {
            let end = min(text.count, chunk + 4096)
            let out = UnsafeMutableRawPointer(room((end - chunk) * EscapeTable.longest))
            var written = 0
            var run = chunk
            var i = chunk
            while i < end {
                if i + 8 <= end {
                    let mask = Self.escapeMask(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if mask == 0 {
                        i += 8
                        continue
                    }
                    // The lowest byte flagged is one to look at (a flag above it may be a false one).
                    i += mask.trailingZeroBitCount / 8
                }
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                if byte < 0x80, let replacement = escapes[byte] {
                    Self.copy(base + run, count: i - run, to: out + written)
                    written += i - run
                    Self.copy(replacement.baseAddress!, count: replacement.count, to: out + written)
                    written += replacement.count
                    run = i + 1
                }
                i += 1
            }
            Self.copy(base + run, count: end - run, to: out + written)
            count += written + end - run
            chunk = end
        }
    }

    /// Copies `count` bytes: a few by hand or as two overlapping words (less than a call to
    /// `memmove`), more with `copyMemory`.
    @inline(__always) private static func copy(_ source: UnsafeRawPointer, count n: Int, to out: UnsafeMutableRawPointer) {
        if n >= 8, n <= 16 {
            out.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (out + n - 8).storeBytes(of: source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), as: UInt64.self)
        } else if n < 8 {
            for i in 0..<n { out.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        } else {
            out.copyMemory(from: source, byteCount: n)
        }
    }

    /// The high bit of each of eight bytes that may be escaped: below 0x20, `"`, `\` or DEL. The
    /// lowest flag is exact; flags above it may be false (a borrow), never missing.
    @inline(__always) private static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5c)) | zeroBytes(word ^ (ones &* 0x7f))
    }

    /// The replacement of each escaped ASCII byte, in one block made once and never changed (hence
    /// safe to share between threads): a byte is escaped when its replacement is not empty.
    private final class EscapeTable: @unchecked Sendable {
        /// Where each byte's replacement starts in ``replacements``, and how long it is.
        private let places: [(start: Int, count: Int)]
        private let replacements: UnsafeMutableRawBufferPointer
        /// The most bytes one byte may be written as (`\u00XX`): room for a run of text is made for
        /// this many bytes each.
        static let longest = 6

        init(_ replacement: (UInt8) -> String?) {
            var places: [(start: Int, count: Int)] = []
            var all: [UInt8] = []
            for byte in 0..<128 {
                let bytes = Array((replacement(UInt8(byte)) ?? "").utf8)
                precondition(bytes.count <= Self.longest, "an escape longer than the room made for it")
                places.append((all.count, bytes.count))
                all += bytes
            }
            self.places = places
            replacements = .allocate(byteCount: max(1, all.count), alignment: 1)
            replacements.copyBytes(from: all)
        }

        deinit { replacements.deallocate() }

        /// The replacement of ASCII `byte`, `nil` when it is kept.
        @inline(__always) subscript(byte: UInt8) -> UnsafeRawBufferPointer? {
            let place = places[Int(byte)]
            guard place.count > 0 else { return nil }
            return UnsafeRawBufferPointer(rebasing: replacements[place.start..<(place.start + place.count)])
        }
    }

    private static let jsonEscapes = EscapeTable(jsonEscape)
    private static let textEscapes = EscapeTable { textEscape($0, quotes: false) }
    private static let textAndQuoteEscapes = EscapeTable { textEscape($0, quotes: true) }

    /// What a JSON string escapes: `"`, `\`, and the control characters (`\n`, `\r`, `\t`, the
    /// others as `\u00XX`).
    package static func jsonEscape(_ byte: UInt8) -> String? {
        switch byte {
        case 0x22: return "\\\""
        case 0x5c: return "\\\\"
        case 0x0a: return "\\n"
        case 0x0d: return "\\r"
        case 0x09: return "\\t"
        case 0..<0x20: return "\\u00" + HexString.encode([byte])
        default: return nil
        }
    }

    /// `\n`, `\t`, `\r`, `\xHH` for other control characters and DEL; with `quotes`, `\"` and `\\`.
    package static func textEscape(_ byte: UInt8, quotes: Bool) -> String? {
        switch byte {
        case 0x0a: return "\\n"
        case 0x09: return "\\t"
        case 0x0d: return "\\r"
        case 0x22 where quotes: return "\\\""
        case 0x5c where quotes: return "\\\\"
        case 0..<0x20, 0x7f: return "\\x" + HexString.encode([byte])
        default: return nil
        }
    }

    // MARK: Writing out

    /// Writes the buffer out once it holds ``flushBytes``.
    @inline(__always) package func flushIfFull() {
        if count >= Self.flushBytes { flush() }
    }

    /// Writes out everything gathered.
    package func flush() {
        guard let fileDescriptor else { return }
        defer { count = 0 }
        guard !isClosed else { return }
        var start = 0
        while start < count {
            let n = Glibc.write(fileDescriptor, buffer + start, count - start)
            if n <= 0 {
                if n < 0, errno == EINTR { continue }
                isClosed = true
                writeError = n < 0 ? errno : EIO
                return
            }
            start += n
        }
    }
}
