import ArgumentParser
import InspectorCore
import InspectorTerminal
import LogInspection

extension InspectCommand {
    /// `logscope DIR DIR…`: the compare view (or, with `--snapshot`, one frame of it).
    func compare() throws {
        let nodes = try ReplicaDirectories.nodes(directories)
        // A missing or unreadable directory is the first thing to say, before any complaint about
        // the terminal (and with the screen untouched).
        if nodes == nil {
            for path in directories { _ = try ExitCodes.guarding { try LogDirectory(path: path) } }
        }
        if let snapshot, let size = Size(parsing: snapshot) {
            try ExitCodes.guarding {
                let runtime = try CompareRuntime(paths: directories, terminal: InMemoryTerminal(size: size))
                runtime.finishBackgroundWork()
                for key in try KeyNotation.parse(keys ?? "") {
                    runtime.handle(.key(key))
                    runtime.finishBackgroundWork()  // each key sees the diff it started
                }
                var output = StandardOutput()
                for line in runtime.frame().lines { output.write(line) }
                output.flush()
            }
            return
        }
        let signals = StopSignals()
        let terminal = try openTerminal()
        defer { terminal.close() }
        let runtime: CompareRuntime
        do {
            runtime = try CompareRuntime(paths: directories, terminal: terminal)
        } catch {
            terminal.close()
            StandardError.print("logscope: \(error)")
            throw ExitCodes.failure
        }
        runtime.run(stopRequested: signals.stopRequested)
    }

    /// The terminal, in the colours `--color` asks for; exits with a message when it cannot be used.
    func openTerminal() throws -> NcursesTerminal {
        do {
            let mode: NcursesTerminal.ColorMode = color == .never ? .never : color == .always ? .always : .automatic
            return try NcursesTerminal(colorMode: mode)
        } catch {
            StandardError.print("logscope: \(error)")
            throw ExitCodes.failure
        }
    }
}
