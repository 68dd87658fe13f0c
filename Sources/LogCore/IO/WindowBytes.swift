import Synchronization

/// The bytes the buffers of a set of ``ReadWindow``s hold, counted as they allocate and free them:
/// what an ``OpenFileBudget`` with a byte limit weighs its holders by.
package final class WindowBytes: Sendable {
    private let bytes = Atomic<Int>(0)

    package init() {}

    /// The bytes held now.
    package var current: Int { bytes.load(ordering: .relaxed) }

    /// Counts `delta` bytes more (fewer when negative).
    func add(_ delta: Int) {
        if delta != 0 { bytes.add(delta, ordering: .relaxed) }
    }
}
