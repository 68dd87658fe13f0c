import Glibc
import TestSupport
import Testing

@testable import LogCore

/// A listing's `stat`s on the directory's descriptor say what a `stat` of each path says.
@Suite struct FileStatusesTests {
    @Test(arguments: [5, 3000]) func statusesInADirectoryAreEachPathsStatus(files: Int) throws {
        let dir = TemporaryDirectory()
        var names: [String] = []
        for i in 0..<files {
            let name = "\(i).store"
            Files.write([UInt8](repeating: 7, count: i % 13), to: dir.child(name))
            names.append(name)
        }
        #expect(mkdir(dir.child("sub"), 0o755) == 0)
        #expect(symlink(dir.child("0.store"), dir.child("link")) == 0)
        #expect(symlink(dir.child("gone"), dir.child("dangling")) == 0)
        names += ["sub", "link", "dangling", "missing"]
        let access = LocalFileAccess()
        let statuses = access.statuses(of: names, in: dir.path)
        #expect(statuses == names.map { access.status(of: dir.child($0)) })
        #expect(statuses.suffix(4).map(\.kind) == [.directory, .regularFile, .missing, .missing])
        #expect(statuses[1].size == 1 && statuses[1].kind == .regularFile)
        // A directory that cannot be opened: each path is looked at as before.
        #expect(access.statuses(of: ["a"], in: dir.child("missing")) == [access.status(of: dir.child("missing") + "/a")])
    }
}
