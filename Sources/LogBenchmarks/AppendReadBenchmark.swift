import Glibc
import LogCore

/// The default run: `Log.append` and `Log.read(at:)` of `--records` values of each `--sizes`,
/// with their floors (``RawWriter``, ``RawReader``) and the Go reference's `proglog-bench` measured
/// in the same runs, interleaved so that all of them see the same machine load; then the reopen of
/// the closed log and appends through a 256 KiB buffer.
struct AppendReadBenchmark {
    let options: BenchmarkOptions

    /// What one run of one size measured.
    private struct Run {
        var append: Measurement
        var rawAppend: Measurement
        var read: Measurement
        var rawRead: Measurement
        var reopen: Measurement
        var largeBufferAppend: Measurement
        /// The raw writer with the same 1 MiB buffer (the baseline for a larger buffer).
        var rawLargeBufferAppend: Measurement
        var reference: ReferenceBenchmark.Rates?
    }

    func run() throws {
        let disk = DiskBaseline(directory: options.directory).measure()
        let reference = ReferenceBenchmark.isAvailable ? ReferenceBenchmark(directory: options.directory) : nil
        var results: [BenchmarkResult] = []
        var ratios = SameRunRatios(runs: options.runs)
        var comparisons: [String] = []
        for size in options.sizes {
            let values = (0..<256).map { i in [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }) }
            var runs: [Run] = []
            for run in 0..<options.runs {
                runs.append(try measureRun(run, values: values, reference: reference))
            }
            let records = "\(options.records) × \(size) B"
            results += [
                BenchmarkResult(name: "append \(records) (4 KiB buffer, the default)", runs: runs.map(\.append)),
                BenchmarkResult(name: "raw writer, same frames and files (4 KiB buffer, mapped index)", runs: runs.map(\.rawAppend)),
                BenchmarkResult(name: "append \(records) (1 MiB buffer)", runs: runs.map(\.largeBufferAppend)),
                BenchmarkResult(name: "raw writer, same frames and files (1 MiB buffer, mapped index)", runs: runs.map(\.rawLargeBufferAppend)),
                BenchmarkResult(name: "sequential read by offset, \(records)", runs: runs.map(\.read)),
                BenchmarkResult(name: "raw reader, same records (mapped files, each value copied)", runs: runs.map(\.rawRead)),
                BenchmarkResult(name: "reopen \(options.records)-record log (\(size) B)", runs: runs.map(\.reopen)),
            ]
            let references = runs.compactMap(\.reference)
            ratios.add(
                size: size,
                appendVersusRaw: runs.map { $0.append.recordsPerSecond / $0.rawAppend.recordsPerSecond },
                appendVersusReference: runs.compactMap { run in run.reference.map { run.append.recordsPerSecond / $0.append } },
                rawAppendVersusReference: runs.compactMap { run in run.reference.map { run.rawAppend.recordsPerSecond / $0.append } },
                readVersusRaw: runs.map { $0.read.recordsPerSecond / $0.rawRead.recordsPerSecond },
                readVersusReference: runs.compactMap { run in run.reference.map { run.read.recordsPerSecond / $0.read } })
            let small = SameRunRatios.median(runs.map(\.append.recordsPerSecond))
            let large = SameRunRatios.median(runs.map(\.largeBufferAppend.recordsPerSecond))
            let largeVersusRaw = SameRunRatios.median(runs.map { $0.largeBufferAppend.recordsPerSecond / $0.rawLargeBufferAppend.recordsPerSecond })
            var line =
                "append × \(size) B: 4 KiB / 1 MiB buffer = \(BenchmarkReport.format(small / large, 2)); "
                + "1 MiB buffer against the raw writer with the same buffer = \(BenchmarkReport.format(largeVersusRaw, 2)) (target ≥ 0.70)"
            if references.isEmpty {
                line += "; the reference was not run (no \(ReferenceBenchmark.executable))"
            } else {
                line +=
                    "; the reference (proglog-bench, same runs): append \(BenchmarkReport.format(SameRunRatios.median(references.map(\.append)) / 1e6, 2))"
                    + " M records/s, read \(BenchmarkReport.format(SameRunRatios.median(references.map(\.read)) / 1e6, 2)) M records/s"
            }
            comparisons.append(line)
        }
        print(BenchmarkReport(results: results, disk: disk, options: options).markdown)
        print("")
        print(ratios.markdown)
        print("")
        for line in comparisons { print(line) }
    }

    /// One run: LogCore and the raw floor back to back (in alternating order, so neither always pays
    /// for the other's dirty pages), then the reopen, both again with a 1 MiB buffer, and the reference.
    private func measureRun(_ run: Int, values: [[UInt8]], reference: ReferenceBenchmark?) throws -> Run {
        let size = values[0].count
        let records = options.records
        let path = options.directory + "/log-\(size)-\(run)"
        let rawPath = options.directory + "/raw-\(size)-\(run)"
        let config = Config(maxStoreBytes: 16 << 20, maxIndexBytes: 12 << 20)
        let log = try Log(directory: path, config: config, createDirectory: true)
        mkdir(rawPath, 0o755)
        var raw = RawWriter(directory: rawPath, config: config)
        let logAppend = {
            measure(records: records, bytesPerRecord: size) {
                for i in 0..<records { _ = try! log.append(values[i & 255]) }
            }
        }
        let rawAppend = {
            measure(records: records, bytesPerRecord: size) {
                raw.append(records: records, cycling: values)
            }
        }
        let (append, rawAppended) = interleaved(logAppend, rawAppend, secondFirst: run % 2 == 1)
        raw.close()
        let reader = RawReader(directory: rawPath, segments: raw.segments)
        let logRead = {
            measure(records: records, bytesPerRecord: size) {
                var total = 0
                for i in 0..<records { total &+= try! log.read(at: UInt64(i)).value.count }
                precondition(total == records * size)
            }
        }
        let rawRead = {
            measure(records: records, bytesPerRecord: size) {
                precondition(reader.readAll() >= records * size)
            }
        }
        let (read, rawReadFigure) = interleaved(logRead, rawRead, secondFirst: run % 2 == 1)
        try log.close()
        precondition(
            FileSystemCleanup.size(of: path) == FileSystemCleanup.size(of: rawPath),
            "the raw writer did not write the bytes the log wrote")
        try FileSystemCleanup.remove(rawPath)
        let reopen = measure(records: 1, bytesPerRecord: 0) {
            let reopened = try! Log(directory: path, config: config)
            precondition(try! reopened.highestOffset == UInt64(records - 1))
            try! reopened.close()
        }
        try FileSystemCleanup.remove(path)

        var largeConfig = config
        largeConfig.bufferBytes = 1 << 20
        let large = try Log(directory: path, config: largeConfig, createDirectory: true)
        mkdir(rawPath, 0o755)
        var largeRaw = RawWriter(directory: rawPath, config: largeConfig)
        let (largeBufferAppend, rawLargeBufferAppend) = interleaved(
            { measure(records: records, bytesPerRecord: size) { for i in 0..<records { _ = try! large.append(values[i & 255]) } } },
            { measure(records: records, bytesPerRecord: size) { largeRaw.append(records: records, cycling: values) } },
            secondFirst: run % 2 == 1)
        try large.close()
        largeRaw.close()
        try FileSystemCleanup.remove(path)
        try FileSystemCleanup.remove(rawPath)
        return Run(
            append: append, rawAppend: rawAppended, read: read, rawRead: rawReadFigure, reopen: reopen,
            largeBufferAppend: largeBufferAppend, rawLargeBufferAppend: rawLargeBufferAppend,
            reference: reference?.rates(records: records, size: size))
    }

    /// Runs both workloads, `second` first when `secondFirst`; returns their figures as (first, second).
    private func interleaved(_ first: () -> Measurement, _ second: () -> Measurement, secondFirst: Bool) -> (Measurement, Measurement) {
        guard secondFirst else { return (first(), second()) }
        let other = second()
        return (first(), other)
    }
}
