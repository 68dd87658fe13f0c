import Glibc
import LogAgent
import LogCore
import TestSupport
import Testing

/// The agent's root keeps every path inside it: the root and what lies under it are accepted; a
/// sibling that shares its name's start, `..` out of it, a relative path and a symbolic link out of
/// it are refused, and a missing path is judged by its nearest existing ancestor.
@Suite struct AgentRootTests {
    /// `dir/a` (the root) holding `file`, `sub/inner`, links in and out; `dir/ab/f`, `dir/outside/secret`.
    private final class Layout {
        let dir = TemporaryDirectory("agent-root")
        let root: AgentRoot
        /// `dir`, symbolic links resolved.
        let resolved: String

        init() throws {
            for directory in ["a", "a/sub", "ab", "outside"] { #expect(mkdir(dir.child(directory), 0o755) == 0) }
            for file in ["a/file", "a/sub/inner", "ab/f", "outside/secret"] { Files.write([1, 2, 3], to: dir.child(file)) }
            #expect(symlink(dir.child("outside/secret"), dir.child("a/fileOut")) == 0)
            #expect(symlink(dir.child("outside"), dir.child("a/dirOut")) == 0)
            #expect(symlink("sub/inner", dir.child("a/fileIn")) == 0)
            #expect(symlink("../ab", dir.child("a/sibling")) == 0)
            root = try AgentRoot(dir.child("a"))
            resolved = try #require(FileSystem.realPath(dir.path))
        }

        /// The path `name` under the root, as given (not resolved).
        func inside(_ name: String) -> String { dir.child("a/" + name) }
    }

    /// Whether `path` is refused as one outside the root or not absolute.
    private func isRefused(_ root: AgentRoot, _ path: String) -> Bool {
        do {
            _ = try root.confine(path)
            return false
        } catch {
            guard case .refused(let reason) = error else { return false }
            return reason.hasPrefix(path + ": ")
        }
    }

    @Test func theRootResolvesLinksAndIsItselfAccepted() throws {
        let layout = try Layout()
        #expect(layout.root.path == layout.resolved + "/a")
        #expect(try layout.root.confine(layout.dir.child("a")) == layout.root.path)
        #expect(try layout.root.confine(layout.dir.child("a") + "/") == layout.root.path)
        #expect(try layout.root.confine(layout.dir.child("a/.")) == layout.root.path)
    }

    @Test func pathsUnderTheRootAreAcceptedResolved() throws {
        let layout = try Layout()
        #expect(try layout.root.confine(layout.inside("file")) == layout.root.path + "/file")
        #expect(try layout.root.confine(layout.inside("sub/inner")) == layout.root.path + "/sub/inner")
        #expect(try layout.root.confine(layout.inside("sub/../file")) == layout.root.path + "/file")
        #expect(try layout.root.confine(layout.inside("fileIn")) == layout.root.path + "/sub/inner", "a link that stays inside is followed")
    }

    /// Root `/x/a`, path `/x/ab/f`: the same first letters are not the same directory.
    @Test func aSiblingWhoseNameStartsWithTheRootsIsRefused() throws {
        let layout = try Layout()
        #expect(isRefused(layout.root, layout.dir.child("ab/f")))
        #expect(isRefused(layout.root, layout.dir.child("ab")))
        #expect(isRefused(layout.root, layout.dir.child("ab/missing")))
        #expect(isRefused(layout.root, layout.inside("sibling/f")), "nor through a link inside")
    }

    @Test func climbingOutWithDotDotIsRefused() throws {
        let layout = try Layout()
        #expect(isRefused(layout.root, layout.inside("../outside/secret")))
        #expect(isRefused(layout.root, layout.inside("sub/../../outside/secret")))
        #expect(isRefused(layout.root, layout.inside("..")))
        #expect(isRefused(layout.root, layout.inside("missing/../../outside/secret")))
        #expect(isRefused(layout.root, layout.inside("missing/../../outside/missing")))
        #expect(isRefused(layout.root, layout.inside("missing/../file")), "`..` after a missing name is not followed")
        #expect(isRefused(layout.root, "/.."))
    }

    @Test func aRelativePathIsRefused() throws {
        let layout = try Layout()
        for path in ["", "file", "a/file", "./file", "../a/file"] {
            #expect(throws: AgentFailure.refused(reason: "\(path): not an absolute path")) { try layout.root.confine(path) }
        }
    }

    @Test func aLinkInsideThatPointsOutsideIsRefused() throws {
        let layout = try Layout()
        let fileOut = try #require(throws: AgentFailure.self) { try layout.root.confine(layout.inside("fileOut")) }
        #expect(
            fileOut
                == .refused(
                    reason:
                        "\(layout.inside("fileOut")): outside the directory the agent serves (\(layout.root.path)); it resolves to \(layout.resolved)/outside/secret"
                ))
        #expect(isRefused(layout.root, layout.inside("dirOut")))
        #expect(isRefused(layout.root, layout.inside("dirOut/secret")))
        #expect(isRefused(layout.root, layout.inside("dirOut/.")))
    }

    @Test func aMissingPathUnderTheRootIsAccepted() throws {
        let layout = try Layout()
        #expect(try layout.root.confine(layout.inside("missing")) == layout.root.path + "/missing")
        #expect(try layout.root.confine(layout.inside("sub/missing/deeper")) == layout.root.path + "/sub/missing/deeper")
        let server = AgentServer(root: layout.root)
        #expect(server.answer(.status(path: layout.inside("missing"))) == .status(FileSystem.Status(kind: .missing, size: 0, inode: 0)))
    }

