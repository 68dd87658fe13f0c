import Foundation
import Testing

@testable import InspectorCore

/// The search's scan and `y` on real fixtures through the runtime: the scan runs on a thread of its
/// own, and keys are handled while it reads.
@Suite(.serialized) struct BackgroundSearchTests {
    @Test func aSearchOverAHundredThousandRecordsNeverHoldsUpAKey() throws {
        let (runtime, _) = try makeRuntime("golden/large")
        // The value of offset 99,999 starts with its offset as 8 big-endian bytes: the one match is
        // at the far end of the log.
        for key in try KeyNotation.parse("/x:000000000001869f<Enter>") { runtime.handle(.key(key)) }
        #expect(runtime.state.message?.text == "/x:000000000001869f: searching…")
        #expect(runtime.state.searchStatus == "0+ matches · counting 0%")
        #expect(runtime.frame().lines.last?.contains("/x:000000000001869f · 0+ matches · counting 0%") == true)
        runtime.handle(.key(.character("j")))
        #expect(runtime.state.selectedOffset == 1, "a key is handled at once while the scan reads")
        runtime.finishSearch()
        #expect(runtime.state.selectedOffset == 1, "the user moved meanwhile: the jump is dropped, not forced on them")
        #expect(runtime.state.searchStatus == "1 match")
        try runtime.press("n")
        #expect(runtime.state.selectedOffset == 99_999)
        #expect(runtime.state.searchStatus == "match 1 of 1")
        try runtime.press("g")
        try runtime.press("N")
        #expect(runtime.state.selectedOffset == 99_999, "N from offset 0 wraps around to the end")
        #expect(runtime.state.message?.text == "/x:000000000001869f: passed the first record, continued from the last")
    }

    @Test func theCountCoversEveryRecordAndAnEmptyPatternOrBadHexIsRefused() throws {
        let (runtime, _) = try makeRuntime("golden/large")
        // Values start with their offset as 8 big-endian bytes: offsets 99,840 to 99,999 start with
        // these 7, and offset 390 (00…01 86) holds them from its second byte.
        try runtime.press("/x:00000000000186<Enter>")
        #expect(runtime.state.selectedOffset == 390)
        #expect(runtime.state.searchStatus == "match 1 of 161")
        try runtime.press("nn")
        #expect(runtime.state.selectedOffset == 99_841)
        #expect(runtime.state.searchStatus == "match 3 of 161")
        try runtime.press("/x:0<Enter>")
        #expect(runtime.state.message?.unstamped == StatusMessage(text: "x:0: write hex bytes as x:0a0b", isError: true))
        #expect(runtime.state.search?.pattern.text == "x:00000000000186")
    }

    @Test func searchingIgnoresCaseForLowerCaseText() throws {
        let (runtime, _) = try makeRuntime("golden/small")
        try runtime.press("/ALICE<Enter>")
        #expect(runtime.state.searchStatus == "no match" && runtime.state.message == nil)
        try runtime.press("/alice<Enter>")
        #expect(runtime.state.selectedOffset == 2)
        try runtime.press("/ÜNÏ<Enter>")
        #expect(runtime.state.searchStatus == "no match")
    }

    @Test func yCopiesWhatTheDecodedTabShowsAsText() throws {
        let (runtime, terminal) = try makeRuntime("golden/small")
        try runtime.press(":2<Enter>y")
        #expect(terminal.clipboard.map { String(decoding: $0, as: UTF8.self) } == "{\n  \"id\": 1,\n  \"name\": \"alice\",\n  \"active\": true\n}")
        #expect(runtime.state.message?.text == "copied the value of offset 2 (JSON, 50 bytes) with OSC 52")
        try runtime.press(":5<Enter>y")
        #expect(terminal.clipboard == Array("00".utf8), "a NUL byte is copied as hex, never raw")
        #expect(runtime.state.message?.text == "copied the value of offset 5 (binary, as hex, 2 bytes) with OSC 52")
        try runtime.press(":8<Enter>y")
        #expect(terminal.clipboard == Array("line1\nline2\r\n\ttabbed".utf8))
    }
}
