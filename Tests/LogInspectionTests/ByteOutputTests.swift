import Foundation
import Glibc
import Testing

@testable import LogCore
@testable import LogInspection

/// The output writer writes what the formats always wrote, checked against oracles that build each
/// piece character by character.
@Suite struct ByteOutputTests {
    /// Random text mixing ASCII (controls, quotes, backslashes, DEL), two-, three- and four-byte
    /// characters, at every length around the eight-byte words the writer scans.
    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let pool: [Unicode.Scalar] = (0...0x7f).map { Unicode.Scalar(UInt8($0)) } + ["é", "ß", "€", "語", "😀", "\u{2028}"]
        let length = Int.random(in: 0...40, using: &generator)
        return String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &generator)! }))
    }

    static func jsonOracle(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func textOracle(_ text: String, quotes: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0a: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0d: out += "\\r"
            case 0x22 where quotes: out += "\\\""
            case 0x5c where quotes: out += "\\\\"
            case 0..<0x20, 0x7f: out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func written(_ body: (ByteOutput) -> Void) -> String {
        let out = ByteOutput(fileDescriptor: nil)
        body(out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func stringsAreEscapedAsTheOraclesSay() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = Self.randomText(&generator)
            #expect(written { $0.write(jsonString: text) } == Self.jsonOracle(text), "\(Array(text.utf8))")
            for quotes in [true, false] {
                let escaped = written { out in Array(text.utf8).withUnsafeBytes { out.write(escapedText: $0, quotes: quotes) } }
                #expect(escaped == Self.textOracle(text, quotes: quotes), "\(Array(text.utf8))")
                #expect(escaped == text.replacingControlCharacters(quotes: quotes))
            }
        }
        #expect(written { $0.write(jsonString: "\u{1f}\"\u{7f}") } == "\"\\u001f\\\"\u{7f}\"")
    }

    /// Text is escaped 4 KiB at a time into room made for its longest escapes: runs and escapes on
    /// both sides of each 4 KiB boundary, and text that is nothing but the longest escape, come out as
    /// the oracles say.
    @Test func longTextIsEscapedAcrossItsChunks() {
        var generator = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["a", "b", "\"", "\\", "\n", "\u{1}", "\u{7f}", "é", "語"]
        for length in [4095, 4096, 4097, 4100, 8191, 8193, 12_300] {
            let text = String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &generator)! }))
            #expect(written { $0.write(jsonString: text) } == Self.jsonOracle(text))
            let escaped = written { out in Array(text.utf8).withUnsafeBytes { out.write(escapedText: $0, quotes: true) } }
            #expect(escaped == Self.textOracle(text, quotes: true))
        }
        let controls = String(repeating: "\u{1}", count: 5000)
        #expect(written { $0.write(jsonString: controls) } == "\"" + String(repeating: "\\u0001", count: 5000) + "\"")
    }

    @Test func numbersHexAndBase64() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt64] = [0, 9, 10, 99, 100, 999, 1000, 9_999_999_999, 10_000_000_000, UInt64.max, UInt64.max - 1]
        for value in edges + (0..<2000).map({ _ in UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator) }) {
            #expect(written { $0.write(decimal: value) } == "\(value)")
        }
        for value in [Int.min, -1, 0, 1, Int.max] { #expect(written { $0.write(decimal: value) } == "\(value)") }
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(written { out in bytes.withUnsafeBytes { out.write(base64: $0) } } == Data(bytes).base64EncodedString())
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
            #expect(written { out in bytes.withUnsafeBytes { out.write(hex: $0) } } == bytes.map { String(format: "%02x", $0) }.joined())
        }
    }

    /// Well-formed UTF-8 is what the standard library accepts, byte for byte.
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let cases: [[UInt8]] = [
            [], [0x41], [0xC2, 0x80], [0xC1, 0xBF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFF], Array("plain ascii text, longer than a word".utf8) + [0xE2, 0x82, 0xAC],
        ]
        let high: [UInt8] = [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41]
        let random = (0..<20_000).map { _ in (0..<Int.random(in: 1...12, using: &generator)).map { _ in high.randomElement(using: &generator)! } }
        for bytes in cases + random {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
    }

    /// Output goes out in large writes; a reader that has gone ends it without an error.
    @Test func itWritesInLargeWritesAndStopsAtAClosedPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let out = ByteOutput(fileDescriptor: fds[1])
        out.write(string: "hello")
        out.flushIfFull()
        #expect(out.count == 5, "nothing is written before 64 KiB gather")
        out.flush()
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(read(fds[0], &buffer, 16) == 5)
        close(fds[0])
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        out.write(string: "more")
        out.flush()
        #expect(out.isClosed && out.count == 0)
        close(fds[1])
    }
}
