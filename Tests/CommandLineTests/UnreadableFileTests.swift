import Foundation
import TestSupport
import Testing

@testable import LogInspection

/// One segment file that cannot be opened (permissions, an I/O error) is a `DIR-UNREADABLE-FILE`
/// finding for that file, and `check`, `stat`, `dump` and the inspector go on with the rest of the
/// directory. The commands run as `nobody` (as root, permissions do not apply), as in
/// ``HostileInputTests``; the library is tested in-process through a write-only sysfs file, which
/// not even root may open for reading.
@Suite struct UnreadableFileTests {
    /// `golden/small` (segments 0, 11 and 34; offsets 0…49) with `file` unreadable for `nobody`.
    func smallLog(in dir: TemporaryDirectory, unreadable file: String) throws -> String {
        chmod(dir.path, 0o755)
        let path = try dir.copy(TestPaths.golden + "/small")
        chmod(path + "/" + file, 0)
        return path
    }

    func run(_ arguments: [String]) throws -> CommandResult {
        try Logscope.run(arguments, through: HostileInputTests.unprivileged)
    }

    @Test(.enabled(if: HostileInputTests.canRunUnprivileged, "the unprivileged user cannot run the built binary"))
    func aStoreNobodyMayReadIsAFindingAndEveryCommandGoesOnWithTheRest() throws {
        let dir = TemporaryDirectory()
        let path = try smallLog(in: dir, unreadable: "11.store")
        let before = DirectorySnapshot(path)

        let check = try run(["check", path])
        #expect(check.status == 1, "\(check.stderr)")
        let finding =
            "DIR-UNREADABLE-FILE error 11.store: cannot be read; segment 11's records were not checked "
            + "(expected a file this user may read, found open failed: Permission denied (errno 13))"
        #expect(check.stdout.hasPrefix(finding + "\n1 error, 0 warnings: 3 segments, 27 records"), "\(check.stdout)")
        // Where segment 11's offsets end is unknown: no gap or overlap is made up around it.
        #expect(!check.stdout.contains("DIR-SEGMENT-GAP"), "\(check.stdout)")
        #expect(check.stdout.contains("it would fail opening segment 11 if it ran as this user, who cannot read 11.store"), "\(check.stdout)")
        let explained = try run(["check", path, "--explain"])
        #expect(explained.stdout.contains("Fix: run as the log's owner, or grant read access"), "\(explained.stdout)")

        let stat = try run(["stat", path])
        #expect(stat.status == 0, "\(stat.stderr)")
        let row = stat.stdout.split(separator: "\n").first { $0.hasPrefix("11 ") }.map(String.init)
        #expect(
            row?.split(separator: " ").map(String.init) == ["11", "11...?", "?", "?", "?", "?", "1.0", "KiB", "276", "B", "?", "unreadable"], "\(stat.stdout)")
        #expect(stat.stdout.contains("\n" + finding + "\n"), "\(stat.stdout)")
        let statJSON = try run(["stat", path, "--json"])
        #expect(statJSON.stdout.contains("\"state\":\"unreadable\",\"unreadable_files\":[\"11.store\"]"), "\(statJSON.stdout)")

