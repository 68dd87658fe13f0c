import Foundation
import Glibc
import Testing

@testable import LogInspection

/// `check`, `stat` and `diff` write JSON through one writer: what it writes parses back to what was
/// given, and a large document goes out as it is written, not gathered whole.
@Suite struct JSONObjectWriterTests {
    func written(_ body: (inout JSONObjectWriter) -> Void) -> String {
        let out = ByteOutput(fileDescriptor: nil)
        JSONObjectWriter.write(to: out, body)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func fieldsOfEveryKindAreWrittenInOrder() throws {
        let text = written { object in
            object.field("text", "a \"quoted\" \\ line\nwith\ttabs, \u{1} and é")
            object.field("missing", nil as String?)
            object.field("count", UInt64.max)
            object.field("none", nil as UInt64?)
            object.field("delta", -42)
            object.field("fill", 0.5)
            object.field("infinite", Double.infinity)
            object.field("clean", false)
            object.object("inner") { $0.field("id", "x") }
            object.array("numbers", [3, 1, 2]) { $0.write(decimal: $1) }
            object.objects("items", ["a", "b"]) { $0.field("name", $1) }
            object.field("raw") { $0.write("null") }
        }
        #expect(
            text
                == #"{"text":"a \"quoted\" \\ line\nwith\ttabs, \u0001 and é","missing":null,"count":18446744073709551615,"none":null,"delta":-42,"fill":0.5,"infinite":null,"clean":false,"inner":{"id":"x"},"numbers":[3,1,2],"items":[{"name":"a"},{"name":"b"}],"raw":null}"#
        )
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["text"] as? String == "a \"quoted\" \\ line\nwith\ttabs, \u{1} and é")
        #expect((parsed["items"] as? [[String: String]])?.map { $0["name"] } == ["a", "b"])
    }

    @Test func anEmptyObjectAndAnEmptyArray() {
        #expect(written { _ in } == "{}")
        #expect(written { $0.array("none", [Int]()) { $0.write(decimal: $1) } } == #"{"none":[]}"#)
    }

    /// An array far larger than the buffer is written out between its items.
    @Test func aLargeArrayGoesOutAsItIsWritten() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let readEnd = fds[0]
        defer { close(readEnd) }
        let reader = Task.detached { () -> Int in
            var total = 0
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(readEnd, &chunk, chunk.count)
                if n <= 0 { return total }
                total += n
            }
        }
        let out = ByteOutput(fileDescriptor: fds[1])
        var largest = 0
        JSONObjectWriter.write(to: out) { object in
            object.array("items", 0..<100_000) { out, i in
                out.write(decimal: i)
                largest = max(largest, out.count)
            }
        }
        out.flush()
        close(fds[1])
        #expect(largest <= ByteOutput.flushBytes + 16, "the buffer never held much more than one write")
        #expect(await reader.value == 2 + "\"items\":".count + 2 + 488_890 + 99_999)
    }
}
