import LogInspection

/// What printing every record costs beside reading it, in the same run: the raw reader (mapped files,
/// each value copied: the floor of reading the records) and `logscope dump` in JSON lines and text,
/// and `logscope tail -n` in JSON lines, each writing to /dev/null, on the 1M × 100-byte varied
/// records of `inspect`'s log. Medians of `--runs`; the ratio is records/s against the raw reader's.
struct DumpBenchmark {
    let options: BenchmarkOptions

    /// `logscope`, built beside this binary.
    let logscope = InspectionBenchmark.executableDirectory() + "/logscope"

    func run() throws {
        let records = options.records
        let path = BenchmarkLog.path(records: records, in: options.directory)
        BenchmarkLog.generateInChild(path: path, records: records, directory: options.directory)
        let directory = try LogDirectory(path: path)
        let segments = directory.segments.map { RawWriter.Segment(base: $0.baseOffset, count: $0.indexSlots) }
        let reader = RawReader(directory: path, segments: segments)
        let commands: [(String, [String])] = [
            ("`dump --format jsonl`", ["dump", path, "--format", "jsonl"]),
            ("`dump` (text)", ["dump", path]),
            ("`tail -n \(records) --format jsonl`", ["tail", path, "-n", "\(records)", "--format", "jsonl"]),
        ]
        var raw: [Double] = []
        var runs: [[Double]] = Array(repeating: [], count: commands.count)
        for _ in 0..<options.runs {
            var checksum = 0
            raw.append(measure(records: records, bytesPerRecord: 100) { checksum = reader.readAll() }.seconds)
            precondition(checksum != 0)
            for (i, command) in commands.enumerated() {
                let run = ChildRun(logscope, command.1)
                precondition(run.status == 0, "\(command.0) failed with status \(run.status)")
                runs[i].append(run.seconds)
            }
        }
        let rawSeconds = median(raw)
        print("| \(records) records × 100 bytes, \(options.runs) runs (medians) | seconds | records/s | of the raw reader | target |")
        print("|---|---|---|---|---|")
        print("| raw reader (mapped files, each value copied) | \(fixed(rawSeconds, 3)) | \(rate(records, rawSeconds)) | 100% | |")
        for (i, command) in commands.enumerated() {
            let seconds = median(runs[i])
            print("| \(command.0) to /dev/null | \(fixed(seconds, 3)) | \(rate(records, seconds)) | \(fixed(rawSeconds / seconds * 100, 1))% | ≥ 15% |")
        }
    }

    private func median(_ values: [Double]) -> Double { SameRunRatios.median(values) }
    private func rate(_ records: Int, _ seconds: Double) -> String { "\(fixed(Double(records) / seconds / 1e6, 2)) M" }
    private func fixed(_ value: Double, _ digits: Int) -> String { BenchmarkReport.format(value, digits) }
}
