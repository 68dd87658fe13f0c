/// A `LogCommand` entry of proglog's Raft log, decoded down to the value the client produced: a
/// request type byte (`0` = Append), then a protobuf `ProduceRequest{Record record = 1}` whose
/// `Record{bytes value = 1; uint64 offset = 2}` holds the produced value.
///
/// `ProduceRequest` and `Record` have the same wire shape in field 1 (length-delimited), so both
/// layers are read with ``RecordCodec``.
import LogCore

public struct RaftCommand: Sendable, Equatable {
    /// The request type byte.
    public var requestType: UInt8
    /// Where the protobuf `Record` lies in the command's bytes.
    public var recordRange: Range<Int>
    /// Where the produced value lies in the command's bytes.
    public var valueRange: Range<Int>
    /// The nested record's offset field (0 when absent, as the client leaves it).
    public var recordOffset: UInt64

    /// `Append` for request type 0 (the only one proglog defines), else `request type N`.
    public var requestTypeName: String { requestType == 0 ? "Append" : "request type \(requestType)" }

    /// Decodes a command's bytes (an entry's value).
    public static func decode(_ bytes: [UInt8]) -> Result<RaftCommand, DecodingFailure> {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes a command's bytes (an entry's value) in place.
    public static func decode(_ raw: UnsafeRawBufferPointer) -> Result<RaftCommand, DecodingFailure> {
        guard let type = raw.first else { return .failure(DecodingFailure(at: 0, "the command is empty; it should start with a request type byte")) }
        guard type == 0 else {
            return .failure(DecodingFailure(at: 0, "request type \(type) is not one proglog defines (0, Append)"))
        }
        let body = UnsafeRawBufferPointer(rebasing: raw[1...])
        let request: RecordCodec.Fields
        switch RecordCodec.fields(of: body) {
        case .success(let fields): request = fields
        case .failure(let failure): return .failure(DecodingFailure(at: 1, "the ProduceRequest does not decode: \(failure)"))
        }
        let recordRange = (request.valueRange.lowerBound + 1)..<(request.valueRange.upperBound + 1)
        switch RecordCodec.fields(of: UnsafeRawBufferPointer(rebasing: raw[recordRange])) {
        case .success(let record):
            let value = (recordRange.lowerBound + record.valueRange.lowerBound)..<(recordRange.lowerBound + record.valueRange.upperBound)
            return .success(RaftCommand(requestType: type, recordRange: recordRange, valueRange: value, recordOffset: record.offset))
        case .failure(let failure):
            return .failure(DecodingFailure(at: recordRange.lowerBound, "the ProduceRequest's Record does not decode: \(failure)"))
        }
    }
}
