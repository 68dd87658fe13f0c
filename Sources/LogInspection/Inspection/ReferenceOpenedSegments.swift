extension ReferenceReplay {
    /// A segment as the reference opened it: its base, its index's size when opened (the file size,
    /// bug K1) and its `nextOffset`.
    struct OpenedSegment {
        var base: UInt64
        var indexSizeAtOpen: UInt64
        var next: UInt64
    }

    /// The segments the reference opened, in order of base (a base may repeat), indexed so that its
    /// `Read(off)` lookup and per-base questions take O(log n) on a log of thousands of segments.
    struct OpenedSegments {
        let list: [OpenedSegment]
        /// `furthest[i]`: the largest `next` among `list[0...i]`.
        private let furthest: [UInt64]
        private let opens: [UInt64: Int]

        init(_ list: [OpenedSegment]) {
            self.list = list
            var furthest: [UInt64] = []
            furthest.reserveCapacity(list.count)
            var opens: [UInt64: Int] = [:]
            for segment in list {
                furthest.append(max(furthest.last ?? 0, segment.next))
                opens[segment.base, default: 0] += 1
            }
            self.furthest = furthest
            self.opens = opens
        }

        /// How many times a segment with this base was opened.
        func openCount(of base: UInt64) -> Int { opens[base] ?? 0 }

        /// The reference's lookup: the first opened segment with `base ≤ offset < next`. Bases
        /// ascend, so only the first segment whose `next` passes `offset` can hold it.
        func first(containing offset: UInt64) -> OpenedSegment? {
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if furthest[mid] > offset { high = mid } else { low = mid + 1 }
            }
            guard low < list.count, list[low].base <= offset, offset < list[low].next else { return nil }
            return list[low]
        }
    }
}
