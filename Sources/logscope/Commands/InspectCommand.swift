import ArgumentParser
import InspectorCore
import InspectorTerminal
import LogCore

/// `logscope [DIR]`: the full-screen inspector (the default command).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Browse a log directory in a full-screen terminal inspector (the default command).",
        discussion: """
            Never modifies the directory. Without DIR, opens a built-in demo log (text, JSON and binary
            records, a damaged segment, a stray file) in a temporary directory that a background writer
            keeps appending to, in follow mode; it is removed on exit. Press ? inside for every key.

            On a node's data directory of the replicated service (log/, raft/log/, raft/snapshots/) it
            opens the data log; L lists the node's logs, each snapshot's state.bin among them.

            Examples:
              logscope ./log
              logscope ./log --snapshot 160x48 --keys ':42<Enter>]'
              logscope                                  # the demo
            """
    )

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Argument(help: "The log directory or a node's data directory (default: a built-in demo).")
    var directory: String?

    @Option(help: "Render one frame of this size (e.g. 160x48) as plain text to stdout and exit.")
    var snapshot: String?

    @Option(help: "Keys to press before the snapshot, e.g. ':42<Enter>' or 'jj]<Tab>'. See ? in the inspector.")
    var keys: String?

    @Option(help: "auto (honours NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction under ! ; default: inferred from the files).")
    var referenceMaxIndexBytes: UInt64?

    func validate() throws {
        if let snapshot, Size(parsing: snapshot) == nil {
            throw ValidationError("--snapshot takes a size like 160x48, not \(snapshot)")
        }
        if keys != nil, snapshot == nil { throw ValidationError("--keys goes with --snapshot") }
        if let keys {
            do { _ = try KeyNotation.parse(keys) } catch { throw ValidationError("--keys: \(error)") }
        }
    }

    func run() throws {
        let demo = directory == nil ? try ExitCodes.guarding { try DemoLog.create() } : nil
        defer { demo.map(DemoLog.remove) }
        let path = directory ?? demo!
        if let snapshot, let size = Size(parsing: snapshot) {
            try ExitCodes.guarding {
                let terminal = InMemoryTerminal(size: size)
                let runtime = try InspectorRuntime(path: path, terminal: terminal, referenceMaxIndexBytes: referenceMaxIndexBytes)
                runtime.finishBackgroundWork()
                for key in try KeyNotation.parse(keys ?? "") {
                    runtime.handle(.key(key))
                    runtime.finishSearch()  // each key sees the search's answer to the one before
                }
                // A snapshot shows the settled screen: a check that `r` started again has finished.
                runtime.finishBackgroundWork()
                var output = StandardOutput()
                for line in runtime.frame().lines { output.write(line) }
                output.flush()
            }
            return
        }
        // A missing or unreadable directory is the first thing to say, before any complaint about
        // the terminal (and with the screen untouched).
        _ = try ExitCodes.guarding { try LogDirectory(path: path) }
        let signals = StopSignals()
        let terminal: NcursesTerminal
        do {
            let mode: NcursesTerminal.ColorMode = color == .never ? .never : color == .always ? .always : .automatic
            terminal = try NcursesTerminal(colorMode: mode)
        } catch {
            StandardError.print("logscope: \(error)")
            throw ExitCodes.failure
        }
        defer { terminal.close() }
        let runtime: InspectorRuntime
        let writer: DemoWriter?
        do {
            writer = demo == nil ? nil : try DemoWriter(path: path)
            runtime = try InspectorRuntime(path: path, terminal: terminal, referenceMaxIndexBytes: referenceMaxIndexBytes)
        } catch {
            terminal.close()
            StandardError.print("logscope: \(error)")
            throw ExitCodes.failure
        }
        defer { writer?.stop() }
        if writer != nil {
            runtime.markDemo()
            runtime.handle(.key(.character("f")))
        }
        runtime.run(stopRequested: signals.stopRequested)
    }
}
