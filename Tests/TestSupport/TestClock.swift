/// A clock that stands still until the test advances it: code that takes a clock
/// (`() -> ContinuousClock.Instant`) measures timeouts on it without the test sleeping.
package final class TestClock {
    /// The time it shows.
    package private(set) var now = ContinuousClock.now

    /// A clock showing the present moment, still from then on.
    package init() {}

    /// Moves the time on by `duration`.
    package func advance(by duration: Duration) { now += duration }

    /// The clock as a function, to pass where one is taken.
    package var function: () -> ContinuousClock.Instant { { self.now } }
}
