import Foundation
import TestSupport
import Testing

@testable import LogCore

@Suite struct ConcurrencyTests {
    @Test func manyThreadsAppendAndReadAtOnce() throws {
        let dir = TemporaryDirectory()
        let log = try Log(directory: dir.path, config: Config(maxStoreBytes: 8192, maxIndexBytes: 1200))
        let written = Locked<[UInt64: [UInt8]]>([:])
        let failures = Locked<[String]>([])
        let threads = 8
        let perThread = 400
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var generator = SystemRandomNumberGenerator()
            for i in 0..<perThread {
                let value = Array("thread \(thread) record \(i)".utf8)
                do {
                    let offset = try log.append(value)
                    written.withLock { $0[offset] = value }
                    let probe = UInt64.random(in: 0...offset, using: &generator)
                    let record = try log.read(at: probe)
                    if let expected = written.withLock({ $0[probe] }), expected != record.value {
                        failures.withLock { $0.append("offset \(probe): read \(record.value), appended \(expected)") }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let all = written.withLock { $0 }
        #expect(all.count == threads * perThread)
        #expect(Set(all.keys) == Set(0..<UInt64(threads * perThread)))
        for (offset, value) in all { #expect(try log.read(at: offset).value == value) }
        try log.close()
    }
}
