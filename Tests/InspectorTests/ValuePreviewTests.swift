import LogCore
import Testing

@testable import InspectorCore

/// One documented rule for a value's preview, and `v` to switch it.
@Suite struct ValuePreviewTests {
    @Test func oneByteValuesAreHexUnlessTheyArePrintableText() {
        #expect(ValuePreview.format([0x00], mode: .auto) == "0x00")
        #expect(ValuePreview.format([0xff], mode: .auto) == "0xff")
        #expect(ValuePreview.format([0x41], mode: .auto) == "A")
        #expect(ValuePreview.format([], mode: .auto) == "(empty)")
    }

    @Test func textWithTabsAndNewlinesIsTextOtherControlCharactersMakeItHex() {
        #expect(ValuePreview.format(Array("a\tb\nc".utf8), mode: .auto) == "a\\tb\\nc")
        #expect(ValuePreview.format(Array("ünïcödé ✓".utf8), mode: .auto) == "ünïcödé ✓")
        #expect(ValuePreview.format([0x0a, 0x03, 0x61, 0x62, 0x63], mode: .auto) == "0x0a03616263", "valid UTF-8, but a control byte")
        #expect(ValuePreview.format(Array("abc".utf8) + [0xc3], length: 10, mode: .auto) == "abc…", "a character cut by the preview")
        #expect(ValuePreview.format(Array("abc".utf8) + [0xc3], mode: .auto) == "0x616263c3", "an invalid last byte")
    }

    @Test func theSameGeneratorsValuesLookTheSameInEveryRow() {
        for offset in UInt64(0)..<300 {
            let value = SampleValues.value(for: offset, size: 100)
            let preview = ValuePreview.format(Array(value.prefix(64)), length: value.count, mode: .auto)
            #expect(preview.hasPrefix("0x") == (SampleValues.kind(for: offset) == .binary), "offset \(offset): \(preview)")
        }
    }

    @Test func textAndHexModesShowEveryValueOneWay() {
        #expect(ValuePreview.format([0x41, 0x00, 0xff], mode: .text) == "A\\x00\\xff")
        #expect(ValuePreview.format(Array("hi".utf8), mode: .hex) == "0x6869")
        #expect(ValuePreview.format([UInt8](repeating: 7, count: 60), mode: .hex).hasSuffix("…"))
    }

    @Test func vCyclesThePreviewModeAndTheRowsFollow() throws {
        var s = InspectorState(size: Size(width: 160, height: 48), snapshot: syntheticSnapshot())
        let data = RowData(offset: 0, relativeOffset: 0, position: 0, frameSize: 10, valueLength: 2, verdict: .readable, value: Array("hi".utf8), note: "")
        _ = reduce(&s, .rowsLoaded(segment: 0, rows: [0: data]))
        #expect(screen(s).contains { $0.contains(" ok         hi") })
        _ = reduce(&s, .key(.character("v")))
        #expect(s.preview == .text)
        _ = reduce(&s, .key(.character("v")))
        #expect(s.preview == .hex)
        #expect(s.message?.text == "value preview: hex")
        #expect(screen(s).contains { $0.contains(" ok         0x6869") })
        _ = reduce(&s, .key(.character("v")))
        #expect(s.preview == .auto)
    }
}
