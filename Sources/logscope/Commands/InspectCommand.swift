import ArgumentParser
import InspectorCore
import InspectorTerminal
import LogCore
import LogInspection

/// `logscope [DIR]`: the full-screen inspector (the default command).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Browse a log directory in a full-screen terminal inspector (the default command).",
        discussion: HelpText.reflowed(
            """
            Never modifies the directory. Without DIR, opens a built-in demo log (text, JSON and binary
            records, a damaged segment, a stray file) in a temporary directory that a background writer
            keeps appending to, in follow mode; it is removed on exit. Press ? inside for every key.

            On a node's data directory of the replicated service (log/, raft/log/, raft/snapshots/) it
            opens the data log; L lists the node's logs, each snapshot's state.bin among them.

            With two or more directories (log directories, or node directories) it compares them side
            by side, offset by offset, as `logscope diff` does: e steps through the differences, Enter
            shows each directory's frame with the differing bytes marked, L lists the nodes' logs.

            Examples:
              logscope ./log
              logscope ./log --snapshot 160x48 --keys ':42<Enter>]'
              logscope node-0 node-1 node-2             # compare replicas
              logscope                                  # the demo
            """)
    )

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Argument(
        help:
            "The log directory or a node's data directory (default: a built-in demo); two or more to compare them; on another machine: ssh://[user@]host[:port]/path or host:/path."
    )
    var directories: [String] = []

    @OptionGroup var remote: RemoteOptions

    @Option(help: "Render one frame of this size (e.g. 160x48) as plain text to stdout and exit.")
    var snapshot: String?

    @Option(help: "Keys to press before the snapshot, e.g. ':42<Enter>' or 'jj]<Tab>'. See ? in the inspector.")
    var keys: String?

    @Option(help: "auto (honours NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "The MaxIndexBytes the Go reference would reopen with (for the prediction under ! ; default: inferred from the files).")
    var referenceMaxIndexBytes: UInt64?

    func validate() throws {
        if directories.count > ReplicaDiff.maxDirectories { throw ValidationError("the inspector compares at most \(ReplicaDiff.maxDirectories) directories") }
        if let snapshot, Size(parsing: snapshot) == nil {
            throw ValidationError("--snapshot takes a size like 160x48, not \(snapshot)")
        }
        if keys != nil, snapshot == nil { throw ValidationError("--keys goes with --snapshot") }
        if let keys {
            do { _ = try KeyNotation.parse(keys) } catch { throw ValidationError("--keys: \(error)") }
        }
    }

    mutating func run() throws {
        directories = try RemoteDirectories.resolve(directories, remote)
        if directories.count > 1 { return try compare() }
        let directory = directories.first
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
        // the terminal (and with the screen untouched). A bare word that names nothing was most likely
        // meant as a subcommand.
        if let directory, !directory.contains("/"), FileSystem.kind(of: directory) == .missing {
            let commands = Logscope.configuration.subcommands.map { $0.configuration.commandName ?? "" }.filter { !$0.isEmpty }
            StandardError.print(
                "logscope: \(directory): no such directory, and not a subcommand (\(commands.joined(separator: ", "))); see `logscope --help`")
            throw ExitCodes.failure
        }
        try ExitCodes.guarding { try LogDirectory.checkOpenable(path) }
        let signals = StopSignals()
        let terminal = try openTerminal()
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