        let dump = try run(["dump", path, "--format", "jsonl"])
        #expect(dump.status == 1)
        #expect(dump.stderr == "logscope: 11.store cannot be read, so its records came as errors; run as the log's owner, or grant read access (chmod)\n")
        let lines = dump.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 50)
        for (offset, line) in lines.enumerated() {
            if (11...33).contains(offset) {
                #expect(line.hasSuffix("\"value\":null,\"error\":\"11.store cannot be read: Permission denied (errno 13)\"}"), "\(line)")
            } else {
                #expect(!line.contains("error"), "\(line)")
            }
        }

        let inspector = try run(["--snapshot", "160x30", "--keys", "e", path])
        #expect(inspector.status == 0, "\(inspector.stderr)")
        #expect(inspector.stdout.contains("│ ✖ 11       unreadable            ?   1064    276     ? "), "\(inspector.stdout)")
        #expect(inspector.stdout.contains("0 records + 1 anomaly"), "\(inspector.stdout)")
        #expect(inspector.stdout.contains("│ ▶ 11.store cannot be read: open failed: Permission denied (errno 13)"), "\(inspector.stdout)")
        #expect(inspector.stdout.contains("DIR-UNREADABLE-FILE error"), "\(inspector.stdout)")
        let anomalies = try run(["--snapshot", "160x30", "--keys", "!", path])
        #expect(anomalies.stdout.contains("DIR-UNREADABLE-FILE error 11.store  cannot be read;"), "\(anomalies.stdout)")

        // tail reads only the newest segment, which is readable.
        let tail = try run(["tail", path])
        #expect(tail.status == 0 && tail.stdout.contains("offset 49"), "\(tail.stderr)")

        chmod(path + "/11.store", 0o644)
        #expect(DirectorySnapshot(path) == before)
        #expect(try Logscope.run(["check", path]).status == 0)
    }

    @Test(.enabled(if: HostileInputTests.canRunUnprivileged, "the unprivileged user cannot run the built binary"))
    func anIndexNobodyMayReadStandsForItsSegmentAsOneErrorRow() throws {
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o777)  // nobody may create the repair's output here
        let path = try smallLog(in: dir, unreadable: "11.index")
        let before = DirectorySnapshot(path)

        let check = try run(["check", path, "--json"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\"id\":\"DIR-UNREADABLE-FILE\",\"severity\":\"error\",\"file\":\"11.index\""), "\(check.stdout)")

        let dump = try run(["dump", path, "--from", "9", "--limit", "4"])
        #expect(dump.status == 1)
        #expect(
            dump.stdout.split(separator: "\n").map { $0.prefix(40) } == [
                "offset 9  segment 0  pos 757  size 139  ", "offset 10  segment 0  pos 896  size 141 ",
                "offset 11  segment 11  pos 0  size 0  ER", "offset 34  segment 34  pos 0  size 79  l",
            ], "\(dump.stdout)")
        #expect(dump.stdout.contains("ERROR 11.index cannot be read: Permission denied (errno 13); the records of segment 11 cannot be listed"))
        let inside = try run(["dump", path, "--from", "15", "--to", "15"])
        #expect(inside.status == 1)
        #expect(inside.stdout.hasPrefix("offset 15  segment 11  pos 0  size 0  ERROR 11.index cannot be read"), "\(inside.stdout)")
        let past = try run(["dump", path, "--from", "34", "--limit", "1"])
        #expect(past.status == 0, "the unreadable segment is not read: \(past.stderr)")

        let stat = try run(["stat", path])
        #expect(stat.status == 0 && stat.stdout.contains("unreadable"), "\(stat.stdout)")
        let inspector = try run(["--snapshot", "160x30", "--keys", "e", path])
        #expect(inspector.status == 0)
        #expect(inspector.stdout.contains("│ ▶ 11.index cannot be read: open failed: Permission denied (errno 13)"), "\(inspector.stdout)")

        // A follower cannot skip records, and a repair without them would look whole: both stop.
        let tail = try run(["tail", path, "--from", "start"])
        #expect(tail.status == 2)
        #expect(tail.stderr.contains("11.index: open failed: Permission denied (errno 13); run as a user who may read"), "\(tail.stderr)")
        let repair = try run(["repair", path, "--output", dir.child("repaired")])
        #expect(repair.status == 2)
        #expect(repair.stderr.contains("11.index: open failed: Permission denied"), "\(repair.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.child("repaired")), "nothing is written")

        chmod(path + "/11.index", 0o644)
        #expect(DirectorySnapshot(path) == before)
    }

    @Test(.enabled(if: UnopenableFile.isAvailable, "no write-only sysfs file to stand for an unreadable one"))
    func theCheckerStatisticsAndReplayGoOnPastAFileThatCannotBeOpened() throws {
        let dir = TemporaryDirectory()
        let path = try dir.copy(TestPaths.golden + "/small")
        try FileManager.default.removeItem(atPath: path + "/11.store")
        try FileManager.default.createSymbolicLink(atPath: path + "/11.store", withDestinationPath: UnopenableFile.path)
        let directory = try LogDirectory(path: path)
        let segment = directory.segments[1]
        #expect(try segment.unreadableFiles().map(\.description) == ["11.store cannot be read: Permission denied (errno 13)"])
        // Until released, the store reads as empty rather than failing each read.
        #expect(try segment.storeBytes(at: 0, count: 8) == [])
        #expect(try segment.frame(at: 0).fields == nil)
        segment.closeFiles()

        for quick in [false, true] {
            let report = try IntegrityChecker(directory: directory, live: false, quick: quick).run()
            #expect(report.findings.map(\.id) == [.unreadableFile], "quick \(quick)")
            #expect(report.findings.first?.file == "11.store")
            #expect(report.segments.map(\.unreadableFiles) == [[], ["11.store"], []])
            #expect(report.segments.map(\.intactCount) == [11, 0, 16])
            #expect(report.bytesChecked == 1037 + 132 + 894 + 192, "the unreadable segment's bytes were not checked")

            let stats = try LogStatistics(directory: directory, report: report)
            #expect(stats.rows.map(\.state) == ["ok", "unreadable", "ok"])
            #expect(stats.records == 27)

            let prediction = try ReferenceReplay(directory: directory).run(report: report)
            #expect(prediction.openFailure?.hasPrefix("it would fail opening segment 11 if it ran as this user, who cannot read 11.store") == true)
        }
        // Offset 11 is read through the readable index: its store's failure is the record's problem.
        let record = try #require(try directory.record(at: 11))
        #expect(record.problem?.description == "11.store cannot be read: Permission denied (errno 13)")
        #expect(record.value == nil)

        // Once the file can be read (here: the link points at a readable file), a rescan, which
        // invalidates the caches, reads it.
        try FileManager.default.removeItem(atPath: path + "/11.store")
        try FileManager.default.createSymbolicLink(atPath: path + "/11.store", withDestinationPath: TestPaths.golden + "/small/11.store")
        #expect(try segment.unreadableFiles().count == 1, "remembered until the caches are invalidated")
        segment.invalidateCaches()
        #expect(try segment.unreadableFiles().isEmpty)
        let reread = try directory.record(at: 11)
        #expect(reread?.problem == nil, "\(String(describing: reread?.problem))")
    }

    @Test func onlyFailuresOfTheFileItselfAreFindings() {
        #expect(UnreadableFile.isFileLevel(EACCES) && UnreadableFile.isFileLevel(EPERM) && UnreadableFile.isFileLevel(EIO))
        // A file removed since the listing, or a limit of this process, stays an error of the run.
        for code in [ENOENT, ENOTDIR, EMFILE, ENFILE, ENOMEM] { #expect(!UnreadableFile.isFileLevel(code), "\(code)") }
    }
}
