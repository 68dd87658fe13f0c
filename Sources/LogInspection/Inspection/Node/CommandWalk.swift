/// The commands (`LogCommand` entries, type 0) of a Raft log in index order, each with the value the
/// client produced, numbered from 0 in the order the state machine applies them.
///
/// A command's data is `00` (the request type Append) followed by the protobuf
/// `ProduceRequest{Record record = 1}`, whose `Record{value = 1}` is the produced value: the record
/// the state machine appends to the data log. Entries without a readable frame are skipped (the
/// log's own check reports them).
import LogCore

final class CommandWalk {
    private var entries: PayloadWalk
    /// The number of the current command, from 0; -1 before the first ``advance()``.
    private(set) var ordinal = -1
    /// Whether the walk has passed the last command.
    private(set) var isExhausted = false
    /// The Raft index of the current command.
    var raftIndex: UInt64 { entries.offset ?? 0 }
    /// Where the produced value lies in ``payload``, or `nil` when the command is not an Append
    /// request that decodes.
    private(set) var value: Range<Int>?

    /// A walk of the Raft log `directory`.
    init(directory: LogDirectory) {
        entries = PayloadWalk(directory: directory)
    }

    /// Whether the current command's produced value is bytes `range` of `record`'s payload.
    func value(equals range: Range<Int>, of record: PayloadWalk) -> Bool {
        guard let value else { return false }
        return entries.bytes(value, equal: range, of: record)
    }

    /// Runs `body` with the current command's produced value, or returns `nil` when the command is
    /// not an Append request that decodes.
    func withValue<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T? {
        guard let value else { return nil }
        return entries.withBytes(value, body)
    }

    /// Moves to the next command; `false` when there is none.
    @discardableResult
    func advance() throws(LogError) -> Bool {
        while try entries.advance() {
            guard let fields = entries.fields, fields.type ?? 0 == 0 else { continue }
            ordinal += 1
            value = entries.withBytes(fields.valueRange) { data in Self.producedValue(in: data) }.map {
                ($0.lowerBound + fields.valueRange.lowerBound)..<($0.upperBound + fields.valueRange.lowerBound)
            }
            return true
        }
        isExhausted = true
        value = nil
        return false
    }

    /// Moves forward to command number `target` (no further than the last one); whether it is there.
    func advance(to target: Int) throws(LogError) -> Bool {
        while ordinal < target, !isExhausted { try advance() }
        return ordinal == target && !isExhausted
    }

    /// Where the produced value lies in a command's data: `00`, then `ProduceRequest{record = 1}`,
    /// then `Record{value = 1}` (``RaftCommand``).
    static func producedValue(in data: UnsafeRawBufferPointer) -> Range<Int>? {
        guard case .success(let command) = RaftCommand.decode(data) else { return nil }
        return command.valueRange
    }
}
