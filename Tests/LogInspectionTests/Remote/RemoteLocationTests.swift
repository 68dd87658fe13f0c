import LogCore
import Testing

@testable import LogInspection

/// Which directory arguments name another machine, how, and the command line that reaches it.
@Suite struct RemoteLocationTests {
    private func parse(_ argument: String, via: [String]? = nil, local: Set<String> = []) throws -> RemoteLocation? {
        try RemoteLocation.parse(argument, via: via, existsLocally: { local.contains($0) })
    }

    @Test func anSSHURLGivesUserHostPortAndPath() throws {
        let location = try #require(try parse("ssh://ops@n0:2222/var/lib/proglog"))
        #expect(location.transport == .ssh(destination: "ops@n0", port: 2222))
        #expect(location.path == "/var/lib/proglog")
        #expect(location.spelled == "ops@n0:2222:/var/lib/proglog")
        let plain = try #require(try parse("ssh://n0/var/lib/proglog"))
        #expect(plain.transport == .ssh(destination: "n0", port: nil))
        #expect(plain.spelled == "n0:/var/lib/proglog")
    }

    @Test func lnavsHostColonPathIsRemoteUnlessItExistsHere() throws {
        let location = try #require(try parse("ops@n1:/var/lib/proglog"))
        #expect(location.transport == .ssh(destination: "ops@n1", port: nil))
        #expect(location.path == "/var/lib/proglog")
        #expect(location.spelled == "ops@n1:/var/lib/proglog")
        #expect(try parse("n1:/var/lib/proglog", local: ["n1:/var/lib/proglog"]) == nil)
    }

    @Test func pathsWithASlashBeforeTheColonOrNoAbsolutePathAreLocal() throws {
        #expect(try parse("./a:b") == nil)
        #expect(try parse("./a:/b") == nil)
        #expect(try parse("/tmp/a:/b") == nil)
        #expect(try parse("logs/n0:/x") == nil)
        #expect(try parse("n0:relative") == nil)
        #expect(try parse(":/x") == nil)
        #expect(try parse("-n0:/x") == nil)
        #expect(try parse("/var/lib/proglog") == nil)
        #expect(try parse("node-0") == nil)
    }

    @Test func aMalformedSSHURLSaysWhatIsWrong() throws {
        #expect(throws: LogError.remote(location: "ssh://n0", reason: "no path after the host; write ssh://[user@]host[:port]/path")) {
            try parse("ssh://n0")
        }
        #expect(throws: LogError.remote(location: "ssh:///var", reason: "no host; write ssh://[user@]host[:port]/path")) {
            try parse("ssh:///var")
        }
        #expect(throws: LogError.remote(location: "ssh://n0:22x/var", reason: "the port after n0 is not a number from 1 to 65535")) {
            try parse("ssh://n0:22x/var")
        }
        #expect(throws: LogError.remote(location: "ssh://n0:70000/var", reason: "the port after n0 is not a number from 1 to 65535")) {
            try parse("ssh://n0:70000/var")
        }
        #expect(throws: LogError.remote(location: "ssh://-oProxyCommand=x/var", reason: "no host; write ssh://[user@]host[:port]/path")) {
            try parse("ssh://-oProxyCommand=x/var")
        }
    }

    @Test func withViaEveryArgumentIsAnAbsolutePathThere() throws {
        let words = ["kubectl", "exec", "-i", "pod-0", "--"]
        let location = try #require(try parse("/var/lib/proglog", via: words))
        #expect(location.transport == .via(words))
        #expect(location.spelled == "[kubectl exec -i pod-0 --]/var/lib/proglog")
        #expect(location.command(sshCommand: ["ssh"]) == words + ["logscope", "agent", "/var/lib/proglog"])
        #expect(throws: LogError.remote(location: "node-0", reason: "with --via, give the directory's absolute path on the other machine")) {
            try parse("node-0", via: words)
        }
    }

    @Test func theSSHCommandLineQuotesTheRemoteWordsForItsShell() throws {
        let location = try #require(try parse("ssh://ops@n0:2222/srv/my logs/it's"))
        #expect(
            location.command(sshCommand: ["ssh", "-i", "key"])
                == ["ssh", "-i", "key", "-p", "2222", "--", "ops@n0", "logscope agent '/srv/my logs/it'\\''s'"])
        let plain = try #require(try parse("n0:/var/lib/proglog"))
        #expect(plain.command(sshCommand: ["ssh"]) == ["ssh", "--", "n0", "logscope agent /var/lib/proglog"])
    }

    @Test func theAgentServesTheNodeOfANodesLog() throws {
        #expect(try #require(try parse("n0:/srv/node/raft/log")).agentRoot == "/srv/node")
        #expect(try #require(try parse("n0:/srv/node/log/")).agentRoot == "/srv/node")
        #expect(try #require(try parse("n0:/srv/node")).agentRoot == "/srv/node")
        #expect(try #require(try parse("n0:/log")).agentRoot == "/log")
    }

    @Test func logscopeSSHGivesTheSSHCommandAsGitSSHCommandDoes() {
        #expect(RemoteLocation.sshCommand(environment: [:]) == ["ssh"])
        #expect(RemoteLocation.sshCommand(environment: ["LOGSCOPE_SSH": "  "]) == ["ssh"])
        #expect(
            RemoteLocation.sshCommand(environment: ["LOGSCOPE_SSH": "ssh -i '/keys/my key' -o \"ProxyJump=jump host\" -v"])
                == ["ssh", "-i", "/keys/my key", "-o", "ProxyJump=jump host", "-v"])
    }

    @Test func shellWordsSplitAndQuoteBackToTheSameWords() {
        #expect(ShellQuoting.split(#"a 'b c' "d\"e" f\ g ''"#) == ["a", "b c", "d\"e", "f g", ""])
        for word in ["plain", "with space", "it's", "$(rm -rf /)", "", "back\\slash", "new\nline"] {
            #expect(ShellQuoting.split(ShellQuoting.quote(word)) == [word])
        }
        #expect(ShellQuoting.quote("/var/lib/proglog") == "/var/lib/proglog")
        #expect(ShellQuoting.quote("$HOME") == "'$HOME'")
    }
}
