import LogCore

/// A directory argument that names a directory on another machine, and how to reach it.
///
/// The forms: `ssh://[user@]host[:port]/path`, lnav's `[user@]host:/path`, or any path when the
/// command was given `--via 'CMD …'` (a command that runs its arguments on the other machine with
/// stdin and stdout attached: `kubectl exec -i pod --`, `docker exec -i ctr`, `ssh -J jump host`).
/// A `host:/path` argument that exists here is local, and so is anything with a `/` before its
/// first `:` (`./a:b`).
package struct RemoteLocation: Sendable, Equatable {
    /// How the agent is reached.
    package enum Transport: Sendable, Equatable {
        /// The ssh command (``sshCommand(environment:)``), to `destination` (`[user@]host`), on `port`.
        case ssh(destination: String, port: Int?)
        /// A command the agent's own command line is appended to.
        case via([String])
    }

    package var transport: Transport
    /// The path on the other machine (absolute).
    package var path: String
    /// What names the machine in front of ``path`` in every path and message: `n0:` (for
    /// `ssh://n0/…` and `n0:/…`), `user@n0:2222:` with a port, `[CMD]` with `--via`. It holds no
    /// `//`, so code that splits paths at `/` keeps it whole.
    package var prefix: String

    /// The directory named with its machine: the path every file inside it is named by in messages.
    package var spelled: String { prefix + path }

    /// The remote directory `argument` names, or `nil` when it is a local path.
    ///
    /// - Parameters:
    ///   - via: the words of `--via`, when given: every argument is then a path over it.
    ///   - existsLocally: whether a path exists on this machine (a `host:/path` that does is local).
    /// - Throws: ``LogCore/LogError/remote(location:reason:)`` for an `ssh://` argument that is not
    ///   well formed (no host, a port that is not a number, a relative path).
    package static func parse(_ argument: String, via: [String]?, existsLocally: (String) -> Bool) throws(LogError) -> RemoteLocation? {
        if let via {
            guard argument.hasPrefix("/") else {
                throw LogError.remote(location: argument, reason: "with --via, give the directory's absolute path on the other machine")
            }
            return RemoteLocation(transport: .via(via), path: argument, prefix: "[" + via.joined(separator: " ") + "]")
        }
        if argument.hasPrefix("ssh://") {
            let rest = argument.dropFirst("ssh://".count)
            guard let slash = rest.firstIndex(of: "/") else {
                throw LogError.remote(location: argument, reason: "no path after the host; write ssh://[user@]host[:port]/path")
            }
            let authority = rest[..<slash]
            var host = authority
            var port: Int?
            if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
                guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                    throw LogError.remote(location: argument, reason: "the port after \(authority[..<colon]) is not a number from 1 to 65535")
                }
                port = number
                host = authority[..<colon]
            }
            guard !host.isEmpty, !host.hasSuffix("@"), !host.hasPrefix("-") else {
                throw LogError.remote(location: argument, reason: "no host; write ssh://[user@]host[:port]/path")
            }
            return RemoteLocation(
                transport: .ssh(destination: String(host), port: port), path: String(rest[slash...]), prefix: host + (port.map { ":\($0)" } ?? "") + ":")
        }
        // lnav's host:/path: a colon before any slash, a path after it, and nothing here by that name.
        guard let colon = argument.firstIndex(of: ":"), !argument[..<colon].contains("/"), colon != argument.startIndex,
            argument[argument.index(after: colon)...].hasPrefix("/"), !argument.hasPrefix("-"), !existsLocally(argument)
        else { return nil }
        let host = argument[..<colon]
        return RemoteLocation(
            transport: .ssh(destination: String(host), port: nil), path: String(argument[argument.index(after: colon)...]),
            prefix: String(argument[...colon]))
    }

    /// The directory the agent serves: the path itself, or the node's directory when the path is a
    /// node's log (`…/log`, `…/raft/log`), so that the node's other files can be read beside it.
    package var agentRoot: String {
        var root = path
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        for suffix in ["/raft/log", "/log"] where root.hasSuffix(suffix) && root.count > suffix.count {
            return String(root.dropLast(suffix.count))
        }
        return root
    }

    /// The command line that runs the installed agent there: `ssh [-p PORT] -- DESTINATION
    /// 'logscope agent ROOT'`, or the `--via` words followed by `logscope agent ROOT`.
    package func command(sshCommand: [String]) -> [String] {
        command(running: ["logscope", "agent", agentRoot], sshCommand: sshCommand)
    }

    /// The command line that runs `words` there: after ssh's options and `--`, the words quoted for
    /// the remote shell, which reads them as one line; after the `--via` words, as they are.
    package func command(running words: [String], sshCommand: [String]) -> [String] {
        switch transport {
        case .ssh(let destination, let port):
            return sshCommand + (port.map { ["-p", "\($0)"] } ?? []) + ["--", destination, words.map(ShellQuoting.quote).joined(separator: " ")]
        case .via(let via):
            return via + words
        }
    }

    /// The ssh command and its options: the words of `LOGSCOPE_SSH` (as git's `GIT_SSH_COMMAND`),
    /// else `ssh`. Nothing weakens host-key checking: that stays ssh's own.
    package static func sshCommand(environment: [String: String]) -> [String] {
        guard let words = environment["LOGSCOPE_SSH"].map(ShellQuoting.split), !words.isEmpty else { return ["ssh"] }
        return words
    }
}

/// Words as a POSIX shell splits and quotes them (only what a command line in an environment
/// variable needs: spaces, single and double quotes, backslashes).
package enum ShellQuoting {
    /// `text` split into words.
    package static func split(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" || character == "\n" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// `word` quoted for a POSIX shell (left bare when it has nothing the shell would read).
    package static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=:@,".contains($0) }
        if plain { return word }
        var quoted = "'"
        for character in word {
            if character == "'" { quoted += "'\\''" } else { quoted.append(character) }
        }
        return quoted + "'"
    }
}
