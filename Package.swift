// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Benchmarks are built only on demand (`LOGSCOPE_BENCHMARKS=1`), so `swift test` and CI stay fast.
let benchmarksEnabled = ProcessInfo.processInfo.environment["LOGSCOPE_BENCHMARKS"] == "1"

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

var targets: [Target] = [
    .target(
        name: "LogCore",
        swiftSettings: strict
    ),
    /// `logscope agent`: the read-only file server a client starts on another machine, and the
    /// protocol both sides speak.
    .target(
        name: "LogAgent",
        dependencies: ["LogCore"],
        swiftSettings: strict
    ),
    .target(
        name: "LogInspection",
        dependencies: ["LogCore", "LogAgent"],
        swiftSettings: strict
    ),
    .systemLibrary(
        name: "CNcurses",
        pkgConfig: "ncursesw",
        providers: [.apt(["libncurses-dev"])]
    ),
    .target(
        name: "InspectorCore",
        dependencies: ["LogCore", "LogInspection"],
        swiftSettings: strict
    ),
    .target(
        name: "InspectorTerminal",
        dependencies: ["CNcurses", "InspectorCore"],
        swiftSettings: strict
    ),
    .executableTarget(
        name: "logscope",
        dependencies: [
            "LogCore",
            "LogAgent",
            "LogInspection",
            "InspectorCore",
            "InspectorTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: strict
    ),
    /// The agent alone, as it is pushed to a machine that has no logscope: no ncurses, no argument
    /// parser (LogInspection for its inotify waiter), the Swift runtime linked in (it needs nothing
    /// beyond the kernel there).
    .executableTarget(
        name: "logscope-agent",
        dependencies: ["LogAgent", "LogInspection"],
        swiftSettings: strict,
        linkerSettings: [
            .unsafeFlags(["-static-executable", "-use-ld=bfd", "-Xlinker", "--no-warnings"]),
            // What is pushed over the network: 8 MB without symbols, 13 MB with.
            .unsafeFlags(["-Xlinker", "--strip-all"], .when(configuration: .release)),
        ]
    ),
    /// What the test targets share: paths, temporary directories, child processes, tmux sessions,
    /// snapshot files. Only test targets depend on it.
    .target(
        name: "TestSupport",
        dependencies: ["LogCore"],
        path: "Tests/TestSupport",
        swiftSettings: strict
    ),
    /// The log alone.
    .testTarget(
        name: "LogCoreTests",
        dependencies: ["LogCore", "TestSupport"],
        swiftSettings: strict
    ),
    /// The agent on its own: its messages, its root, its answers, its stream.
    .testTarget(
        name: "LogAgentTests",
        dependencies: ["LogAgent", "LogCore", "TestSupport"],
        swiftSettings: strict
    ),
    /// Inspection, checks, watch, Raft, node directories, replica diff.
    .testTarget(
        name: "LogInspectionTests",
        dependencies: ["LogCore", "LogAgent", "LogInspection", "TestSupport"],
        swiftSettings: strict
    ),
    /// Everything that runs the built `logscope` binary (it is built with the tests).
    .testTarget(
        name: "CommandLineTests",
        dependencies: ["InspectorCore", "LogCore", "LogInspection", "TestSupport"],
        swiftSettings: strict
    ),
    .testTarget(
        name: "InspectorTests",
        dependencies: ["InspectorCore", "InspectorTerminal", "CNcurses", "LogCore", "LogInspection", "TestSupport"],
        exclude: ["Snapshots"],
        swiftSettings: strict
    ),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
]

if benchmarksEnabled {
    // package-benchmark (`swift package benchmark`) runs the executable targets under a `Benchmarks`
    // folder; its malloc interposer counts allocations.
    dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    targets.append(
        .executableTarget(
            name: "LogBenchmarks",
            dependencies: ["LogCore", "LogInspection", "InspectorCore", .product(name: "Benchmark", package: "benchmark")],
            path: "Sources/Benchmarks/LogBenchmarks",
            swiftSettings: strict,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

/// The libFuzzer target is built only on demand (`LOGSCOPE_FUZZ=1`, with `-sanitize=fuzzer`).
if ProcessInfo.processInfo.environment["LOGSCOPE_FUZZ"] == "1" {
    targets.append(.executableTarget(name: "LogFuzz", dependencies: ["LogCore", "LogAgent", "LogInspection", "InspectorCore"], swiftSettings: strict))
}

let package = Package(
    name: "logscope",
    products: [
        .library(name: "LogCore", targets: ["LogCore"]),
        .library(name: "LogInspection", targets: ["LogInspection"]),
        .library(name: "InspectorCore", targets: ["InspectorCore"]),
        .executable(name: "logscope", targets: ["logscope"]),
        .executable(name: "logscope-agent", targets: ["logscope-agent"]),
    ],
    dependencies: dependencies,
    targets: targets
)
