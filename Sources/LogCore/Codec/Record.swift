/// One record of the log: the bytes an application appended and the offset the log gave them.
///
/// On disk it is the protobuf message `log.v1.Record { bytes value = 1; uint64 offset = 2; }`,
/// encoded exactly as Go's marshaller writes it (see ``RecordCodec``).
public struct Record: Sendable, Equatable, Hashable {
    /// The application's bytes.
    public var value: [UInt8]
    /// The record's absolute offset in the log.
    public var offset: UInt64

    /// Creates a record.
    public init(value: [UInt8], offset: UInt64 = 0) {
        self.value = value
        self.offset = offset
    }

    /// Creates a record whose value is the UTF-8 bytes of `text`.
    public init(_ text: String, offset: UInt64 = 0) {
        self.init(value: Array(text.utf8), offset: offset)
    }
}
