import Glibc
import LogCore
import LogInspection

/// The parsers on their own: the bytes as a record payload (the tolerant decoder and the schema-less
/// protobuf reader), as a store file walked by the integrity checker, and as an index file validated
/// against a small healthy store, each followed by the record reader and the reference replay.
enum RecordFuzzTarget {
    /// Two healthy frames: offsets 1 and 2, empty values.
    static let smallStore: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 2, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0x10, 2]

    static func run(_ bytes: UnsafeRawBufferPointer) {
        _ = RecordCodec.fields(of: bytes)
        _ = ProtobufTree.parse(Array(bytes))
        let directory = Scratch.emptyDirectory("records")
        Scratch.write(bytes, to: directory + "/0.store")
        Scratch.write([], to: directory + "/0.index")
        inspect(directory, offset: 0)
        unlink(directory + "/0.store")
        unlink(directory + "/0.index")
        Scratch.write(smallStore, to: directory + "/1.store")
        Scratch.write(bytes, to: directory + "/1.index")
        inspect(directory, offset: 1)
    }

    private static func inspect(_ path: String, offset: UInt64) {
        guard let directory = try? LogDirectory(path: path) else { return }
        _ = try? IntegrityChecker(directory: directory, live: false).run()
        _ = try? directory.record(at: offset)
        if let quick = try? IntegrityChecker(directory: directory, live: false, quick: true).run() {
            _ = try? ReferenceReplay(directory: directory).run(report: quick)
        }
    }
}
