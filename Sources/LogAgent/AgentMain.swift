import Glibc
import LogCore

/// What `logscope agent DIRECTORY` and the pushed `logscope-agent DIRECTORY` run.
package enum AgentMain {
    /// Serves `root` on stdin and stdout until stdin ends; returns the exit status (2 when `root`
    /// cannot be served, the agent's own bytes are not those of `digest`, or the client sent what is
    /// not a request).
    ///
    /// - Parameter changes: what tells it a directory changed (inotify there).
    /// - Parameter digest: the SHA-256 a pushed agent must have (its executable, `/proc/self/exe`):
    ///   a transport that changed its bytes on the way is caught before anything is served.
    package static func run(root: String, digest: String? = nil, changes: (any DirectoryChangeSource)? = nil) -> Int32 {
        let say = { (line: String) in
            let text = line + "\n"
            _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        if let digest {
            let found = (try? FileSystem.contents(of: "/proc/self/exe")).map(SHA256.hex)
            guard found == digest else {
                say(
                    "logscope agent: the pushed agent arrived changed (SHA-256 \(found ?? "unreadable"), expected \(digest)): "
                        + "the transport alters bytes (a terminal in between? give `docker exec -i` or `kubectl exec -i` without -t)")
                return 2
            }
        }
        let served: AgentRoot
        do {
            served = try AgentRoot(root)
        } catch {
            say("logscope agent: \(error)")
            return 2
        }
        // A client that goes away must end the agent, not kill it mid-write with SIGPIPE's default.
        signal(SIGPIPE, SIG_IGN)
        return AgentServer(root: served, changes: changes).serve(MessageStream(input: STDIN_FILENO, output: STDOUT_FILENO), stderr: say)
    }
}
