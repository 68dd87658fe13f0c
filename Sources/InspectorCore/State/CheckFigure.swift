/// How far the background check has got: segments looked at of the directory's, as the header shows
/// it (`checking… 41%`).
public struct CheckFigure: Sendable, Equatable {
    public var done: Int
    public var total: Int

    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }

    /// Whole percent done, 0 to 100.
    public var percent: Int { total <= 0 ? 0 : min(100, done * 100 / total) }

    /// What the header says while the check runs: `checking… 41%`, or `checking…` before its first
    /// segment.
    public static func label(_ figure: CheckFigure?) -> String {
        guard let figure, figure.total > 0 else { return "checking…" }
        return "checking… \(figure.percent)%"
    }
}
