import TestSupport
import Testing

@testable import LogInspection

/// Raft entries of the replicated service's node directories (`Fixtures/raft`, written by the Go
/// service), decoded by type.
@Suite struct RaftDecodingTests {
    static let nodeA0 = TestPaths.raft + "/A-healthy/node-0"

    func entry(_ node: String, _ index: UInt64) throws -> RaftEntry {
        let directory = try LogDirectory(path: node + "/raft/log")
        let record = try #require(try directory.record(at: index))
        let fields = try #require(record.frame.fields)
        let value = try #require(record.value)
        return try #require(RaftEntry(fields: fields, value: value))
    }

    @Test func readsTermAndTypeOfEveryKindOfEntry() throws {
        let configuration = try entry(Self.nodeA0, 1)
        #expect(configuration.term == 1)
        #expect(configuration.type == .configuration)
        let noop = try entry(Self.nodeA0, 2)
        #expect(noop.term == 2)
        #expect(noop.type == .noop)
        #expect(noop.body == .empty)
        // A command's type is 0, which Go omits: the record has a term and no type field.
        let directory = try LogDirectory(path: Self.nodeA0 + "/raft/log")
        let fields = try #require(try directory.record(at: 5)?.frame.fields)
        #expect(fields.term == 2)
        #expect(fields.type == nil)
        #expect(RaftLogType(fields: fields) == .command)
        #expect(try entry(Self.nodeA0, 5).label == "T2 LogCommand")
    }

    @Test func decodesACommandDownToTheProducedValue() throws {
        let entry = try entry(Self.nodeA0, 5)
        guard case .command(let command) = entry.body else {
            Issue.record("index 5 is not a command: \(entry.body)")
            return
        }
        let value = try #require(try LogDirectory(path: Self.nodeA0 + "/raft/log").record(at: 5)?.value)
        #expect(command.requestTypeName == "Append")
        #expect(String(decoding: value[command.valueRange], as: UTF8.self) == "record 0: juliet mike mike")
        // The k-th command is record k−1 of the data log.
        let data = try #require(try LogDirectory(path: Self.nodeA0 + "/log").record(at: 0)?.value)
        #expect(Array(value[command.valueRange]) == data)
    }

    @Test func decodesTheConfigurationsOfScenarioA() throws {
        // stats.json of A: node 0 bootstraps alone (index 1), then adds node 1 (index 3) and node 2 (index 4).
        let servers = [
            RaftConfiguration.Server(suffrage: .voter, id: "0", address: "127.0.0.1:53405"),
            RaftConfiguration.Server(suffrage: .voter, id: "1", address: "127.0.0.1:41417"),
            RaftConfiguration.Server(suffrage: .voter, id: "2", address: "127.0.0.1:33029"),
        ]
        for (index, count) in [(1, 1), (3, 2), (4, 3)] as [(UInt64, Int)] {
            let entry = try entry(Self.nodeA0, index)
            #expect(entry.body == .configuration(RaftConfiguration(servers: Array(servers.prefix(count)))), "index \(index)")
        }
        #expect(RaftConfiguration(servers: servers).summary == "0 127.0.0.1:53405 Voter, 1 127.0.0.1:41417 Voter, 2 127.0.0.1:33029 Voter")
    }

    @Test func namesAndParsesTypes() {
        #expect(RaftLogType(rawValue: 5).name == "LogConfiguration")
        #expect(RaftLogType(rawValue: 9).name == "unknown type 9")
        #expect(RaftLogType(parsing: "config") == .configuration)
        #expect(RaftLogType(parsing: "LogNoop") == .noop)
        #expect(RaftLogType(parsing: "COMMAND") == .command)
        #expect(RaftLogType(parsing: "4") == .barrier)
        #expect(RaftLogType(parsing: "vote") == nil)
        #expect(RaftLogType(parsing: "") == nil)
    }

    @Test func aDataLogRecordIsNoRaftEntry() throws {
        let record = try #require(try LogDirectory(path: Self.nodeA0 + "/log").record(at: 3))
        let fields = try #require(record.frame.fields)
        #expect(RaftEntry(fields: fields, value: record.value ?? []) == nil)
    }

    @Test func aCommandThatIsNotAnAppendDoesNotDecode() {
        #expect(throws: DecodingFailure.self) { try RaftCommand.decode([1, 0x0a, 0]).get() }
        #expect(throws: DecodingFailure.self) { try RaftCommand.decode([]).get() }
        #expect(throws: DecodingFailure.self) { try RaftCommand.decode([0, 0x0a, 5, 1]).get() }
        let empty = try? RaftCommand.decode([0, 0x0a, 0]).get()
        #expect(empty?.valueRange.isEmpty == true)
    }
}
