import Foundation
import LogCore
import Testing

/// An OpenSSH server on loopback for the tests of remote directories (`ssh://user@host:port/path`):
/// `/usr/sbin/sshd -D -e` as a child of the test, on a free port, in a temporary directory of its
/// own that holds everything it needs (freshly generated host and user keys, `authorized_keys`,
/// `known_hosts`, `sshd_config`, its log).
///
/// Only the user running the tests can log in, with the generated key only. A session's `PATH`
/// starts with the directory of the built `logscope` (`SetEnv PATH=…`), so the `logscope agent`
/// that the client runs there is the binary under test.
///
/// ```swift
/// @Test(.enabled(if: SSHServer.isAvailable, SSHServer.skipComment))
/// func dumpsOverSSH() throws {
///     let server = try SSHServer.start()
///     // LOGSCOPE_SSH=server.sshCommand logscope dump server.url(for: "/abs/dir")
/// }
/// ```
///
/// The server is stopped (SIGTERM, then waited for) by ``stop()`` or when the value is released.
package final class SSHServer {
    /// The server's executable (sshd re-executes itself, so it must be an absolute path).
    package static let sshd = "/usr/sbin/sshd"
    /// `ssh-keygen`, which makes the keys.
    package static let sshKeygen = executable("ssh-keygen")
    /// The client, which `logscope` runs.
    package static let ssh = executable("ssh")

    /// Why the tests that need a server cannot run here (no sshd, no ssh client, no `/run/sshd` for
    /// a server started by root), or `nil` when they can.
    package static let skipReason: String? = {
        guard FileManager.default.isExecutableFile(atPath: sshd) else { return "sshd is not installed (apt-get install openssh-server)" }
        guard sshKeygen != nil, ssh != nil else { return "the ssh client is not installed (apt-get install openssh-client)" }
        guard currentUser != nil else { return "the user running the tests has no name (getpwuid)" }
        // sshd started by root separates privileges and chroots into /run/sshd, which must exist.
        if geteuid() == 0 && access("/run/sshd", F_OK) != 0 && mkdir("/run/sshd", 0o755) != 0 && errno != EEXIST {
            return "sshd needs /run/sshd, which is missing and cannot be made (\(String(cString: strerror(errno))))"
        }
        return nil
    }()

    /// Whether a server can be started here (see ``skipReason``).
    package static var isAvailable: Bool { skipReason == nil }

    /// ``skipReason`` as the comment of a test's `.enabled(if:)` trait.
    package static var skipComment: Comment { Comment(rawValue: skipReason ?? "sshd is installed") }

    /// The user that logs in: the one running the tests (`root` in CI).
    package let user: String
    /// The port the server listens on, on 127.0.0.1.
    package let port: Int
    /// The temporary directory holding the keys, the configuration and the server's log.
    package let directory: TemporaryDirectory
    /// The value for `LOGSCOPE_SSH`: `ssh` with the user key, this server's host key as the only
    /// known one, and nothing interactive (`BatchMode=yes`, `StrictHostKeyChecking=yes`).
    package let sshCommand: String
    private var pid: pid_t

    /// How logscope names a directory of this server in its messages: `USER@127.0.0.1:PORT:` in
    /// front of the path (`root@127.0.0.1:22022:/tmp/x/0.store`).
    package var prefix: String { "\(user)@127.0.0.1:\(port):" }

    /// `ssh://USER@127.0.0.1:PORT/path` for `path` (absolute) on this server.
    package func url(for path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// The server's log (sshd's `-e` output), for failure messages.
    package var log: String { (try? String(contentsOfFile: directory.child("sshd.log"), encoding: .utf8)) ?? "" }

    /// Generates the keys, writes the configuration and starts the server on a free port, then waits
    /// (up to 5 s) until it answers with an SSH banner; a port another process took in between is
    /// replaced by another one, a few times.
    ///
    /// - Throws: ``Failure`` when the server is not available here (``skipReason``), a key cannot be
    ///   made, or the server exits or does not answer in time (the message holds its log).
    package static func start() throws -> SSHServer {
        if let skipReason { throw Failure(message: skipReason) }
        guard let user = currentUser, let sshKeygen, ssh != nil else { throw Failure(message: "no ssh client") }
        let directory = TemporaryDirectory("sshd")
        for key in ["host_key", "user_key"] {
            let result = try ChildProcess.run([sshKeygen, "-q", "-t", "ed25519", "-N", "", "-C", "logscope-test", "-f", directory.child(key)])
            guard result.status == 0 else { throw Failure(message: "ssh-keygen failed (\(result.status)): \(result.stderr)") }
        }
        try FileManager.default.copyItem(atPath: directory.child("user_key.pub"), toPath: directory.child("authorized_keys"))
        chmod(directory.child("authorized_keys"), 0o600)
        let hostKey = try String(contentsOfFile: directory.child("host_key.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        // `ssh` as a person would write it (messages name the command's first word), found on PATH.
        let sshCommand =
            (["ssh", "-F", "/dev/null", "-i", directory.child("user_key")].map(shellQuoted) + [
                "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + shellQuoted(directory.child("known_hosts")), "-o",
                "GlobalKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
            ]).joined(separator: " ")
        var attempts: [String] = []
        for _ in 0..<5 {
            let port = try freePort()
            try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: directory.child("known_hosts"), atomically: true, encoding: .utf8)
            try configuration(port: port, user: user, in: directory).write(toFile: directory.child("sshd_config"), atomically: true, encoding: .utf8)
            unlink(directory.child("sshd.log"))
            let pid = try spawn(log: directory.child("sshd.log"), config: directory.child("sshd_config"))
            let server = SSHServer(user: user, port: port, directory: directory, sshCommand: sshCommand, pid: pid)
            switch server.waitUntilReady(deadline: .now + .seconds(5)) {
            case .ready: return server
            case .exited(let status):
                server.pid = -1
                attempts.append("port \(port): sshd exited (wait status \(status))")
                // Another process bound the port between our look and sshd's: try another one.
                if server.log.contains("Address already in use") { continue }
                throw Failure(message: "sshd exited (wait status \(status)) on port \(port); its log:\n\(server.log)")
            case .silent:
                server.stop()
                throw Failure(message: "sshd did not answer on 127.0.0.1:\(port) within 5 s; its log:\n\(server.log)")
            }
        }
        throw Failure(message: "sshd found no free port: \(attempts.joined(separator: "; "))")
    }

    private init(user: String, port: Int, directory: TemporaryDirectory, sshCommand: String, pid: pid_t) {
        self.user = user
        self.port = port
        self.directory = directory
        self.sshCommand = sshCommand
        self.pid = pid
    }

    deinit { stop() }

    /// Stops the server: SIGTERM, then waits for it (up to 5 s, then SIGKILL). Sessions still open
    /// end when their clients close them. Stopping a stopped server does nothing.
    package func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(5)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        pid = -1
    }

    /// A port on 127.0.0.1 that nothing listens on at this moment (the kernel's pick for port 0):
    /// for the server, and for a test that wants a connection refused.
    package static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket: \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure(message: "cannot bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `word` quoted for a POSIX shell (and for `LOGSCOPE_SSH`, which is split as a shell would):
    /// bare when it holds nothing a shell reads, else in single quotes.
    package static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:@,".contains($0)) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Why ``start()`` failed.
    package struct Failure: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    // MARK: - Starting

    /// The user running the tests, by name.
    private static let currentUser: String? = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }

    /// `name` in the usual directories, or on `PATH`.
    private static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/bin", "/bin", "/usr/local/bin"] + path.split(separator: ":").map(String.init)
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The `sshd_config`: loopback and `port` only, `user` only, keys only, no PAM (the server may
    /// run as an unprivileged user), everything in `directory`.
    private static func configuration(port: Int, user: String, in directory: TemporaryDirectory) -> String {
        func quoted(_ value: String) -> String { "\"" + value + "\"" }
        return """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(quoted(directory.child("host_key")))
            AuthorizedKeysFile \(quoted(directory.child("authorized_keys")))
            PidFile \(quoted(directory.child("sshd.pid")))
            AllowUsers \(user)
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            UseDNS no
            PrintMotd no
            PrintLastLog no
            SetEnv \(quoted("PATH=\(TestPaths.productsDirectory):/usr/local/bin:/usr/bin:/bin"))

            """
    }

    /// Starts `sshd -D -e -f config` with its output appended to `log`, with the default signal mask
    /// and dispositions (``LogCore/SpawnAttributes``: SIGTERM must stop it). sshd closes every other
    /// descriptor it inherits as it starts.
    private static func spawn(log: String, config: String) throws -> pid_t {
        let arguments: [String] = [sshd, "-D", "-e", "-f", config]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment: [String] = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let rc = SpawnAttributes.withDefaultSignals { posix_spawn(&pid, sshd, &actions, $0, argv, envp) }
        guard rc == 0 else { throw Failure(message: "cannot run \(sshd): \(String(cString: strerror(rc)))") }
        return pid
    }

    private enum Readiness {
        case ready
        case exited(Int32)
        case silent
    }

    /// Polls until the server sends its banner (`SSH-2.0-…`) on a connection to its port, exits, or
    /// `deadline` passes.
    private func waitUntilReady(deadline: ContinuousClock.Instant) -> Readiness {
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return .exited(status) }
            if Self.answersWithBanner(port: port) { return .ready }
            usleep(20_000)
        }
        return .silent
    }

    /// Whether a connection to `port` on 127.0.0.1 is accepted and answered with `SSH-` (within 2 s).
    private static func answersWithBanner(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return false }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var banner = [UInt8](repeating: 0, count: 4)
        let count = recv(fd, &banner, banner.count, Int32(MSG_WAITALL))
        return count == 4 && banner == Array("SSH-".utf8)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        return address
    }
}
