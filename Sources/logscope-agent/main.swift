import Glibc
import LogAgent
import LogInspection

// `logscope-agent [--sha256 HEX] DIRECTORY`: what `logscope agent DIRECTORY` runs, alone (the client
// pushes this one to a machine without logscope, with the SHA-256 it must have). It serves
// DIRECTORY on stdin and stdout until stdin ends.
var arguments = Array(CommandLine.arguments.dropFirst())
var digest: String?
if arguments.count == 3, arguments[0] == "--sha256" {
    digest = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
    let usage = "usage: logscope-agent [--sha256 HEX] DIRECTORY\n(started by logscope through ssh or --via; it reads requests on stdin)\n"
    _ = usage.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}
exit(AgentMain.run(root: arguments[0], digest: digest, changes: AgentDirectoryWatches()))
