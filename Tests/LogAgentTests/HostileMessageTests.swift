import LogAgent
import LogCore
import Testing

/// Bytes that are not a message are refused with a ``WireError`` that says at which byte and what was
/// expected there: never a crash, and no list is allocated for a count the bytes left cannot hold.
@Suite struct HostileMessageTests {
    /// The error decoding `body` as a request throws, or `nil` when it decodes.
    private func requestError(_ body: [UInt8]) -> WireError? {
        do {
            _ = try AgentRequest.decode(body)
            return nil
        } catch {
            return error
        }
    }

    /// The error decoding `body` as a reply throws, or `nil` when it decodes.
    private func replyError(_ body: [UInt8]) -> WireError? {
        do {
            _ = try AgentReply.decode(body)
            return nil
        } catch {
            return error
        }
    }

    /// The prefix lengths to try: all of them, or for a long body its first and last 64.
    private func prefixLengths(_ count: Int) -> [Int] {
        count <= 4096 ? Array(0..<count) : Array(0..<64) + Array((count - 64)..<count)
    }

    @Test func everyProperPrefixOfARequestIsRefusedWithinItsBytes() {
        for (id, request) in AgentSamples.requests {
            let body = AgentSamples.body(request.framed(id: id))
            for length in prefixLengths(body.count) {
                let error = requestError(Array(body.prefix(length)))
                #expect(error != nil, "\(request) cut to \(length) of \(body.count) bytes decoded")
                #expect((error?.position ?? 0) <= length, "\(error.map(\.description) ?? "") points past the \(length) bytes")
            }
        }
    }

    @Test func everyProperPrefixOfAReplyIsRefusedWithinItsBytes() {
        for (id, reply) in AgentSamples.replies {
            let body = AgentSamples.body(reply.framed(id: id))
            for length in prefixLengths(body.count) {
                let error = replyError(Array(body.prefix(length)))
                #expect(error != nil, "reply \(id) cut to \(length) of \(body.count) bytes decoded")
                #expect((error?.position ?? 0) <= length, "\(error.map(\.description) ?? "") points past the \(length) bytes")
            }
        }
    }

    @Test func anEmptyMessageSaysAKindWasExpected() {
        #expect(requestError([]) == WireError(position: 0, expected: "a request kind (1 byte)"))
        #expect(replyError([]) == WireError(position: 0, expected: "a reply kind (1 byte)"))
    }

    /// Kinds 8 and 9 were the handles' `size` and `close` (and the `size` and `closed` replies; 7,
    /// once `read`, is now `changes`): a client or agent of that protocol is refused at its first
    /// such message.
    @Test func anUnknownKindIsRefusedAtByteZero() throws {
        for kind: UInt8 in [0, 8, 9, 10, 0x7f, 0xff] {
            #expect(requestError(AgentSamples.message(kind: kind)) == WireError(position: 0, expected: "a request kind (1–7), not \(kind)"))
        }
        for kind: UInt8 in [0, 8, 9, 10, 0x7e, 0x80, 0xff] {
            #expect(replyError(AgentSamples.message(kind: kind)) == WireError(position: 0, expected: "a reply kind (1–7 or 127), not \(kind)"))
        }
    }

    @Test func aStringLongerThanTheBytesThatFollowIsRefusedAtItsLength() throws {
        // A `readFile` whose path claims 100 bytes, with 3 after it.
        let error = try #require(requestError(AgentSamples.message(kind: 5, AgentSamples.bigEndian(100), Array("/ab".utf8))))
        #expect(error.position == 5)
        #expect(error.expected == "a path of 100 bytes, but only 3 follow")
        #expect(error.description == "message byte 5: expected a path of 100 bytes, but only 3 follow")
    }

    @Test func aStringOverItsLimitIsRefusedBeforeItsBytesAreLookedFor() throws {
        let error = try #require(requestError(AgentSamples.message(kind: 2, AgentSamples.bigEndian(.max))))
        #expect(error.position == 5)
        #expect(error.expected == "a directory of at most 65536 bytes, not 4294967295")
    }

    /// A regular file's status (25 bytes) as a `file` reply carries it.
    private static let fileStatus: [UInt8] = [2] + [UInt8](repeating: 0, count: 24)

    @Test func aByteStringLongerThanTheBytesThatFollowIsRefusedAtItsLength() throws {
        let error = try #require(replyError(AgentSamples.message(kind: 5, Self.fileStatus, AgentSamples.bigEndian(5), [1, 2])))
        #expect(error == WireError(position: 30, expected: "the bytes read of 5 bytes, but only 2 follow"))
    }

