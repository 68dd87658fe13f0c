/// Encodes and decodes the store payload `Record{value=1, offset=2}` byte-for-byte as Go's
/// protobuf marshaller does.
///
/// Encoding writes `0x0a varint(len) value` unless the value is empty, then `0x10 varint(offset)`
/// unless the offset is 0. Decoding is tolerant: it reads the later chapters' `term = 3` and
/// `type = 4` (Raft records), skips unknown fields of every wire type and says exactly why a payload does not decode.
public enum RecordCodec {
    /// Why a payload does not decode.
    public enum DecodeFailure: Error, Sendable, Equatable, CustomStringConvertible {
        case truncatedTag(at: Int)
        case truncatedVarint(field: UInt64, at: Int)
        case lengthPastEnd(field: UInt64, at: Int, length: UInt64, available: Int)
        case invalidWireType(field: UInt64, wireType: UInt8, at: Int)
        case wrongWireType(field: UInt64, wireType: UInt8, at: Int)
        case fieldZero(at: Int)

        public var description: String {
            switch self {
            case .truncatedTag(let at):
                return "payload byte \(at): field tag is cut off"
            case .truncatedVarint(let field, let at):
                return "payload byte \(at): varint of field \(field) is cut off or longer than 10 bytes"
            case .lengthPastEnd(let field, let at, let length, let available):
                return "payload byte \(at): field \(field) claims \(length) bytes but only \(available) remain"
            case .invalidWireType(let field, let wireType, let at):
                return "payload byte \(at): field \(field) has wire type \(wireType), which protobuf does not define"
            case .wrongWireType(let field, let wireType, let at):
                return "payload byte \(at): field \(field) has wire type \(wireType); "
                    + (field == 1 ? "value must be length-delimited (2)" : "offset must be a varint (0)")
            case .fieldZero(let at):
                return "payload byte \(at): field number 0 is not valid protobuf"
            }
        }
    }

    /// Where the fields of a decoded payload lie, without copying the value.
    public struct Fields: Sendable, Equatable {
        /// Byte range of the value inside the payload (empty when absent).
        public var valueRange: Range<Int>
        /// The embedded offset (0 when absent).
        public var offset: UInt64
        /// The Raft term (field 3, a varint), present only when the payload has the field.
        ///
        /// The chapter-3 log never writes it; the Raft log store of the replicated service does.
        public var term: UInt64?
        /// The Raft log type (field 4, a varint, a `raft.LogType`), present only when the payload has the field.
        public var type: UInt64?
        /// How many fields other than 1–4 were skipped.
        public var unknownFieldCount: Int
    }

    /// The payload size of a record with a value of `valueCount` bytes at `offset`.
    @inlinable
    public static func encodedSize(valueCount: Int, offset: UInt64) -> Int {
        var size = 0
        if valueCount > 0 { size += 1 + Varint.encodedSize(UInt64(valueCount)) + valueCount }
        if offset != 0 { size += 1 + Varint.encodedSize(offset) }
        return size
    }

    /// Encodes into `pointer`, which must have room for ``encodedSize(valueCount:offset:)`` bytes.
    /// Returns the number of bytes written.
    @inlinable
    public static func encode(value: UnsafeRawBufferPointer, offset: UInt64, into pointer: UnsafeMutableRawPointer) -> Int {
        var i = 0
        if value.count > 0 {
            pointer.storeBytes(of: 0x0a, toByteOffset: 0, as: UInt8.self)
            i = 1 + Varint.write(UInt64(value.count), to: pointer + 1)
            (pointer + i).copyMemory(from: value.baseAddress!, byteCount: value.count)
            i += value.count
        }
        if offset != 0 {
            pointer.storeBytes(of: 0x10, toByteOffset: i, as: UInt8.self)
            i += 1 + Varint.write(offset, to: pointer + i + 1)
        }
        return i
    }

