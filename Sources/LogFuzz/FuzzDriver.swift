import Glibc
// libFuzzer targets for everything that reads untrusted bytes, built only with LOGSCOPE_FUZZ=1:
//
//   LOGSCOPE_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -parse-as-library --product LogFuzz
//   LOGSCOPE_FUZZ_TARGET=directory .build-fuzz/release/LogFuzz -max_total_time=60 Fixtures/fuzz-corpus/directory
//
// `LOGSCOPE_FUZZ_TARGET` picks the target (see `FuzzTarget`); the README's "Reliability report" has
// the commands and figures.
import LogCore

/// The fuzz targets; each reads one input and must not crash, hang, allocate beyond the input's size,
/// or change a file it was given to read.
enum FuzzTarget: String, CaseIterable {
    /// The bytes as a record payload, a store file and an index file (`RecordFuzzTarget`).
    case records
    /// The bytes as a whole log directory, browsed by the inspector with keys from the input
    /// (`DirectoryFuzzTarget`).
    case directory
    /// The bytes as one record's value, drawn in every pane and tab at several sizes (`RenderFuzzTarget`).
    case render
    /// The bytes as a message of `logscope agent`'s protocol and as a stream of them, each request
    /// answered by an agent serving a scratch directory that must not change (`AgentFuzzTarget`).
    case agent

    static let selected: FuzzTarget = {
        let name = getenv("LOGSCOPE_FUZZ_TARGET").map { String(cString: $0) } ?? "records"
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            Scratch.printError("LogFuzz: LOGSCOPE_FUZZ_TARGET=\(name) is not a target; use one of: \(names)")
            exit(2)
        }
        return target
    }()

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .records: RecordFuzzTarget.run(bytes)
        case .directory: DirectoryFuzzTarget.run(bytes)
        case .render: RenderFuzzTarget.run(bytes)
        case .agent: AgentFuzzTarget.run(bytes)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTarget.selected.run(UnsafeRawBufferPointer(start: data, count: size))
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
    _ = FuzzTarget.selected
    atexit { try? FileSystem.removeTree(Scratch.root) }
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
