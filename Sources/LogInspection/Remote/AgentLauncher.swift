import LogCore

/// Starts the agent for a remote directory: the one installed there when it is of this release,
/// else the `logscope-agent` beside this logscope, pushed through the same transport for the
/// session (unless pushing is refused). One launcher serves every directory of a command: the agent
/// to push is read and hashed once.
package final class AgentLauncher {
    /// The ssh command and options (``RemoteLocation/sshCommand(environment:)``).
    package var sshCommand: [String]
    /// Whether an agent may be pushed (`--no-push` says no).
    package var mayPush: Bool
    /// The agent to push, when there is one (``AgentUpload/besideThisExecutable()``).
    package var agentToPush: String?
    /// Where notes for the user go (stderr).
    package var note: (String) -> Void
    /// The agent to push, once read.
    private var upload: AgentUpload?

    package init(sshCommand: [String], mayPush: Bool, agentToPush: String?, note: @escaping (String) -> Void) {
        self.sshCommand = sshCommand
        self.mayPush = mayPush
        self.agentToPush = agentToPush
        self.note = note
    }

    /// A connection to an agent of this release serving `location`'s directory.
    ///
    /// - Throws: ``LogCore/LogError/remote(location:reason:)`` when none can be started: the
    ///   transport fails, or the machine has no agent of this release and none may be pushed.
    package func connect(_ location: RemoteLocation) throws(LogError) -> AgentConnection {
        let why: String
        do {
            let installed = try AgentConnection(command: location.command(sshCommand: sshCommand), location: location.spelled)
            guard installed.release != LogscopeVersion.current else { return installed }
            installed.close()
            why = "its logscope agent is release \(installed.release), this logscope is \(LogscopeVersion.current)"
        } catch  where error.agentMissing {
            why =
                error.otherProtocol != nil
                ? "its logscope agent speaks another protocol" : "it has no `logscope` on the PATH its shell gives commands"
        } catch {
            throw error.error
        }
        guard mayPush else {
            throw LogError.remote(
                location: location.spelled,
                reason: "\(why); install logscope \(LogscopeVersion.current) there, or leave out --no-push to push the agent for the session")
        }
        guard let agentToPush else {
            throw LogError.remote(
                location: location.spelled,
                reason: "\(why), and no logscope-agent lies beside this logscope to push; install logscope \(LogscopeVersion.current) there")
        }
        let upload: AgentUpload
        if let read = self.upload {
            upload = read
        } else {
            upload = try AgentUpload(path: agentToPush)
            self.upload = upload
        }
        note("\(location.spelled): \(why); pushing the agent (\(upload.sizeDescription)) for this session")
        do {
            let command = location.command(running: ["sh", "-c", upload.script(root: location.agentRoot)], sshCommand: sshCommand)
            return try AgentConnection(command: command, location: location.spelled, upload: upload)
        } catch {
            throw error.error
        }
    }
}
