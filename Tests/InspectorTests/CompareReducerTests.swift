import Testing

@testable import InspectorCore

/// The compare view's reducer on a synthetic state: keys, the order `e` and `E` step in, and how the
/// difference index is rebuilt when writers append. No I/O.
struct CompareReducerTests {
    /// Three directories over offsets 0...99, with differences at 10...19 (absent), 40 (diverge) and
    /// 70...71 (unreadable), the index complete.
    func state() -> CompareState {
        var s = CompareState(
            size: Size(width: 160, height: 40), directories: ["a/node-0", "a/node-1", "a/node-2"], heads: [0...99, 0...99, 0...79], raft: false)
        _ = reduce(
            &s,
            .differencesFound(
                serial: 0,
                [
                    CompareDifference(offsets: 10...19, verdict: .absent), CompareDifference(offsets: 40...40, verdict: .diverge),
                    CompareDifference(offsets: 70...71, verdict: .unreadable),
                ], frontier: 100, finished: true))
        return s
    }

    func press(_ keys: String, _ s: inout CompareState) throws -> [CompareEffect] {
        var effects: [CompareEffect] = []
        for key in try KeyNotation.parse(keys) { effects += reduce(&s, .key(key)) }
        return effects
    }

    @Test func eStepsThroughTheDifferencesInOffsetOrderAndWraps() throws {
        var s = state()
        #expect(s.span == 0...99)
        var visited: [UInt64] = []
        for _ in 0..<4 {
            _ = try press("e", &s)
            visited.append(s.selected)
        }
        #expect(visited == [10, 40, 70, 10])
        #expect(s.message?.text == "[1/3] 10...19 absent (10) (passed the last difference, continued from the first)")
        _ = try press("j", &s)
        #expect(s.selected == 11)
        _ = try press("e", &s)
        #expect(s.selected == 40, "from inside a difference, e goes to the next one")
        #expect(s.message?.text == "[2/3] 40 diverge")
    }

    @Test func capitalEStepsBackToTheStartOfTheDifferenceOrTheOneBefore() throws {
        var s = state()
        _ = try press("75G", &s)
        #expect(s.selected == 75)
        var visited: [UInt64] = []
        for _ in 0..<4 {
            _ = try press("E", &s)
            visited.append(s.selected)
        }
        #expect(visited == [70, 40, 10, 70])
        _ = try press("15GE", &s)
        #expect(s.selected == 10)
    }

    @Test func theSelectedDifferenceIsNamedInTheBottomBar() throws {
        var s = state()
        _ = try press("41Gk", &s)
        #expect(s.selectedDifference?.number == 2)
        var buffer = Buffer(size: s.size)
        render(s, into: &buffer)
        #expect(buffer.lines.last?.contains("difference 2 of 3: diverge") == true)
        #expect(buffer.lines.first?.contains("✖ 3 differences (13 offsets)") == true)
    }

    @Test func eSaysWhenThereIsNoDifference() throws {
        var s = CompareState(size: Size(width: 160, height: 40), directories: ["a", "b"], heads: [0...9, 0...9], raft: false)
        _ = try press("e", &s)
        #expect(s.message?.text == "no difference found yet (the diff is running)")
        _ = reduce(&s, .differencesFound(serial: 0, [], frontier: 10, finished: true))
        _ = try press("e", &s)
        #expect(s.message?.text == "no differences: the 2 directories agree")
        #expect(s.selected == 0)
    }

    @Test func movingPagingAndGoingToAnOffsetStayInsideTheSpan() throws {
        var s = state()
        _ = try press("k", &s)
        #expect(s.selected == 0)
        _ = try press("G", &s)
        #expect(s.selected == 99)
        _ = try press("j", &s)
        #expect(s.selected == 99)
        _ = try press("g<PgDn>", &s)
        #expect(s.selected == UInt64(s.layout.rowCount))
        _ = try press("500G", &s)
        #expect(s.message?.text == "offset 500 is not in the logs (the directories hold 0...99)")
        #expect(s.selected == UInt64(s.layout.rowCount))
    }

    @Test func tabAndEnterFocusTheDetailWhereJAndKScroll() throws {
        var s = state()
        _ = try press("<Enter>", &s)
        #expect(s.focus == .detail)
        _ = try press("<Tab>", &s)
        #expect(s.focus == .rows)
        _ = try press("l", &s)
        #expect(s.focus == .detail)
        let selected = s.selected
        _ = try press("j", &s)
        #expect(s.selected == selected, "j scrolls the detail pane, not the rows")
    }

