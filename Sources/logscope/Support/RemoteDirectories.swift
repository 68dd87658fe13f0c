import Glibc
import LogCore
import LogInspection

/// Directory arguments that name directories on other machines (`ssh://host/path`, `host:/path`, or
/// any path with `--via`): each gets a running agent there, and its path is routed to it
/// (``LogCore/FileAccessRoutes``), so the command reads it as it reads a local one.
enum RemoteDirectories {
    /// `argument` ready to open: itself when local, else the remote directory as the user wrote it,
    /// once its agent answers.
    ///
    /// - Throws: exit code 2, after a message on stderr, when the agent cannot be started or reached.
    static func resolve(_ argument: String, _ options: RemoteOptions) throws -> String {
        try resolve([argument], options)[0]
    }

    /// Each of `arguments` resolved (one agent per remote directory, one launcher for them all).
    static func resolve(_ arguments: [String], _ options: RemoteOptions) throws -> [String] {
        let words = options.via.map(ShellQuoting.split)
        if let words, words.isEmpty { try fail("--via: give the command that runs `logscope agent` on the other machine") }
        // Made at the first remote directory: a command on local ones pays nothing for it.
        var launcher: AgentLauncher?
        return try arguments.map { (argument) throws -> String in
            guard let location = try ExitCodes.guarding({ try RemoteLocation.parse(argument, via: words, existsLocally: { access($0, F_OK) == 0 }) })
            else { return argument }
            let starter =
                launcher
                ?? AgentLauncher(
                    sshCommand: RemoteLocation.sshCommand(environment: environment()), mayPush: !options.noPush,
                    agentToPush: AgentUpload.besideThisExecutable(), note: { StandardError.print("logscope: " + $0) })
            launcher = starter
            return try ExitCodes.guarding {
                let connection = try starter.connect(location)
                // Routed by machine and the agent's directory: two directories on one machine get an
                // agent each, and each path reaches the one that serves it.
                let access = RemoteFileAccess(connection: connection, prefix: location.prefix)
                FileAccessRoutes.register(prefix: location.prefix + location.agentRoot, access: access)
                return location.spelled
            }
        }
    }

    /// Refuses `argument` when it names a directory on another machine: logscope writes only here.
    static func refuseRemote(_ argument: String, command: String) throws {
        guard (try? RemoteLocation.parse(argument, via: nil, existsLocally: { access($0, F_OK) == 0 })) != nil || argument.hasPrefix("ssh://") else {
            return
        }
        try fail("\(command): \(argument) is on another machine; logscope writes only directories on this one (read it there with `logscope dump`, `check`, …)")
    }

    private static func environment() -> [String: String] {
        var values: [String: String] = [:]
        if let ssh = getenv("LOGSCOPE_SSH") { values["LOGSCOPE_SSH"] = String(cString: ssh) }
        return values
    }

    private static func fail(_ message: String) throws -> Never {
        StandardError.print("logscope: " + message)
        throw ExitCodes.failure
    }
}
