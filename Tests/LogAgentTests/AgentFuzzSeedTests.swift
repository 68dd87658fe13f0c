import Foundation
import Glibc
import LogAgent
import TestSupport
import Testing

/// The agent fuzz target's seeds (`Fixtures/fuzz-corpus/agent`) are messages of the protocol as it
/// is: a seed named `request-*` or `reply-*` is one message's bytes after its length, the others are
/// framed messages back to back (`replies-*` replies, the rest requests), each whole and decoding as
/// what its name says. A seed of a protocol that changed would start the fuzzer far from anything
/// the agent answers.
@Suite struct AgentFuzzSeedTests {
    private static let corpus = TestPaths.fixture("fuzz-corpus/agent")

    /// The messages of a framed stream, or `nil` when it is not whole messages and nothing else.
    private func messages(_ bytes: [UInt8]) -> [[UInt8]]? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        defer { close(ends[0]) }
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        guard written == bytes.count else { return nil }
        let stream = MessageStream(input: ends[0], output: -1)
        var messages: [[UInt8]] = []
        while true {
            do {
                messages.append(try stream.receive())
            } catch .ended {
                return messages
            } catch {
                return nil
            }
        }
    }

    @Test func everySeedIsWholeMessagesOfTheProtocol() throws {
        let names = Files.names(Self.corpus)
        #expect(names.count >= 10)
        for name in names {
            let bytes = Files.bytes(Self.corpus + "/" + name)
            #expect(!bytes.isEmpty && bytes.count < 1024, "\(name): \(bytes.count) bytes")
            if name.hasPrefix("request-") {
                #expect(throws: Never.self, "\(name)") { _ = try AgentRequest.decode(bytes) }
                continue
            }
            if name.hasPrefix("reply-") {
                #expect(throws: Never.self, "\(name)") { _ = try AgentReply.decode(bytes) }
                continue
            }
            guard let messages = messages(bytes), !messages.isEmpty else {
                Issue.record("\(name): not framed messages")
                continue
            }
            for message in messages {
                if name.hasPrefix("replies-") {
                    #expect(throws: Never.self, "\(name)") { _ = try AgentReply.decode(message) }
                } else {
                    #expect(throws: Never.self, "\(name)") { _ = try AgentRequest.decode(message) }
                }
            }
        }
    }

    /// Each kind of request and reply is in some seed.
    @Test func everyKindIsInSomeSeed() throws {
        var requestKinds: Set<UInt8> = []
        var replyKinds: Set<UInt8> = []
        for name in Files.names(Self.corpus) {
            let bytes = Files.bytes(Self.corpus + "/" + name)
            let bodies = name.hasPrefix("request-") || name.hasPrefix("reply-") ? [bytes] : messages(bytes) ?? []
            let isReply = name.hasPrefix("reply-") || name.hasPrefix("replies-")
            for body in bodies {
                guard let kind = body.first else { continue }
                if isReply { replyKinds.insert(kind) } else { requestKinds.insert(kind) }
            }
        }
        #expect(requestKinds == Set(1...7))
        #expect(replyKinds == Set(Array(1...7) + [0x7f]))
    }
}
