import ArgumentParser
import LogCore

/// The `logscope` command: inspect, check and write proglog-format commit logs.
@main
struct Logscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logscope",
        abstract: "Inspect, check and write proglog-format commit logs.",
        usage: """
            logscope [DIR]                 browse a log (no DIR: a built-in demo)
            logscope <subcommand> ...
            """,
        discussion: """
            A log is a directory of <base>.store and <base>.index files, as written by the Go reference
            (travisjeffery/proglog, internal/log). Data goes to stdout, diagnostics to stderr.
            """,
        subcommands: [
            InspectCommand.self, DumpCommand.self, CheckCommand.self, DiffCommand.self, StatCommand.self, TailCommand.self, RepairCommand.self,
            AppendCommand.self,
            WriteCommand.self,
        ],
        defaultSubcommand: InspectCommand.self
    )

    /// Raises the open-file limit first (a reader holds two files per segment it reads; the usual
    /// soft limit is 1024), then parses and runs the command.
    static func main() {
        OpenFileLimit.raiseToHardLimit()
        main(nil)
    }
}
