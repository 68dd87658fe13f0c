// libFuzzer target for the parsers that read untrusted bytes, built only with LOGSCOPE_FUZZ=1:
//
//   LOGSCOPE_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -parse-as-library --product LogFuzz
//   .build-fuzz/release/LogFuzz -max_total_time=60 Fixtures/fuzz-corpus
//
// Each input is used three ways: as a record payload (the tolerant decoder and the schema-less
// protobuf reader), as a store file walked by the integrity checker, and as an index file validated
// against a small store. Nothing may crash, hang, or allocate more than the input's size.
import LogCore

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) private var scratch: String = {
    var template = Array("/tmp/logscope-fuzz-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}()

private func write(_ bytes: UnsafeRawBufferPointer, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return }
    if let base = bytes.baseAddress { _ = Glibc.write(fd, base, bytes.count) }
    close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = RecordCodec.fields(of: bytes)
    _ = ProtobufTree.parse(Array(bytes))
    // The bytes as a store, with an empty index, then as an index over a fixed healthy store.
    write(bytes, to: scratch + "/0.store")
    write(UnsafeRawBufferPointer(start: nil, count: 0), to: scratch + "/0.index")
    if let directory = try? LogDirectory(path: scratch) {
        _ = try? IntegrityChecker(directory: directory, live: false).run()
        _ = try? directory.record(at: 0)
    }
    let store = [UInt8]([0, 0, 0, 0, 0, 0, 0, 2, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0x10, 2])
    store.withUnsafeBytes { write($0, to: scratch + "/1.store") }
    write(bytes, to: scratch + "/1.index")
    if let directory = try? LogDirectory(path: scratch) {
        _ = try? IntegrityChecker(directory: directory, live: false).run()
        _ = try? directory.record(at: 1)
        _ = try? ReferenceReplay(directory: directory).run(report: IntegrityChecker(directory: directory, live: false, quick: true).run())
    }
    unlink(scratch + "/1.store")
    unlink(scratch + "/1.index")
    return 0
}

/// libFuzzer's driver (from `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver.
@_cdecl("LogFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