    /// Encodes a record into a new array.
    public static func encode(_ record: Record) -> [UInt8] {
        let size = encodedSize(valueCount: record.value.count, offset: record.offset)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = record.value.withUnsafeBytes { value in
                encode(value: value, offset: record.offset, into: UnsafeMutableRawPointer(buffer.baseAddress!))
            }
        }
    }

    /// Finds the fields of `payload` without copying the value.
    public static func fields(of payload: UnsafeRawBufferPointer) -> Result<Fields, DecodeFailure> {
        if let fields = writerLayoutFields(of: payload) { return .success(fields) }
        return anyLayoutFields(of: payload)
    }

    /// The fields of `payload`, read one tag after another.
    static func anyLayoutFields(of payload: UnsafeRawBufferPointer) -> Result<Fields, DecodeFailure> {
        var fields = Fields(valueRange: 0..<0, offset: 0, term: nil, type: nil, unknownFieldCount: 0)
        var i = 0
        while i < payload.count {
            let tagStart = i
            guard let tag = Varint.read(payload, at: &i) else { return .failure(.truncatedTag(at: tagStart)) }
            let field = tag >> 3
            let wireType = UInt8(tag & 7)
            if field == 0 { return .failure(.fieldZero(at: tagStart)) }
            switch (field, wireType) {
            case (1, 2):
                let at = i
                guard let length = Varint.read(payload, at: &i) else {
                    return .failure(.truncatedVarint(field: 1, at: at))
                }
                guard length <= UInt64(payload.count - i) else {
                    return .failure(.lengthPastEnd(field: 1, at: at, length: length, available: payload.count - i))
                }
                fields.valueRange = i..<(i + Int(length))
                i += Int(length)
            case (2, 0):
                let at = i
                guard let offset = Varint.read(payload, at: &i) else {
                    return .failure(.truncatedVarint(field: 2, at: at))
                }
                fields.offset = offset
            case (3, 0), (4, 0):
                let at = i
                guard let number = Varint.read(payload, at: &i) else {
                    return .failure(.truncatedVarint(field: field, at: at))
                }
                if field == 3 { fields.term = number } else { fields.type = number }
            case (1, _), (2, _):
                return .failure(.wrongWireType(field: field, wireType: wireType, at: tagStart))
            default:
                if let failure = skip(field: field, wireType: wireType, in: payload, at: &i, tagStart: tagStart) {
                    return .failure(failure)
                }
                fields.unknownFieldCount += 1
            }
        }
        return .success(fields)
    }

    /// The fields of a payload laid out as ``encode(value:offset:into:)`` (and Go's marshaller) lays
    /// out a record with a value: `0x0a`, the value's length, the value, then `0x10` and the offset
    /// unless it is 0, read without the loop over tags. `nil` for any other layout, and for values of
    /// 16 KiB or more or offsets of 2^63 or more, which ``anyLayoutFields(of:)`` decodes.
    @inline(__always)
    static func writerLayoutFields(of payload: UnsafeRawBufferPointer) -> Fields? {
        let count = payload.count
        guard count >= 2, let base = payload.baseAddress, base.load(as: UInt8.self) == 0x0a else { return nil }
        var length = Int(base.load(fromByteOffset: 1, as: UInt8.self))
        var i = 2
        if length >= 0x80 {
            guard count > 2 else { return nil }
            let high = Int(base.load(fromByteOffset: 2, as: UInt8.self))
            guard high < 0x80 else { return nil }
            length = length & 0x7f | high << 7
            i = 3
        }
        guard length <= count - i else { return nil }
        let valueRange = i..<(i + length)
        i = valueRange.upperBound
        var offset: UInt64 = 0
        if i < count {
            guard base.load(fromByteOffset: i, as: UInt8.self) == 0x10 else { return nil }
            i += 1
            var shift: UInt64 = 0
            while true {
                guard i < count, shift < 63 else { return nil }
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                i += 1
                offset |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            guard i == count else { return nil }
        }
        return Fields(valueRange: valueRange, offset: offset, term: nil, type: nil, unknownFieldCount: 0)
    }

    /// Decodes `payload` into a ``Record``.
    public static func decode(_ payload: UnsafeRawBufferPointer) -> Result<Record, DecodeFailure> {
        fields(of: payload).map { fields in
            Record(value: Array(UnsafeRawBufferPointer(rebasing: payload[fields.valueRange])), offset: fields.offset)
        }
    }

    /// Decodes `payload` into a ``Record``.
    public static func decode(_ payload: [UInt8]) -> Result<Record, DecodeFailure> {
        payload.withUnsafeBytes { decode($0) }
    }

    private static func skip(
        field: UInt64, wireType: UInt8, in payload: UnsafeRawBufferPointer, at i: inout Int, tagStart: Int
    ) -> DecodeFailure? {
        switch wireType {
        case 0:
            let at = i
            return Varint.read(payload, at: &i) == nil ? .truncatedVarint(field: field, at: at) : nil
        case 1, 5:
            let width = wireType == 1 ? 8 : 4
            guard payload.count - i >= width else {
                return .lengthPastEnd(field: field, at: i, length: UInt64(width), available: payload.count - i)
            }
            i += width
            return nil
        case 2:
            let at = i
            guard let length = Varint.read(payload, at: &i) else { return .truncatedVarint(field: field, at: at) }
            guard length <= UInt64(payload.count - i) else {
                return .lengthPastEnd(field: field, at: at, length: length, available: payload.count - i)
            }
            i += Int(length)
            return nil
        default:
            return .invalidWireType(field: field, wireType: wireType, at: tagStart)
        }
    }
}
