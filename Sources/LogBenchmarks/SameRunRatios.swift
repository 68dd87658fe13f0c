/// LogCore's rates divided by its floors' and the reference's, each ratio taken within one run (the
/// two figures measured back to back), reported as the median over the runs and their range.
///
/// The raw writer's own ratio to the reference is reported too: it is how fast the reference is
/// beside the same `write(2)` calls and index stores with no lock and no checks, the ceiling of
/// LogCore's append ratio in that run.
struct SameRunRatios {
    let runs: Int
    private var sizes: [Int] = []
    private var rows: [[[Double]]] = [[], [], [], [], []]

    static let names = [
        "append: LogCore / raw writer", "append: LogCore / reference", "append: raw writer / reference (LogCore's ceiling)",
        "read: LogCore / raw reader", "read: LogCore / reference",
    ]
    /// The targets, for 100-byte values.
    static let targets = ["≥ 0.70", "≥ 4", "–", "≥ 0.60", "≥ 12"]

    init(runs: Int) {
        self.runs = runs
    }

    /// Adds the per-run ratios of one value size (an empty list: that figure was not measured).
    mutating func add(
        size: Int, appendVersusRaw: [Double], appendVersusReference: [Double], rawAppendVersusReference: [Double], readVersusRaw: [Double],
        readVersusReference: [Double]
    ) {
        sizes.append(size)
        let measured = [appendVersusRaw, appendVersusReference, rawAppendVersusReference, readVersusRaw, readVersusReference]
        for (row, ratios) in measured.enumerated() {
            rows[row].append(ratios)
        }
    }

    /// The Markdown table, one row per ratio and one column per value size.
    var markdown: String {
        var lines = [
            "| same-run ratio, median (range) of \(runs) runs | " + sizes.map { "\($0) B" }.joined(separator: " | ")
                + " | target (100 B) |",
            "|---|" + sizes.map { _ in "---|" }.joined() + "---|",
        ]
        for (row, name) in Self.names.enumerated() {
            let cells = rows[row].map { ratios in
                guard let low = ratios.min(), let high = ratios.max() else { return "not run" }
                let format = { BenchmarkReport.format($0, 2) }
                return "\(format(Self.median(ratios))) (\(format(low))–\(format(high)))"
            }
            lines.append("| \(name) | " + cells.joined(separator: " | ") + " | \(Self.targets[row]) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The median of `values` (the upper one of an even count), or 0 when there are none.
    static func median(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[values.count / 2]
    }
}