    @Test func lListsTheLogsOfNodeDirectoriesOnly() throws {
        var s = state()
        #expect(try press("L", &s).isEmpty)
        #expect(s.message?.isError == true)
        s.logs = ["log", "raft/log"]
        #expect(try press("L", &s).isEmpty)
        #expect(s.logList == 0, "L lists the logs, the shown one selected")
        #expect(screen(s).contains("Logs of each node"))
        #expect(try press("<Enter>", &s).isEmpty && s.logList == nil, "Enter on the shown log only closes the list")
        #expect(try press("Lj<Enter>", &s) == [.switchLog(1)])
        let effects = reduce(&s, .logSwitched(1, heads: [1...105, 1...105, 1...80], raft: true))
        #expect(effects == [.indexDifferences(serial: 1, from: 0, through: 105)])
        #expect(s.raft && s.currentLog == 1 && s.selected == 1)
        #expect(s.differences.runs.isEmpty && s.differences.total == 0)
        #expect(try press("Lk<Enter>", &s) == [.switchLog(0)])
        #expect(try press("L<Esc>", &s).isEmpty && s.logList == nil)
    }

    @Test func resultsOfASupersededDiffAreDropped() throws {
        var s = state()
        _ = reduce(&s, .headsChanged([0...100, 0...99, 0...79]))
        let serial = s.differences.serial
        _ = reduce(&s, .differencesFound(serial: serial - 1, [CompareDifference(offsets: 90...90, verdict: .diverge)], frontier: 91, finished: true))
        #expect(s.differences.total == 3)
        _ = reduce(&s, .differencesFound(serial: serial, [CompareDifference(offsets: 80...100, verdict: .absent)], frontier: 101, finished: true))
        #expect(s.differences.total == 4)
    }

    @Test func fFollowsTheNewestOffsetUntilKPausesAndGResumes() throws {
        var s = state()
        _ = try press("f", &s)
        #expect(s.selected == 99 && s.follow == .following(untilDifference: false, since: 99))
        _ = reduce(&s, .headsChanged([0...120, 0...120, 0...120]))
        #expect(s.selected == 120, "the selection moves with the appended offsets")
        #expect(screen(s).contains(" FOLLOW "))
        _ = try press("k", &s)
        #expect(s.selected == 119 && s.follow == .paused(untilDifference: false, since: 99))
        _ = reduce(&s, .headsChanged([0...130, 0...130, 0...130]))
        #expect(s.selected == 119, "paused: the selection stays")
        #expect(screen(s).contains(" PAUSED · G resumes "))
        _ = try press("G", &s)
        #expect(s.selected == 130 && s.follow == .following(untilDifference: false, since: 130))
        #expect(screen(s).contains("following new offsets (f stops, k pauses, G resumes)"), "G says that it follows again")
        // F while following stops at the next difference instead of stopping; f goes back.
        _ = try press("F", &s)
        #expect(s.follow == .following(untilDifference: true, since: 130))
        _ = try press("f", &s)
        #expect(s.follow == .following(untilDifference: false, since: 130))
        _ = try press("f", &s)
        #expect(s.follow == .off && s.message?.text == "follow off")
        _ = reduce(&s, .headsChanged([0...140, 0...140, 0...140]))
        #expect(s.selected == 130)
    }

    @Test func capitalFStopsAtTheFirstNewDifference() throws {
        var s = state()
        _ = try press("F", &s)
        #expect(screen(s).contains(" FOLLOW → difference "))
        let effects = reduce(&s, .headsChanged([0...120, 0...120, 0...120]))
        #expect(s.selected == 120)
        guard case .indexDifferences(let serial, _, _)? = effects.first else {
            Issue.record("no diff started: \(effects)")
            return
        }
        // The old differences found again are not new: follow goes on.
        _ = reduce(&s, .differencesFound(serial: serial, [CompareDifference(offsets: 80...99, verdict: .absent)], frontier: 100, finished: false))
        #expect(s.follow == .following(untilDifference: true, since: 99) && s.selected == 120)
        _ = reduce(&s, .differencesFound(serial: serial, [CompareDifference(offsets: 105...110, verdict: .diverge)], frontier: 121, finished: true))
        #expect(s.selected == 105 && s.follow == .paused(untilDifference: true, since: 99))
        #expect(s.message?.text.hasPrefix("stopped at a new difference: 105...110 diverge") == true, "\(s.message?.text ?? "")")
    }

    func screen(_ state: CompareState) -> String {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer.lines.joined(separator: "\n")
    }

