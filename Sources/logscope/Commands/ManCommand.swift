import ArgumentParser
import InspectorCore
import LogCore
import LogInspection

/// `logscope man`: the manual page, made from every command's own help.
struct ManCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man",
        abstract: "Print logscope's manual page (roff) to stdout.",
        discussion: HelpText.reflowed(
            """
            The page holds every command and option, from the same text as --help.

            Examples:
              logscope man | man -l -
              logscope man > ~/.local/share/man/man1/logscope.1
            """)
    )

    func run() throws {
        let page = try ManualPage(
            Logscope.self, version: "logscope \(LogscopeVersion.current)",
            synopsis: [#"\fBlogscope\fR [\fIdirectory\fR] [\fIoptions\fR]"#, #"\fBlogscope\fR \fIcommand\fR [\fIarguments\fR]"#],
            exitStatus: [
                ("0", "Success; for check, the log is clean (info findings allowed)."),
                (
                    "1",
                    "check found warnings or errors; dump could not read a record it was asked for, or found no segment; diff found differences; stat on a node directory could not read raft/stable or a snapshot's meta.json."
                ),
                ("2", "An I/O error, or a log that cannot be opened or written (the message says which file and why)."),
                ("64", "A usage error: an unknown option, a bad value, or an argument that is not valid UTF-8."),
            ],
            keys: KeyBindings.manualSections.map { ($0.title, $0.bindings.map { ($0.keys, $0.action) }) })
        var output = StandardOutput()
        output.write(page.roff, newline: false)
        output.flush()
    }
}
