import Foundation
import LogCore
import TestSupport
import Testing

@testable import LogInspection

/// A directory on another machine is watched by its agent's inotify: a follower there is woken by
/// the change, as it is here, not by a poll.
@Suite struct RemoteChangesTests {
    @Test func theAgentsInotifyNamesWhatChangedAndWakesTheWaiter() throws {
        let dir = TemporaryDirectory("changes")
        let path = dir.child("log")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let connection = try AgentConnection(command: TestPaths.agentCommand(path), location: "w:" + path)
        let access = RemoteFileAccess(connection: connection, prefix: "w:")
        FileAccessRoutes.register(prefix: "w:" + path, access: access)
        defer { FileAccessRoutes.unregister(prefix: "w:" + path) }
        let waiter = DirectoryWaiter(path: "w:" + path)
        #expect(waiter.usesInotify)
        // The watch is new: only a listing tells what was there.
        #expect(waiter.takeChanges().needsListing)
        // Nothing happens: the wait lasts its time and says so.
        let start = ContinuousClock.now
        #expect(!waiter.wait(milliseconds: 200))
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        // A file appears while the waiter waits: it wakes well before its time, with the name.
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.1)
            _ = FileManager.default.createFile(atPath: path + "/0.store", contents: Data("x".utf8))
        }
        writer.start()
        let woken = ContinuousClock.now
        var names: Set<String> = []
        // (The file is written under a temporary name first, then renamed: wait for its own name.)
        while !names.contains("0.store") && ContinuousClock.now - woken < .seconds(5) {
            waiter.wait(milliseconds: 1000)
            names.formUnion(waiter.takeChanges().names)
        }
        #expect(names.contains("0.store"))
        #expect(ContinuousClock.now - woken < .seconds(2))
    }

    @Test func aRemoteFollowerSeesAppendsAsTheyComeWithoutAListing() throws {
        let dir = TemporaryDirectory("changes")
        let path = dir.child("log")
        let log = try Log(directory: path, config: Config(maxStoreBytes: 1024, maxIndexBytes: 1200, durability: .flush), createDirectory: true)
        try log.append(Array("first".utf8))
        let connection = try AgentConnection(command: TestPaths.agentCommand(path), location: "f:" + path)
        FileAccessRoutes.register(prefix: "f:" + path, access: RemoteFileAccess(connection: connection, prefix: "f:"))
        defer { FileAccessRoutes.unregister(prefix: "f:" + path) }
        let tailer = LogTailer(path: "f:" + path)
        var offsets: [UInt64] = []
        _ = try tailer.poll { offsets.append($0.offset) }
        #expect(offsets == [0])
        for i in 1...100 { try log.append(Array("record \(i)".utf8)) }
        let start = ContinuousClock.now
        while offsets.count < 101 && ContinuousClock.now - start < .seconds(10) {
            tailer.wait(milliseconds: 100)
            _ = try tailer.poll { offsets.append($0.offset) }
        }
        #expect(offsets == Array(0...100))
        try log.close()
    }
}
