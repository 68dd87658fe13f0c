import LogInspection
import Testing

/// The two widths of byte counts: the CLI's sentences and tables, and the inspector's columns.
@Suite struct ByteSizeTests {
    @Test func longFormUsesBinaryUnitsWithOneDecimal() {
        #expect(ByteSize.long(0) == "0 B")
        #expect(ByteSize.long(1023) == "1023 B")
        #expect(ByteSize.long(1024) == "1.0 KiB")
        #expect(ByteSize.long(3_584) == "3.5 KiB")
        #expect(ByteSize.long(16 << 20) == "16.0 MiB")
        #expect(ByteSize.long(1 << 40) == "1.0 TiB")
    }

    @Test func compactFormFitsSixColumns() {
        #expect(ByteSize.compact(1037) == "1037")
        #expect(ByteSize.compact(9_999) == "9999")
        #expect(ByteSize.compact(16 << 10) == "16.0K")
        #expect(ByteSize.compact(500 << 10) == "500K")
        #expect(ByteSize.compact(1000 << 10) == "1.0M")
        #expect(ByteSize.compact(12 << 20) == "12.0M")
    }
}
