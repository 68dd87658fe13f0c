import Dispatch
import Glibc

/// Runs independent jobs on all cores and returns their results in order.
///
/// Each job must only touch state that no other job touches (for example its own segment's files);
/// the jobs' inputs are reached through the closure, which is why it need not be `Sendable`.
package enum ParallelMap {
    /// The number of worker threads: the online processors, at most 8.
    static var workers: Int { max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    package static func run<T, E: Error>(count: Int, workers requested: Int? = nil, _ job: (Int) throws(E) -> T) throws(E) -> [T] {
        let workers = max(1, min(requested ?? Self.workers, Self.workers))
        if count <= 1 || workers == 1 {
            var results: [T] = []
            for i in 0..<count { results.append(try job(i)) }
            return results
        }
        let slots = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize().deallocate() }
        withoutActuallyEscaping(job) { escapable in
            let shared = Shared(job: escapable, slots: slots, workers: workers, count: count)
            DispatchQueue.concurrentPerform(iterations: shared.workers) { worker in
                var i = worker
                while i < shared.count {
                    shared.slots[i] = Result { () throws(E) -> T in try shared.job(i) }
                    i += shared.workers
                }
            }
        }
        var results: [T] = []
        results.reserveCapacity(count)
        for slot in slots { results.append(try slot!.get()) }
        return results
    }

    /// What the workers share: each writes only its own slots.
    private struct Shared<T, E: Error>: @unchecked Sendable {
        let job: (Int) throws(E) -> T
        let slots: UnsafeMutableBufferPointer<Result<T, E>?>
        let workers: Int
        let count: Int
    }
}
