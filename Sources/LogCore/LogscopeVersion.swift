/// The version of logscope (the library and the `logscope` tool are released together): what
/// `logscope --version`, the man page and the inspector's help overlay show.

package enum LogscopeVersion {
    /// `major.minor.patch`.
    package static let current = "0.12.0"
}
