import ArgumentParser
import LogCore
import LogInspection

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
        discussion: HelpText.reflowed(
            """
            A log is a directory of <base>.store and <base>.index files, as written by the Go reference
            (travisjeffery/proglog, internal/log). Data goes to stdout, diagnostics to stderr.
            """),
        version: "logscope \(LogscopeVersion.current)",
        subcommands: [
            InspectCommand.self, DumpCommand.self, CheckCommand.self, DiffCommand.self, StatCommand.self, TailCommand.self, RepairCommand.self,
            AppendCommand.self, WriteCommand.self, AgentCommand.self, ManCommand.self,
        ],
        defaultSubcommand: InspectCommand.self
    )

    /// Refuses an argument that is not UTF-8 (exit 64, as for other usage errors), raises the
    /// open-file limit (a reader holds two files per segment it reads; the usual soft limit is
    /// 1024), then parses and runs the command.
    static func main() {
        if let (position, bytes) = RawArguments.firstInvalidUTF8() {
            StandardError.print(RawArguments.refusal(position: position, bytes: bytes))
            exit(withError: ExitCode.validationFailure)
        }
        OpenFileLimit.raiseToHardLimit()
        main(nil)
    }
}
