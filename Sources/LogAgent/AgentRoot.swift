import Glibc
import LogCore

/// The directory an agent serves, and the check that keeps every path it is asked about inside it.
///
/// Paths are resolved (`realpath`: symbolic links followed); one that does not exist (yet) is its
/// nearest existing ancestor resolved, then the words after it, none of them `..`. A path asked
/// about must be absolute, and what it resolves to must be the root or lie under it: a symbolic link
/// inside the root that points out of it is refused like a path that names the outside directly.
/// The root itself need not exist or be a directory: the client says what a missing directory or a
/// file means (and `tail -f` waits for a directory to appear).
package struct AgentRoot: Sendable {
    /// The resolved root.
    package let path: String

    /// The root `path` resolves to (relative to the working directory when it is not absolute).
    ///
    /// - Throws: ``AgentFailure/refused(reason:)`` when it cannot be resolved (`..` after a part
    ///   that does not exist).
    package init(_ path: String) throws(AgentFailure) {
        guard let resolved = Self.resolve(path) else { throw .refused(reason: "\(path): cannot be resolved (`..` after a part that does not exist)") }
        self.path = resolved
    }

    /// `path` resolved, if it lies inside the root.
    ///
    /// - Throws: ``AgentFailure/refused(reason:)`` when it is relative or lies outside.
    package func confine(_ path: String) throws(AgentFailure) -> String {
        guard path.hasPrefix("/") else { throw .refused(reason: "\(path): not an absolute path") }
        // No system call takes a longer one; and the walk up a missing path's ancestors costs the
        // square of its length.
        guard path.utf8.count < PATH_MAX else { throw .refused(reason: "a path of \(path.utf8.count) bytes; at most \(PATH_MAX - 1)") }
        let resolved = Self.resolve(path)
        guard let resolved, contains(resolved) else {
            let resolution = resolved.map { $0 == path ? "" : "; it resolves to \($0)" } ?? ""
            throw .refused(reason: "\(path): outside the directory the agent serves (\(self.path))" + resolution)
        }
        return resolved
    }

    /// A name inside a directory: one path component, not `.` or `..`.
    package func confine(name: String) throws(AgentFailure) -> String {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw .refused(reason: "\(name): not a file name")
        }
        return name
    }

    /// Whether `resolved` (a path with its links resolved, as `/proc/self/fd` tells an open file's)
    /// is the root or lies under it.
    package func contains(_ resolved: String) -> Bool {
        resolved == path || resolved.hasPrefix(path == "/" ? "/" : path + "/")
    }

    /// `path` with symbolic links resolved: `realpath` of its longest existing prefix
    /// (``LogCore/FileSystem/resolvedPrefix(of:)``) followed by the missing names (`nil` when one of
    /// those is `..`).
    private static func resolve(_ path: String) -> String? {
        guard let (resolved, missing) = FileSystem.resolvedPrefix(of: path), !missing.contains("..") else { return nil }
        let names = missing.filter { $0 != "." }
        return names.isEmpty ? resolved : (resolved == "/" ? "" : resolved) + "/" + names.joined(separator: "/")
    }
}