    @Test func aMissingPathUnderALinkOutOfTheRootIsRefused() throws {
        let layout = try Layout()
        #expect(isRefused(layout.root, layout.inside("dirOut/missing")))
        #expect(isRefused(layout.root, layout.inside("dirOut/missing/deeper")))
        #expect(isRefused(layout.root, layout.inside("sibling/missing")))
    }

    @Test func aPathOutsideTheRootIsRefusedWhetherItExistsOrNot() throws {
        let layout = try Layout()
        for path in [layout.dir.child("outside/secret"), layout.dir.path, "/", "/etc/passwd", "/no/such/place", layout.dir.child("missing")] {
            #expect(isRefused(layout.root, path), "\(path)")
        }
    }

    /// A path no system call would take is refused at once: the walk up a missing path's ancestors
    /// took a minute for one of 64 KiB (the fuzzer's largest input).
    @Test func aPathLongerThanTheSystemTakesIsRefusedAtOnce() throws {
        let layout = try Layout()
        let clock = ContinuousClock()
        let started = clock.now
        for path in [
            layout.inside(String(repeating: "a/", count: 32_000)), String(repeating: "/a", count: 32_000),
            layout.inside(String(repeating: "../", count: 21_000)),
        ] {
            #expect(throws: AgentFailure.refused(reason: "a path of \(path.utf8.count) bytes; at most \(PATH_MAX - 1)")) { try layout.root.confine(path) }
        }
        #expect(clock.now - started < .seconds(5))
        // The longest a system call takes is still judged as any other.
        let longest = layout.inside(String(repeating: "b", count: 200))
        let padded = longest + String(repeating: "/c", count: (Int(PATH_MAX) - 1 - longest.utf8.count) / 2)
        let path = padded + String(repeating: "d", count: Int(PATH_MAX) - 1 - padded.utf8.count)
        #expect(path.utf8.count == PATH_MAX - 1)
        #expect(try layout.root.confine(path) == layout.root.path + path.dropFirst(layout.inside("").count - 1))
        #expect(throws: AgentFailure.refused(reason: "a path of \(PATH_MAX) bytes; at most \(PATH_MAX - 1)")) { try layout.root.confine(path + "d") }
    }

    /// The system reads a path up to its first NUL byte: what it would read of an accepted path must
    /// still lie inside the root (or not exist).
    @Test func aPathWithANulByteNeverLeadsOutside() throws {
        let layout = try Layout()
        let paths = [
            "..\0x", "sub/..\0/..\0/outside/secret", "file/..\0/../outside/secret", "missing/..\0/../outside/secret", "dirOut\0/secret",
            "sub\0/../../outside/secret", "missing\0/../../outside/secret", "\0",
        ].map(layout.inside)
        for path in paths {
            guard let confined = try? layout.root.confine(path) else { continue }
            let seen = String(decoding: confined.utf8.prefix { $0 != 0 }, as: UTF8.self)
            if let resolved = FileSystem.realPath(seen) {
                #expect(resolved == layout.root.path || resolved.hasPrefix(layout.root.path + "/"), "\(path.debugDescription) reaches \(resolved)")
            }
        }
        #expect(isRefused(layout.root, layout.inside("..\0x")))
    }

    @Test func aNameMustBeOneComponentOtherThanDotOrDotDot() throws {
        let layout = try Layout()
        for name in ["", ".", "..", "a/b", "/", "/etc", "sub/"] {
            #expect(throws: AgentFailure.refused(reason: "\(name): not a file name")) { try layout.root.confine(name: name) }
        }
        for name in ["0.store", "...", "..a", ".hidden", "dirOut"] {
            #expect(try layout.root.confine(name: name) == name)
        }
    }

    /// The root need not exist or be a directory (the client says what that means): it is its path
    /// resolved, through its nearest existing ancestor when it is missing; `..` after a missing part
    /// cannot be resolved.
    @Test func aRootIsItsPathResolvedWhetherOrNotItExists() throws {
        let layout = try Layout()
        #expect(try AgentRoot(layout.dir.child("a/file")).path == layout.resolved + "/a/file")
        #expect(try AgentRoot(layout.dir.child("a/dirOut/none")).path == layout.resolved + "/outside/none")
        let missing = try AgentRoot(layout.dir.child("later"))
        #expect(missing.path == layout.resolved + "/later")
        #expect(try missing.confine(layout.dir.child("later/0.store")) == layout.resolved + "/later/0.store")
        #expect(isRefused(missing, layout.dir.child("a/file")))
        #expect(isRefused(missing, layout.dir.child("lateral/0.store")))
        let unresolvable = layout.dir.child("none/../a")
        #expect(throws: AgentFailure.refused(reason: "\(unresolvable): cannot be resolved (`..` after a part that does not exist)")) {
            try AgentRoot(unresolvable)
        }
    }

    @Test func aRelativeRootIsUnderTheWorkingDirectory() throws {
        let directory = try #require(getcwd(nil, 0))
        defer { free(directory) }
        let working = try #require(FileSystem.realPath(String(cString: directory)))
        #expect(try AgentRoot(".").path == working)
        #expect(try AgentRoot("none/deeper").path == (working == "/" ? "" : working) + "/none/deeper")
    }

    /// A root given through a link is served as the directory it names; paths through the link too.
    @Test func aRootGivenThroughALinkIsTheDirectoryItNames() throws {
        let layout = try Layout()
        #expect(symlink(layout.dir.child("a"), layout.dir.child("alias")) == 0)
        let root = try AgentRoot(layout.dir.child("alias"))
        #expect(root.path == layout.root.path)
        #expect(try root.confine(layout.dir.child("alias/file")) == layout.root.path + "/file")
        #expect(try root.confine(layout.dir.child("alias/missing")) == layout.root.path + "/missing")
    }
}
