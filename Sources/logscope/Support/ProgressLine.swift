import Glibc
import LogCore
import LogInspection

/// One line on stderr that says how far long work has got (`checking: 41210 of 99818 segments
/// (41%) · ~2 s left`), redrawn in place four times a second by a thread of its own, only when stderr
/// is a terminal and the work has run for a second: nothing when piped, nothing for quick work. It
/// is erased when the work ends, and before any other line goes to stderr (``StandardError``), so
/// messages never mix with it.
final class ProgressLine: Sendable {
    /// Whether a progress line is on the terminal now; held while writing to stderr.
    private static let terminal = Locked(false)

    private let finished = Locked(false)
    private let worker: WorkerThread?

    /// Starts showing `describe()` (a line without a newline; `nil` shows nothing this time).
    init(_ describe: @escaping @Sendable () -> String?) {
        let environment = getenv("TERM").map { String(cString: $0) }
        guard isatty(2) == 1, environment != "dumb" else {
            worker = nil
            return
        }
        let finished = self.finished
        worker = try? WorkerThread(name: "progress") {
            let start = ContinuousClock.now
            var ticks = 0
            // Wakes every 25 ms, so that ``finish()`` never waits long; draws every tenth time.
            while !finished.withLock({ $0 }) {
                usleep(25_000)
                ticks += 1
                guard ticks % 10 == 0, ContinuousClock.now - start >= .seconds(1), !finished.withLock({ $0 }), let text = describe() else {
                    continue
                }
                Self.terminal.withLock { shown in
                    Self.write("\r\u{1B}[K" + Self.fitted(text))
                    shown = true
                }
            }
        }
    }

    /// Stops the line and erases it.
    func finish() {
        finished.withLock { $0 = true }
        worker?.join()
        Self.erase()
    }

    /// Erases the line if one is shown.
    static func erase() { writeAbove("") }

    /// Writes `text` to stderr, erasing the progress line first if one is shown (``StandardError``
    /// writes every line through here).
    static func writeAbove(_ text: String) {
        terminal.withLock { shown in
            if shown { write("\r\u{1B}[K") }
            shown = false
            if !text.isEmpty { write(text) }
        }
    }

    /// `text` cut to the terminal's width (one column spare, so the cursor never wraps).
    private static func fitted(_ text: String) -> String {
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        return String(text.prefix(max(10, columns - 1)))
    }

    private static func write(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count - 1) }
    }

    /// `(p%) · ~N s left` for `done` of `total` from the time so far.
    static func share(done: Int, of total: Int, since start: ContinuousClock.Instant) -> String {
        guard total > 0 else { return "" }
        var text = "(\(done * 100 / total)%)"
        let seconds = RoughDuration.seconds(ContinuousClock.now - start)
        if done > 0, done < total, seconds > 0 {
            text += " · ~" + RoughDuration.format(seconds * Double(total - done) / Double(done)) + " left"
        }
        return text
    }
}

extension ProgressLine {
    /// A line for work that passes over a directory's segments and counts them in `progress`: one
    /// verb per pass (`["checking", "copying"]` for a repair): `checking: 41210 of 99818 segments (41%)
    /// · ~2 s left`.
    static func segments(_ progress: CheckProgress, verbs: [String]) -> ProgressLine {
        let start = Locked((pass: 0, at: ContinuousClock.now))
        return ProgressLine {
            let (done, total) = progress.segments
            let pass = progress.passes
            guard pass > 0, total > 0 else { return nil }
            // Each pass's time left is measured from its own start.
            let since = start.withLock { current in
                if current.pass != pass { current = (pass, ContinuousClock.now) }
                return current.at
            }
            return verbs[min(pass, verbs.count) - 1] + ": \(done) of \(total) segments " + share(done: done, of: total, since: since)
        }
    }
}

extension IntegrityChecker {
    /// Runs the check, with a progress line on a terminal while it takes more than a second.
    func runShowingProgress() throws(LogError) -> Report {
        var checker = self
        let progress = CheckProgress()
        checker.progress = progress
        let line = ProgressLine.segments(progress, verbs: ["checking"])
        defer { line.finish() }
        return try checker.run()
    }
}
