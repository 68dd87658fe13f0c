/// Reads and checks store frames from a file without trusting any index, for recovery and inspection.
///
/// No allocation is ever sized by a length prefix alone: a payload is read only once the file is known
/// to hold all of it.
package struct FrameReader {
    /// What lies at a position of the store.
    package enum Probe: Equatable {
        /// A whole frame: an 8-byte prefix and `payloadLength` bytes, all inside the file.
        case complete(payloadLength: UInt64)
        /// Fewer than 8 bytes remain: a torn length prefix.
        case tornHeader(available: Int)
        /// The prefix claims more bytes than the file holds.
        case tornPayload(length: UInt64, available: UInt64)
    }

    /// The verdict on a frame that should hold the record at a given offset.
    package enum Check: Equatable {
        /// The frame is complete, decodes, and names the expected offset; it ends at `end`.
        case valid(end: UInt64)
        /// The frame runs past the end of the file.
        case torn(reason: String)
        /// The frame is complete but is not the expected record.
        case invalid(reason: String, end: UInt64)
    }

    let file: SystemFile
    package let size: UInt64
    private let window: ReadWindow

    package init(file: SystemFile, size: UInt64, window: ReadWindow = ReadWindow(capacity: 64 * 1024)) {
        self.file = file
        self.size = size
        self.window = window
    }

    /// What lies at `position`.
    package func probe(at position: UInt64) throws(LogError) -> Probe {
        guard position <= size else { return .tornHeader(available: 0) }
        let available = size - position
        guard available >= UInt64(Store.lengthPrefixSize) else { return .tornHeader(available: Int(available)) }
        let length = try withBytes(at: position, count: Store.lengthPrefixSize) { BigEndian.loadUInt64($0.baseAddress!) }
        let payloadAvailable = available - UInt64(Store.lengthPrefixSize)
        guard length <= payloadAvailable else { return .tornPayload(length: length, available: payloadAvailable) }
        return .complete(payloadLength: length)
    }

    /// Checks that the frame at `position` holds the record at `expectedOffset`.
    func check(at position: UInt64, expectedOffset: UInt64) throws(LogError) -> Check {
        switch try probe(at: position) {
        case .tornHeader(let available):
            return .torn(reason: "only \(available) of the 8 length-prefix bytes are in the file")
        case .tornPayload(let length, let available):
            return .torn(reason: "the length prefix says \(length) bytes but only \(available) follow it")
        case .complete(let length):
            let end = position + UInt64(Store.lengthPrefixSize) + length
            let fields = try withBytes(at: position + UInt64(Store.lengthPrefixSize), count: Int(length)) {
                RecordCodec.fields(of: $0)
            }
            switch fields {
            case .failure(let failure):
                return .invalid(reason: "the payload does not decode: \(failure)", end: end)
            case .success(let fields) where fields.offset != expectedOffset:
                return .invalid(reason: "the record names offset \(fields.offset), not \(expectedOffset)", end: end)
            case .success:
                return .valid(end: end)
            }
        }
    }

    /// Whether every byte from `position` to the end of the file is zero.
    package func isZero(from position: UInt64) throws(LogError) -> Bool {
        var at = position
        while at < size {
            let n = Int(min(UInt64(window.capacity), size - at))
            let zero = try withBytes(at: at, count: n) { bytes in bytes.allSatisfy { $0 == 0 } }
            if !zero { return false }
            at += UInt64(n)
        }
        return true
    }

    /// Calls `body` with `count` bytes at `position`, which the caller has checked lie inside the file.
    package func withBytes<T>(at position: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        if count == 0 { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let pointer = try window.bytes(at: position, count: count, in: file, limit: size) {
            return body(UnsafeRawBufferPointer(start: pointer, count: count))
        }
        let temporary = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        defer { temporary.deallocate() }
        let got = try file.read(into: temporary, count: count, at: position)
        guard got == count else {
            throw LogError.corrupt(path: file.path, position: position + UInt64(got), reason: "the file ended early (was it truncated while being read?)")
        }
        return body(UnsafeRawBufferPointer(start: temporary, count: count))
    }
}
