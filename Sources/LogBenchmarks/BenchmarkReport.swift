/// Formats the results as the Markdown table README shows.
struct BenchmarkReport {
    var results: [BenchmarkResult]
    var disk: DiskBaseline.Figures
    var options: BenchmarkOptions

    var markdown: String {
        var lines = [
            "| work | median | records/s | MB/s | allocations/record |",
            "|---|---|---|---|---|",
        ]
        for result in results {
            let m = result.median
            let rate = m.records > 1 ? "\(format(m.recordsPerSecond / 1e6, 2)) M" : "–"
            lines.append(
                "| \(result.name) | \(format(m.seconds * 1000, 2)) ms | \(rate) | "
                    + "\(m.bytes > 0 ? format(m.megabytesPerSecond, 0) : "–") | \(format(m.allocationsPerRecord, 2)) |")
        }
        lines.append("")
        lines.append(
            "dd-like 1 MiB blocks in the same run: write no sync \(format(disk.writeNoSync, 2)) GB/s, "
                + "write + fdatasync \(format(disk.writeDataSync, 2)) GB/s, page-cache read \(format(disk.pageCacheRead, 2)) GB/s "
                + "(median of \(options.runs) runs per workload).")
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ digits: Int) -> String { Self.format(value, digits) }

    /// `value` rounded to `digits` decimals.
    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if digits == 0, text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
