import Foundation
import LogCore
import LogInspection
import TestSupport
import Testing

@testable import InspectorCore

/// One effect interpreter: the session performs the effects that read the directory and answers with
/// events, the runtime performs the rest, and every event's effects are performed.
@Suite(.serialized) struct EffectInterpreterTests {
    static let sessionEffects: [Effect] = [
        .locatePosition(segment: 0, position: 0), .buildFilter(segment: 0, SearchPattern("a")!), .copyValue(segment: 0, row: 1),
        .copyFrame(segment: 0, row: 1), .rescan,
    ]
    static let runtimeEffects: [Effect] = [.setMouseCapture(true), .setClipboard([1]), .restartCheck, .switchLog(1)]

    @Test func theSessionAnswersItsEffectsAndLeavesTheRuntimesAlone() throws {
        let (runtime, terminal) = try makeRuntime("golden/small")
        for effect in Self.sessionEffects {
            #expect(effect.performer == .session)
            #expect(runtime.session.perform(effect, shown: runtime.state.snapshot) != nil, "\(effect)")
        }
        for effect in Self.runtimeEffects {
            #expect(effect.performer == .runtime)
            #expect(runtime.session.perform(effect, shown: runtime.state.snapshot) == nil, "\(effect)")
        }
        #expect(terminal.clipboard == nil, "the session never touches the terminal")
    }

    @Test func aCopyIsReadThenPutOnTheClipboardByTheReducersEffect() throws {
        var state = InspectorState(size: Size(width: 100, height: 30), snapshot: syntheticSnapshot())
        let effects = reduce(&state, .clipboardRead(bytes: [0x41, 0x42], description: "copied 2 bytes"))
        #expect(effects == [.setClipboard([0x41, 0x42])])
        #expect(state.message?.text == "copied 2 bytes")
        #expect(state.message?.isError == false)
    }

    @Test func aRescanReplacesTheSnapshotThenAsksForTheCheckToStartOver() throws {
        var state = InspectorState(size: Size(width: 100, height: 30), snapshot: syntheticSnapshot())
        var fresh = syntheticSnapshot()
        fresh.fullCheck = false
        #expect(reduce(&state, .rescanned(fresh)) == [.restartCheck])
        #expect(state.snapshot.fullCheck == false)
    }

    /// `r` answers with the new snapshot, whose reduce asks for the check to restart: dropping that
    /// reduce's effects would leave the rescanned log without a full check.
    @Test func rStartsTheFullCheckOverAndItFinishes() throws {
        let (runtime, _) = try makeRuntime("damaged/store-zero-run")
        #expect(runtime.state.snapshot.fullCheck)
        #expect(!runtime.state.checking)
        try runtime.press("r")
        #expect(runtime.state.checking, "the check started again")
        #expect(!runtime.state.snapshot.fullCheck)
        runtime.finishBackgroundWork()
        #expect(!runtime.state.checking)
        #expect(runtime.state.snapshot.fullCheck)
        #expect(runtime.state.snapshot.referenceReopen != nil)
    }

    @Test func aLogThatCannotBeOpenedIsAMessageFromTheSwitch() throws {
        let scratch = TemporaryDirectory("node")
        let node = scratch.path
        for log in ["log", "raft/log"] {
            try FileManager.default.createDirectory(atPath: node + "/" + log, withIntermediateDirectories: true)
        }
        let runtime = try InspectorRuntime(path: node, terminal: InMemoryTerminal(size: Size(width: 100, height: 30)))
        runtime.finishBackgroundWork()
        #expect(runtime.sources.count > 1)
        try FileManager.default.removeItem(atPath: node + "/raft/log")
        runtime.handle(.key(.character("L")))
        try runtime.press("j<Enter>")
        #expect(runtime.state.message?.isError == true)
        #expect(runtime.state.message?.text.contains("raft") == true)
    }

    /// The Detail pane's frame bytes, value and context are the store's bytes (read in one go).
    @Test func theDetailOfADamagedRecordHoldsItsFrameValueAndContext() throws {
        let (runtime, _) = try makeRuntime("damaged/store-offset-mismatch")
        let session = runtime.session
        let segment = session.directory.segments[1]
        let detail = try session.detail(segment: 1, row: 5, shown: runtime.state.snapshot)
        let record = try #require(try session.directory.record(segment: 1, slot: 5))
        #expect(record.problem != nil)
        #expect(detail.record?.value == record.value)
        #expect(detail.frameStart == 194)
        #expect(detail.frameBytes == (try segment.storeBytes(at: 194, count: 103)))
        #expect(detail.contextBefore == (try segment.storeBytes(at: 194 - 32, count: 32)))
        #expect(detail.contextAfter == (try segment.storeBytes(at: 297, count: 32)))

        let (torn, _) = try makeRuntime("damaged/store-torn-tail")
        let last = try torn.session.detail(segment: 2, row: 15, shown: torn.state.snapshot)
        let newest = torn.session.directory.segments[2]
        #expect(last.record?.value == nil)
        #expect(last.frameBytes == (try newest.storeBytes(at: 863, count: 1000)))
        #expect(last.contextBefore == (try newest.storeBytes(at: 863 - 32, count: 32)))
        #expect(last.contextAfter.isEmpty)

        let (healthy, _) = try makeRuntime("golden/small")
        let clean = try healthy.session.detail(segment: 0, row: 1, shown: healthy.state.snapshot)
        #expect(clean.record?.value == Array("hello world".utf8))
        #expect(clean.contextBefore.isEmpty && clean.contextAfter.isEmpty)
    }
}
