/// How a ``Log`` sizes its segments and how durable its appends are.
///
/// The segment fields mean what the reference's `Config.Segment` means; a zero `maxStoreBytes` or
/// `maxIndexBytes` becomes the reference's default of 1024 bytes.
public struct Config: Sendable, Equatable {
    /// The reference's default segment limit, used when a field is 0.
    public static let referenceDefaultBytes: UInt64 = 1024
    /// The reference's append buffer (`bufio.NewWriter`'s 4 KiB): the default, and what a killed
    /// writer may lose of its acknowledged appends.
    public static let referenceBufferBytes = 4096
    /// The smallest append buffer a config accepts.
    public static let minimumBufferBytes = 64
    /// The largest append buffer a config accepts (it is allocated whole when a segment opens).
    public static let maximumBufferBytes = 1 << 30

    /// A store that reaches this many bytes is sealed and a new segment starts.
    public var maxStoreBytes: UInt64
    /// The index file's size while open; a segment rolls when the next 12-byte entry would not fit.
    public var maxIndexBytes: UInt64
    /// The base offset of the first segment of a directory that has none.
    public var initialOffset: UInt64
    /// How far an append has travelled when it returns.
    public var durability: Durability
    /// The size of the store's append buffer (``Durability/buffered`` only): the reference's 4 KiB by
    /// default. A larger buffer is an explicit choice: fewer `write(2)` calls, but a killed writer
    /// loses up to this many bytes of acknowledged appends, and another process sees them in bursts
    /// of this size.
    public var bufferBytes: Int

    /// Creates a config; zero sizes mean the reference's 1024-byte defaults, and the append buffer is
    /// the reference's 4 KiB unless `bufferBytes` says otherwise.
    public init(
        maxStoreBytes: UInt64 = 0,
        maxIndexBytes: UInt64 = 0,
        initialOffset: UInt64 = 0,
        durability: Durability = .buffered,
        bufferBytes: Int = Config.referenceBufferBytes
    ) {
        self.maxStoreBytes = maxStoreBytes
        self.maxIndexBytes = maxIndexBytes
        self.initialOffset = initialOffset
        self.durability = durability
        self.bufferBytes = bufferBytes
    }

    /// `maxStoreBytes` with the reference's default applied.
    public var effectiveMaxStoreBytes: UInt64 { maxStoreBytes == 0 ? Self.referenceDefaultBytes : maxStoreBytes }
    /// `maxIndexBytes` with the reference's default applied.
    public var effectiveMaxIndexBytes: UInt64 { maxIndexBytes == 0 ? Self.referenceDefaultBytes : maxIndexBytes }
    /// How many entries an index holds.
    public var indexCapacity: Int { Int(effectiveMaxIndexBytes / UInt64(IndexEntry.size)) }

    /// Throws when the config cannot be used.
    func validate() throws(LogError) {
        if effectiveMaxIndexBytes < UInt64(IndexEntry.size) {
            throw .invalidConfig("maxIndexBytes \(maxIndexBytes) cannot hold one 12-byte index entry")
        }
        if effectiveMaxIndexBytes > UInt64(Int.max / 2) {
            throw .invalidConfig("maxIndexBytes \(maxIndexBytes) is larger than this machine can map")
        }
        if bufferBytes < Self.minimumBufferBytes || bufferBytes > Self.maximumBufferBytes {
            throw .invalidConfig("bufferBytes \(bufferBytes) must be between \(Self.minimumBufferBytes) and \(Self.maximumBufferBytes) bytes")
        }
        switch durability {
        case .fsync(.everyRecords(let n)) where n < 1:
            throw .invalidConfig("fsync batch size \(n) must be at least 1")
        case .fsync(.interval(let seconds)) where !(seconds >= 0):
            throw .invalidConfig("fsync interval \(seconds) s must be zero or more")
        default:
            break
        }
    }
}

extension Config {
    /// Whether every append is written to the file before `append` returns.
    var writesThrough: Bool { durability.writesThrough }
}
