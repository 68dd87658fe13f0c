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

    /// A file read carries its status whatever its kind, and its bytes from none to the largest read.
    @Test func aFileReplyOfEveryFileKindReadsBackAsItself() throws {
        let kinds: [FileSystem.Kind] = [.missing, .directory, .regularFile, .other]
        #expect(AgentSamples.statuses.map(\.kind) == kinds)
        for status in AgentSamples.statuses {
            for bytes: [UInt8] in [[], [0], Array(0...255), [UInt8](repeating: 0x5a, count: AgentProtocol.maxReadBytes)] {
                let reply = AgentReply.file(status: status, bytes: bytes)
                #expect(try AgentReply.decode(AgentSamples.body(reply.framed(id: 6))) == (6, reply))
            }
        }
    }

    @Test func aReadFileRequestKeepsItsPathOffsetAndCountAtTheirExtremes() throws {
        for path in ["/", "/var/lib/proglog/00000000000000000000.store", "résumé", "", String(repeating: "a/", count: 2000)] {
            for (offset, count) in [(0, 0), (1, 1), (UInt64(Int64.max), UInt32(AgentProtocol.maxReadBytes)), (.max, .max)] as [(UInt64, UInt32)] {
                let request = AgentRequest.readFile(path: path, offset: offset, count: count)
                #expect(try AgentRequest.decode(AgentSamples.body(request.framed(id: 77))) == (77, request))
            }
        }
    }

    /// The layout `AgentProtocol` describes, byte for byte, for requests and replies.
    @Test func theBytesAreTheLengthTheKindTheNumberAndTheFieldsBigEndian() {
        #expect(AgentRequest.status(path: "/a").framed(id: 1) == [0, 0, 0, 11, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0x2f, 0x61])
        #expect(
            AgentRequest.readFile(path: "/a", offset: 0x0102_0304_0506_0708, count: 0x090a_0b0c).framed(id: 0x0a0b_0c0d)
                == [0, 0, 0, 23, 5, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0, 2, 0x2f, 0x61, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x0b, 0x0c])
        #expect(
            AgentRequest.holders(directory: "", onlyProcesses: [-1]).framed(id: 3) == [
                0, 0, 0, 18, 6, 0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff,
            ])
        #expect(AgentReply.statuses([]).framed(id: 2) == [0, 0, 0, 9, 4, 0, 0, 0, 2, 0, 0, 0, 0])
        let status = FileSystem.Status(kind: .regularFile, size: 3, inode: 0x0102, modified: -1)
        #expect(
            AgentReply.file(status: status, bytes: [0xaa]).framed(id: 2)
                == [0, 0, 0, 35, 5, 0, 0, 0, 2, 2] + [0, 0, 0, 0, 0, 0, 0, 3] + [0, 0, 0, 0, 0, 0, 1, 2] + [UInt8](repeating: 0xff, count: 8)
                + [0, 0, 0, 1, 0xaa])
        #expect(
            AgentReply.holders(DirectoryHolderScan(holders: [], uninspectedProcesses: 1, procFailure: nil)).framed(id: 2) == [
                0, 0, 0, 14, 6, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0,
            ])
        #expect(AgentReply.failure(.refused(reason: "")).framed(id: 2) == [0, 0, 0, 10, 0x7f, 0, 0, 0, 2, 2, 0, 0, 0, 0])
    }
}
