import Glibc
import LogCore

/// The agent pushed to a machine that has no agent of this release: the bytes of the
/// `logscope-agent` executable that lies beside `logscope` (static: it needs nothing there beyond
/// the kernel), and the shell script that receives them.
///
/// The script makes a private temporary directory, takes exactly the agent's bytes from stdin
/// (`head -c`), says ``readyLine``, and runs the agent with the SHA-256 it must have: the agent
/// checks its own bytes against it before it serves anything, so a transport that changes bytes (a
/// terminal in between) is caught. The directory is removed when the agent ends or the connection
/// drops.
package struct AgentUpload: Sendable {
    /// What the script says once the agent's bytes are in place.
    package static let readyLine = "logscope-agent ready"

    /// Where the bytes were read from.
    package let path: String
    package let bytes: [UInt8]
    /// Their SHA-256, lowercase hex.
    package let digest: String

    /// Reads the agent at `path`.
    package init(path: String) throws(LogError) {
        self.path = path
        bytes = try FileSystem.contents(of: path, limit: 256 << 20)
        digest = SHA256.hex(bytes)
    }

    /// The `logscope-agent` beside the running executable, or `nil` when there is none.
    package static func besideThisExecutable() -> String? {
        guard let executable = FileSystem.linkTarget("/proc/self/exe"), let slash = executable.lastIndex(of: "/") else { return nil }
        let agent = String(executable[..<slash]) + "/logscope-agent"
        return access(agent, X_OK) == 0 ? agent : nil
    }

    /// The POSIX shell script that receives the agent on stdin and runs it on `root`; its exit
    /// status is the agent's (125 when the agent could not be put in place).
    package func script(root: String) -> String {
        """
        umask 077
        d=$(mktemp -d "${TMPDIR:-/tmp}/logscope-agent.XXXXXX") || exit 125
        trap 'rm -rf "$d"' EXIT
        trap 'exit 129' HUP INT TERM PIPE
        head -c \(bytes.count) > "$d/logscope-agent" && chmod 700 "$d/logscope-agent" || exit 125
        echo '\(Self.readyLine)'
        "$d/logscope-agent" --sha256 \(digest) \(ShellQuoting.quote(root))
        """
    }

    /// Its size as a person reads it (6.2 MiB).
    package var sizeDescription: String { ByteSize.long(UInt64(bytes.count)) }
}
