import ArgumentParser
import LogAgent
import LogInspection

/// `logscope agent DIR`: the read-only file server another logscope starts on this machine.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Serve a directory read-only on stdin and stdout to a logscope on another machine.",
        discussion: HelpText.reflowed(
            """
            logscope starts this itself, through ssh for ssh://host/path and host:/path arguments, or
            through the command given with --via. It lists, stats and reads files under DIR (never
            outside it, symbolic links resolved), and looks through this machine's /proc for writers.
            It opens files read-only and never writes, creates, locks or maps one. It ends when its
            stdin ends; exit status 2 when DIR cannot be served or a request is not one.
            """)
    )

    @Argument(help: "The directory to serve (a log directory or a node's data directory).")
    var directory: String

    func run() throws {
        let status = AgentMain.run(root: directory, changes: AgentDirectoryWatches())
        if status != 0 { throw ExitCode(status) }
    }
}
