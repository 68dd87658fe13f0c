import LogAgent
import LogCore
import Testing

/// Every request and every reply, framed, reads back as itself under its own request number: the
/// length in front counts the bytes that follow, and each side decodes what the other encodes.
@Suite struct MessageRoundTripTests {
    @Test func everyRequestKindReadsBackAsItselfWithItsNumber() throws {
        for (id, request) in AgentSamples.requests {
            let decoded = try AgentRequest.decode(AgentSamples.body(request.framed(id: id)))
            #expect(decoded.id == id)
            #expect(decoded.request == request)
        }
    }

    @Test func everyReplyKindReadsBackAsItselfWithItsNumber() throws {
        for (id, reply) in AgentSamples.replies {
            let decoded = try AgentReply.decode(AgentSamples.body(reply.framed(id: id)))
            #expect(decoded.id == id)
            #expect(decoded.reply == reply)
        }
    }

    @Test func aStatusOfEveryFileKindReadsBackAsItself() throws {
        let kinds: [FileSystem.Kind] = [.missing, .directory, .regularFile, .other]
        #expect(AgentSamples.statuses.map(\.kind) == kinds)
        for status in AgentSamples.statuses {
            #expect(try AgentReply.decode(AgentSamples.body(AgentReply.status(status).framed(id: 5))).reply == .status(status))
        }
    }

    @Test func aHoldersScanReadsBackWithAndWithoutAProcFailure() throws {
        let scans = [
            DirectoryHolderScan(holders: [AgentSamples.holder], uninspectedProcesses: 7, procFailure: nil),
            DirectoryHolderScan(holders: [AgentSamples.holder], uninspectedProcesses: 0, procFailure: "opendir /proc failed"),
            DirectoryHolderScan(holders: [], uninspectedProcesses: 0, procFailure: ""),
        ]
        for scan in scans {
            let decoded = try AgentReply.decode(AgentSamples.body(AgentReply.holders(scan).framed(id: 9)))
            #expect(decoded.reply == .holders(scan))
        }
    }

    @Test func bothKindsOfFailureReadBackAsThemselves() throws {
        let failures: [AgentFailure] = [
            .io(operation: "opendir", path: "/var/lib/proglog", errno: 13),
            .io(operation: "", path: "", errno: .min),
            .refused(reason: "/etc/passwd: outside the directory the agent serves (/var/lib/proglog)"),
            .refused(reason: ""),
        ]
        for failure in failures {
            #expect(try AgentReply.decode(AgentSamples.body(AgentReply.failure(failure).framed(id: 3))).reply == .failure(failure))
        }
    }

    /// The layout `AgentProtocol` describes, byte for byte, for one request and one reply.
    @Test func theBytesAreTheLengthTheKindTheNumberAndTheFieldsBigEndian() {
        #expect(AgentRequest.size(handle: 0x0102_0304).framed(id: 0x0a0b_0c0d) == [0, 0, 0, 9, 7, 0x0a, 0x0b, 0x0c, 0x0d, 1, 2, 3, 4])
        #expect(AgentRequest.open(path: "/a").framed(id: 1) == [0, 0, 0, 11, 5, 0, 0, 0, 1, 0, 0, 0, 2, 0x2f, 0x61])
        #expect(AgentReply.closed.framed(id: 2) == [0, 0, 0, 5, 8, 0, 0, 0, 2])
        #expect(AgentReply.failure(.refused(reason: "")).framed(id: 2) == [0, 0, 0, 10, 0x7f, 0, 0, 0, 2, 2, 0, 0, 0, 0])
    }
}
