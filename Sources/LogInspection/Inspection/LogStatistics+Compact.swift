extension LogStatistics.SegmentRow: CompactStorable {
    /// A segment with nothing wrong, in the small form of its health and its index fill: `stat` of
    /// 100,000 segments keeps these instead of a whole health each.
    public struct Compact: Sendable, Equatable {
        var health: SegmentHealth.Compact
        var indexFill: Double
    }

    public var compacted: Compact? {
        guard state == "ok", let health = health.compacted else { return nil }
        return Compact(health: health, indexFill: indexFill)
    }

    public init(expanding compact: Compact) {
        self.init(health: SegmentHealth(expanding: compact.health), indexFill: compact.indexFill, state: "ok")
    }
}
