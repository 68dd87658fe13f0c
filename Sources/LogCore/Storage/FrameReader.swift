/// Reads and checks store frames from a file without trusting any index, for recovery and inspection.
///
/// No allocation is ever sized by a length prefix alone: a payload is read only once the file is known
/// to hold all of it.
package struct FrameReader {
    /// A frame's verdict and, for a complete frame, the position after it.
    package struct Checked: Equatable {
        /// The verdict on the frame.
        package var verdict: FrameVerdict
        /// The position after a complete frame (after its payload); for a torn one, the end of the file.
        package var end: UInt64
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
    package func probe(at position: UInt64) throws(LogError) -> FrameShape {
        guard position <= size else { return .tornPrefix(available: 0) }
        let available = size - position
        guard available >= UInt64(Store.lengthPrefixSize) else { return .tornPrefix(available: Int(available)) }
        let length = try withBytes(at: position, count: Store.lengthPrefixSize) { BigEndian.loadUInt64($0.baseAddress!) }
        let payloadAvailable = available - UInt64(Store.lengthPrefixSize)
        guard length <= payloadAvailable else { return .tornPayload(announced: length, available: payloadAvailable) }
        return .complete(payloadLength: length)
    }

    /// The verdict on the frame at `position`, which should hold the record at `expectedOffset`.
    func check(at position: UInt64, expectedOffset: UInt64) throws(LogError) -> Checked {
        let shape = try probe(at: position)
        guard case .complete(let length) = shape else {
            return Checked(verdict: FrameVerdict(shape: shape, storeSize: size) ?? .pastEnd(storeSize: size), end: size)
        }
        let decoded = try withBytes(at: position + UInt64(Store.lengthPrefixSize), count: Int(length)) { RecordCodec.fields(of: $0) }
        return Checked(
            verdict: FrameVerdict(payloadLength: length, decoded: decoded, expectedOffset: expectedOffset),
            end: position + UInt64(Store.lengthPrefixSize) + length)
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

    /// Calls `body` with the bytes from `position` on that the read-ahead window holds (see
    /// ``ReadWindow/rest(at:in:limit:)``): several frames to parse at once, the last perhaps cut off
    /// by the window's end. Empty at the end of the file.
    package func withRest<T>(at position: UInt64, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T {
        body(try window.rest(at: position, in: file, limit: size))
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