    @Test func anAppendRediffsFromTheOldEndOfTheLogThatGrew() throws {
        var s = state()
        // node-2 (0...79) catches up to 89: offsets from 80 on may change.
        #expect(reduce(&s, .headsChanged([0...99, 0...99, 0...89])) == [.indexDifferences(serial: 1, from: 80, through: 99)])
        #expect(s.differences.total == 3)
        #expect(!s.differences.complete)
        // An append to a log whose end is in a difference finds that difference again, whole.
        s = state()
        s.heads = [0...99, 0...99, 0...71]
        #expect(reduce(&s, .headsChanged([0...99, 0...99, 0...75])) == [.indexDifferences(serial: 1, from: 70, through: 99)])
        #expect(s.differences.total == 3, "the earlier runs count until the new diff answers")
        _ = reduce(&s, .differencesFound(serial: 1, [CompareDifference(offsets: 70...73, verdict: .unreadable)], frontier: 74, finished: false))
        #expect(s.differences.runs.map(\.offsets) == [10...19, 40...40, 70...73])
        #expect(s.differences.total == 3 && s.differences.offsets == 15)
    }

    @Test func aLogThatLostRecordsOrItsStartIsDiffedAgainWhole() throws {
        var s = state()
        #expect(reduce(&s, .headsChanged([0...99, 0...90, 0...79])) == [.indexDifferences(serial: 1, from: 0, through: 99)])
        _ = reduce(&s, .differencesFound(serial: 1, [], frontier: 100, finished: true))
        #expect(s.differences.total == 0 && s.differences.runs.isEmpty)
        s = state()
        #expect(reduce(&s, .headsChanged([5...99, 0...99, 0...79])) == [.indexDifferences(serial: 1, from: 0, through: 99)])
        #expect(reduce(&s, .headsChanged([5...99, 0...99, 0...79])).isEmpty, "nothing changed")
    }

    @Test func anAppendWhileTheDiffRunsWaitsForItToEnd() throws {
        var s = CompareState(size: Size(width: 160, height: 40), directories: ["a", "b"], heads: [0...999, 0...999], raft: false)
        _ = reduce(&s, .differencesFound(serial: 0, [CompareDifference(offsets: 5...5, verdict: .diverge)], frontier: 300, finished: false))
        // The running diff is not restarted (beside a busy writer it would never end): the next one
        // starts where the appends begin once it has ended.
        #expect(reduce(&s, .headsChanged([0...1000, 0...999])).isEmpty)
        #expect(reduce(&s, .headsChanged([0...1001, 0...999])).isEmpty)
        #expect(s.differences.pendingRestart == 1000)
        let effects = reduce(&s, .differencesFound(serial: 0, [CompareDifference(offsets: 999...999, verdict: .absent)], frontier: 1000, finished: true))
        #expect(effects == [.indexDifferences(serial: 1, from: 999, through: 1001)], "the absent run at the old end is found again, whole")
        #expect(s.differences.total == 2 && s.differences.pendingRestart == nil)
        _ = reduce(&s, .differencesFound(serial: 1, [CompareDifference(offsets: 999...1001, verdict: .absent)], frontier: 1002, finished: true))
        #expect(s.differences.runs.map(\.offsets) == [5...5, 999...1001])
        #expect(s.differences.complete)
    }

    @Test func rescanDiffsEverythingAgain() throws {
        var s = state()
        #expect(try press("r", &s) == [.rescan])
        #expect(reduce(&s, .rescanned([0...99, 0...99, 0...79])) == [.indexDifferences(serial: 1, from: 0, through: 99)])
        #expect(s.differences.total == 3 && !s.differences.complete)
        _ = reduce(&s, .differencesFound(serial: 1, [CompareDifference(offsets: 40...40, verdict: .diverge)], frontier: 100, finished: true))
        #expect(s.differences.runs == [CompareDifference(offsets: 40...40, verdict: .diverge)] && s.differences.total == 1)
    }

    @Test func differingBytesAreThoseAnotherFrameHoldsOtherwiseOrLacks() throws {
        func side(_ bytes: [UInt8]) -> CompareDetail.Side {
            let row = RowData(
                offset: 0, relativeOffset: 0, position: 0, frameSize: UInt64(bytes.count), valueLength: nil, verdict: .readable, value: nil, note: "")
            return CompareDetail.Side(row: row, file: "0.store", frameBytes: bytes, frameByteCount: UInt64(bytes.count), problem: nil)
        }
        let detail = CompareDetail(offset: 0, row: nil, sides: [side([1, 2, 3, 4, 5]), side([1, 9, 3, 4]), nil, side([])])
        #expect(detail.differingRanges(of: 0) == [1..<2, 4..<5])
        #expect(detail.differingRanges(of: 1) == [1..<2])
        #expect(detail.differingRanges(of: 2).isEmpty)
    }
}
