/// A class reference used without reference counting, for the append and read paths of a ``Log``.
///
/// Calling a method on a reference loaded from a `var` (an optional property, an array element) makes
/// Swift retain it before the call and release it after: two atomic operations, which on a shared
/// 2-core VM cost 20–40 ns each, more than the rest of an append. `Unretained` reaches the object
/// through `Unmanaged`'s guaranteed reference instead, which costs nothing.
///
/// It does not keep its object alive: whoever makes one holds a strong reference to the object for as
/// long as it is used (a segment in the log's list, a store in its segment).
struct Unretained<Object: AnyObject> {
    private let unmanaged: Unmanaged<Object>

    /// Refers to `object`, which the caller keeps alive.
    @inline(__always)
    init(_ object: Object) {
        unmanaged = .passUnretained(object)
    }

    /// Calls `body` with the object.
    @inline(__always)
    func with<T, Failure: Error>(_ body: (Object) throws(Failure) -> T) throws(Failure) -> T {
        // The error is carried out beside the value (a `Result` of a large error type cost more to
        // build and take apart than the rest of a read's bookkeeping).
        var failure: Failure?
        let value = unmanaged._withUnsafeGuaranteedRef { object -> T? in
            do throws(Failure) {
                return try body(object)
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return value!
    }
}
