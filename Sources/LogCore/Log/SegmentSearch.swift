/// Finds the segment that holds an offset among segments ordered by base offset (binary search; the
/// reference scans linearly: bug K12).
package enum SegmentSearch {
    /// The index of the last of `count` segments whose base offset (given by `base`) is not above
    /// `offset`, or `nil` when every base is above it.
    @inlinable
    package static func lastIndex(notAbove offset: UInt64, count: Int, base: (Int) -> UInt64) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if base(mid) <= offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : nil
    }
}
