/// What the client and `logscope agent` agree on: the protocol's version and the bounds every
/// message keeps to.
///
/// A message is a 4-byte big-endian length, then that many bytes: a 1-byte kind, a 4-byte request
/// number (a reply repeats its request's), then the kind's fields (integers big-endian, strings and
/// byte strings as a 4-byte length and their bytes). Either side treats the other's bytes as hostile:
/// every length is checked against what is left and against these bounds before anything is read
/// or allocated.
package enum AgentProtocol {
    /// Changed whenever a message changes shape; the hello exchange compares it first.
    package static let version: UInt32 = 1
    /// The most bytes one message may hold (a listing of a directory of many segments is the largest).
    package static let maxMessageBytes = 16 << 20
    /// The most bytes one read asks for.
    package static let maxReadBytes = 1 << 20
    /// The longest a request for changes waits (milliseconds): the client asks again.
    package static let maxChangeWait: UInt32 = 1000
    /// The most names one listing or one batch of `stat`s holds.
    package static let maxNames = 1 << 20
}