    @Test func aFileReplyWithMoreThanTheLargestReadIsRefused() throws {
        let count = AgentProtocol.maxReadBytes + 1
        let body = AgentSamples.message(kind: 5, Self.fileStatus, AgentSamples.bigEndian(UInt32(count)), [UInt8](repeating: 0, count: count))
        #expect(replyError(body) == WireError(position: 30, expected: "the bytes read of at most \(AgentProtocol.maxReadBytes) bytes, not \(count)"))
        let largest = AgentSamples.message(kind: 5, Self.fileStatus, AgentSamples.bigEndian(UInt32(count - 1)), [UInt8](repeating: 0, count: count - 1))
        #expect(replyError(largest) == nil)
        // A length that claims more than the message could ever hold is refused before its bytes are looked for.
        let claim = AgentSamples.message(kind: 5, Self.fileStatus, AgentSamples.bigEndian(.max))
        #expect(replyError(claim) == WireError(position: 30, expected: "the bytes read of at most \(AgentProtocol.maxReadBytes) bytes, not 4294967295"))
    }

    /// A `statuses` reply of 20 bytes claiming 2^31 statuses: refused at the count, which is checked
    /// against what the 11 bytes left can hold (none) before any list is made.
    @Test func aCountTheRemainingBytesCannotHoldIsRefusedAtTheCount() throws {
        let body = AgentSamples.message(kind: 4, AgentSamples.bigEndian(1 << 31), [UInt8](repeating: 0, count: 11))
        #expect(body.count == 20)
        let error = try #require(replyError(body))
        #expect(error.position == 5)
        #expect(error.expected == "at most 0 statuses, not 2147483648")
        // Within the overall limit but not within the bytes: 1000 names need 4000 bytes.
        let names = try #require(replyError(AgentSamples.message(kind: 2, AgentSamples.bigEndian(1000), [UInt8](repeating: 0, count: 3999))))
        #expect(names == WireError(position: 5, expected: "at most 999 names, not 1000"))
        let pids = try #require(requestError(AgentSamples.message(kind: 6, [0, 0, 0, 1, 0x2f, 1], AgentSamples.bigEndian(3), [0, 0, 0, 1])))
        #expect(pids == WireError(position: 11, expected: "at most 1 process ids, not 3"))
        let holders = try #require(replyError(AgentSamples.message(kind: 6, AgentSamples.bigEndian(2), [UInt8](repeating: 0, count: 41))))
        #expect(holders == WireError(position: 5, expected: "at most 1 holders, not 2"))
    }

    @Test func aCountOverTheLimitIsRefusedEvenWhenTheBytesCouldHoldIt() throws {
        let count = AgentProtocol.maxNames + 1
        let body = AgentSamples.message(kind: 4, [0, 0, 0, 0], AgentSamples.bigEndian(UInt32(count)), [UInt8](repeating: 0, count: 4 * count))
        let error = try #require(requestError(body))
        #expect(error.position == 9)
        #expect(error.expected == "at most \(AgentProtocol.maxNames) names, not \(count)")
    }

    @Test func bytesAfterACompleteMessageAreRefused() throws {
        for (id, request) in AgentSamples.requests {
            let body = AgentSamples.body(request.framed(id: id)) + [0]
            #expect(requestError(body) == WireError(position: body.count - 1, expected: "the end of the message, not 1 more bytes"))
        }
        for (id, reply) in AgentSamples.replies {
            let body = AgentSamples.body(reply.framed(id: id)) + [1, 2, 3]
            #expect(replyError(body) == WireError(position: body.count - 3, expected: "the end of the message, not 3 more bytes"))
        }
    }

    @Test func anUnknownFileKindOrFailureKindIsRefusedWhereItStands() throws {
        let status = try #require(replyError(AgentSamples.message(kind: 3, [4], [UInt8](repeating: 0, count: 24))))
        #expect(status == WireError(position: 5, expected: "a file kind (0–3), not 4"))
        let file = try #require(replyError(AgentSamples.message(kind: 5, [0xff], [UInt8](repeating: 0, count: 28))))
        #expect(file == WireError(position: 5, expected: "a file kind (0–3), not 255"))
        let failure = try #require(replyError(AgentSamples.message(kind: 0x7f, [3])))
        #expect(failure == WireError(position: 5, expected: "a failure kind (1 or 2), not 3"))
    }

    /// A truncated integer says how many bytes it needed, and which field it was.
    @Test func aShortIntegerSaysWhichFieldAndHowManyBytes() throws {
        let path: [UInt8] = [0, 0, 0, 1, 0x2f]
        let error = try #require(requestError(AgentSamples.message(kind: 5, path, [0, 0, 0])))
        #expect(error == WireError(position: 10, expected: "an offset (8 bytes)"))
        #expect(error.description.contains("byte 10") && error.description.contains("8 bytes"))
        let count = try #require(requestError(AgentSamples.message(kind: 5, path, [UInt8](repeating: 0, count: 8), [0, 0])))
        #expect(count == WireError(position: 18, expected: "a byte count (4 bytes)"))
        let size = try #require(replyError(AgentSamples.message(kind: 5, [2], [UInt8](repeating: 0, count: 7))))
        #expect(size == WireError(position: 6, expected: "a size (8 bytes)"))
    }
}
