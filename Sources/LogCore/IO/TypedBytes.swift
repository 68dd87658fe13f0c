/// `withUnsafeBytes` variants whose closures throw ``LogError`` (the standard ones are `rethrows`,
/// which erases a typed error to `any Error`).
extension Array where Element == UInt8 {
    @inline(__always)
    package func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws(LogError) -> T) throws(LogError) -> T {
        let result = withUnsafeBytes { raw in Result { () throws(LogError) -> T in try body(raw) } }
        return try result.get()
    }

    @inline(__always)
    package mutating func withMutableBytes<T>(_ body: (UnsafeMutableRawBufferPointer) throws(LogError) -> T) throws(LogError) -> T {
        let result = withUnsafeMutableBytes { raw in Result { () throws(LogError) -> T in try body(raw) } }
        return try result.get()
    }
}

/// Calls `body` with `count` bytes of scratch memory aligned for any scalar.
@inline(__always)
func withScratch<T>(count: Int, _ body: (UnsafeMutableRawPointer) throws(LogError) -> T) throws(LogError) -> T {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
    defer { pointer.deallocate() }
    return try body(pointer)
}

/// Bytes the caller lends for the length of one locked call. They are only read while the lock is held
/// and never stored, so handing them to the lock's closure shares nothing between threads.
struct BorrowedBytes: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }
}
