import ArgumentParser
import LogCore
import LogInspection

/// `logscope tail`: the last records, and with `-f` every record as another process appends it.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the last records of a log; with -f, keep printing records as they are appended.",
        discussion: HelpText.reflowed(
            """
            Read-only, like tail -f: new records are found through validated index entries (inotify wakes
            it up, a short poll covers writes to the mapped index), across segment rolls, truncation of
            old segments, a writer restarting and the directory being reset or recreated. Each record is
            printed exactly once, in offset order. Notes (rolls, resets, damage) go to stderr. Ctrl-C
            exits 0.

            -n N prints the last N records that can be read: entries whose frames are not in the store
            (a crashed log's lost tail) are not counted, and are said on stderr. Without -f: exit 1 when
            the index's last entries have no frame and no writer holds the log (they were lost, as dump
            reports them); a live writer's unflushed entries are only noted.

            On a node's data directory it follows the data log, or the log --log names (JSON then adds
            "log"); records of a Raft log show their term and type as in dump.

            Examples:
              logscope tail ./log -n 20
              logscope tail ./node-0 --log raft/log -f
              logscope tail ./log -f --from end --format jsonl
              logscope tail ./log -f --from 0 --payload hex
            """)
    )

    @Argument(help: "The log directory, or a node's data directory. On another machine: ssh://[user@]host[:port]/path or host:/path.")
    var directory: String

    @OptionGroup var remote: RemoteOptions

    @OptionGroup var node: NodeLogOption

    @Flag(name: .shortAndLong, help: "Follow: keep printing new records until interrupted.")
    var follow = false

    @Option(name: .short, parsing: .unconditional, help: "Start with the last N records (default 10 unless --from is given).")
    var n: UInt64?

    @Option(parsing: .unconditional, help: "start, end, or an offset.")
    var from: String?

    @Option(help: "text, json or jsonl.")
    var format: RecordFormat = .text

    @Option(help: "utf8, hex, base64, proto or none.")
    var payload: RecordPayload = .utf8

    @Option(help: "Report an entry whose frame has not arrived after this many seconds.")
    var pendingTimeout: Double = 2

    func validate() throws {
        if let from, from != "start", from != "end", UInt64(from) == nil {
            throw ValidationError("--from takes start, end or an offset, not \(from)")
        }
        if from != nil, n != nil { throw ValidationError("give -n or --from, not both") }
    }

    var start: LogTailer.Start {
        switch from {
        case "start"?: return .beginning
        case "end"?: return .end
        case let value?: return .offset(UInt64(value) ?? 0)
        case nil: return .last(n ?? 10)
        }
    }

    mutating func run() throws {
        directory = try RemoteDirectories.resolve(directory, remote)
        let signals = StopSignals()
        let (path, log) = try node.resolve(directory)
        if !follow {
            switch FileAccessRoutes.access(for: path).kind(of: path) {
            case .directory:
                break
            case .missing:
                StandardError.print("logscope: \(LogError.noSuchDirectory(path: path))")
                throw ExitCodes.failure
            case .regularFile, .other:
                StandardError.print("logscope: \(LogError.notADirectory(path: path))")
                throw ExitCodes.failure
            }
        }
        let tailer = LogTailer(path: path, start: start, pendingTimeout: pendingTimeout)
        let output = ByteOutput()
        var written = RecordOutput(format: format, payload: payload, log: log)
        written.begin(output)
        defer { written.end(output) }
        // Without -f: exit 1 when the index's last entries have no frame and no writer will bring them.
        var skippedRecords = false
        while !signals.stopRequested() {
            var sawRecords = false
            let events = try ExitCodes.guarding {
                try tailer.poll { record in
                    sawRecords = true
                    written.write(record, to: output)
                }
            }
            for event in events {
                switch event {
                case .waitingForDirectory(let path):
                    if !follow {
                        StandardError.print("logscope: \(LogError.noSuchDirectory(path: path))")
                        throw ExitCodes.failure
                    }
                    StandardError.print("logscope: waiting for \(path) to appear")
                default:
                    StandardError.print("logscope: " + Self.describe(event))
                }
            }
            output.flush()
            // Nowhere to write any more (a full disk, a reader gone): following on would print nothing.
            if output.isClosed {
                try output.exitIfFailed()
                break
            }
            if !follow && !sawRecords { break }
            if !sawRecords { tailer.wait(milliseconds: 100) }
        }
        guard !follow else { return }
        // As dump: a directory with no segment is said, and is status 1 (from the tailer's own listing).
        if let directory = tailer.listedDirectory, directory.segments.isEmpty {
            StandardError.print(directory.noSegmentsNote)
            throw ExitCodes.anomalies
        }
        // An index whose valid entries end at a damaged one: what follows is not read, and said.
        for (base, slot, entry) in try ExitCodes.guarding({ try tailer.damagedIndexEnds() }) {
            StandardError.print(
                "logscope: \(base).index: the entry at slot \(slot) is not valid (relative offset \(entry.relativeOffset), position \(entry.position)), "
                    + "so the entries after it are not read; `logscope check` names the damage and `logscope dump` reads past it")
            skippedRecords = true
        }
        // The index's last entries whose frames are not in the store: said, not dropped in silence.
        if let (offsets, reason) = try ExitCodes.guarding({ try tailer.undeliveredTail() }) {
            let live = tailer.isHeldByWriter
            let why =
                live ? "a writer holds the log and has not flushed them yet (-f prints them as they arrive)" : "no writer holds the log, so they were lost"
            let first =
                offsets.lowerBound == offsets.upperBound
                ? reason : "the index holds entries whose frames are not in the store (offset \(offsets.lowerBound): \(reason))"
            StandardError.print("logscope: \(live ? "not yet written" : "skipped") \(offsets.offsetText()) at the end: \(first); \(why)")
            // Pending entries of a live writer are not damage; lost ones are, as dump counts them.
            if !live { skippedRecords = true }
        }
        if skippedRecords { throw ExitCodes.anomalies }
    }

    static func describe(_ event: WatchEvent) -> String {
        switch event {
        case .records(let records): return "\(records.count) records"
        case .segmentRolled(let base): return "segment rolled: now writing \(base).store"
        case .segmentsRemoved(let bases, let lowest):
            return "segments removed (truncate): \(bases.map(String.init).joined(separator: ", ")); the log now starts at \(lowest.map(String.init) ?? "-")"
        case .reset(let reason, let next): return "reset: \(reason); continuing at offset \(next)"
        case .waitingForDirectory(let path): return "waiting for \(path) to appear"
        case .pendingTooLong(let offset, let seconds):
            return "offset \(offset) has been indexed for \(Int(seconds)) s but its frame is not in the store (writer buffering, or lost)"
        case .historyChanged(let segment, let offset, let detail):
            return "history changed in segment \(segment) at offset \(offset): \(detail)"
        case .pendingAbandoned(let offset, let reason): return "pending offset \(offset) abandoned: \(reason)"
        case .skipped(let offsets, let reason): return "skipped \(offsets.offsetText()): \(reason)"
        case .damaged(let offset, let segment, let reason): return "skipped offset \(offset) of segment \(segment): \(reason)"
        case .dropped(let count, let resume): return "fell behind: skipped \(count) records, resuming at \(resume)"
        }
    }
}
