import CMallocCounter
import Glibc
import InspectorCore
import LogCore
import LogInspection

/// What holding a large directory costs in memory, layer by layer, on the follow benchmark's log of
/// 1024-byte segments: the heap in use (`mallinfo2`) after listing it, after the full check's report,
/// after the inspector's session, and after the inspector's runtime has drawn and taken in its
/// background check; with the bytes per segment of each, and the process's RSS at the end.
struct MemoryBenchmark {
    let path: String

    func run() throws {
        let segmentCount = Listing.count(path)
        let start = heapInUse()
        var stages: [(String, Int)] = []
        do {
            let directory = try LogDirectory(path: path)
            stages.append(("LogDirectory listed", heapInUse()))
            print("InspectedSegment: \(malloc_counter_block_size(Unmanaged.passUnretained(directory.segments[0]).toOpaque())) bytes")
            let report = try IntegrityChecker(directory: directory, threads: 1).run()
            stages.append(("+ full check's report", heapInUse()))
            withExtendedLifetime((directory, report)) {}
        }
        stages.append(("(both released)", heapInUse()))
        do {
            let session = try InspectorSession(source: .directory(path))
            stages.append(("InspectorSession (quick check, snapshot)", heapInUse()))
            withExtendedLifetime(session) {}
        }
        let terminal = InMemoryTerminal(size: Size(width: 160, height: 48))
        let runtime = try InspectorRuntime(path: path, terminal: terminal)
        terminal.draw(runtime.frame())
        stages.append(("InspectorRuntime, first frame", heapInUse()))
        runtime.finishBackgroundWork()
        terminal.draw(runtime.frame())
        stages.append(("InspectorRuntime, full check taken in", heapInUse()))
        print("| \(segmentCount) segments at \(path) | heap in use | bytes a segment |")
        print("|---|---|---|")
        for (name, bytes) in stages {
            print("| \(name) | \((bytes - start) / 1024) KiB | \((bytes - start) / max(1, segmentCount)) |")
        }
        print(
            "strides: SegmentHealth \(MemoryLayout<SegmentHealth>.stride) (kept small: \(MemoryLayout<SegmentHealth.Compact>.stride)), SegmentSummary \(MemoryLayout<SegmentSummary>.stride) (kept small: \(MemoryLayout<SegmentSummary.Compact>.stride)), SegmentFiles \(MemoryLayout<SegmentFiles>.stride), IndexValidator.Scan? \(MemoryLayout<IndexValidator.Scan?>.stride), Finding \(MemoryLayout<Finding>.stride), InspectedRecord \(MemoryLayout<InspectedRecord>.stride), FrameInfo \(MemoryLayout<FrameInfo>.stride), FrameVerdict \(MemoryLayout<FrameVerdict>.stride)"
        )
        print("RSS at the end: \(residentKiB() / 1024) MiB")
        withExtendedLifetime(runtime) {}
    }

    private func heapInUse() -> Int { Int(malloc_counter_heap_in_use()) }

    private func residentKiB() -> Int {
        let line = Listing.text("/proc/self/status")?.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    }
}
