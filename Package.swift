// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Benchmarks are built only on demand (`LOGSCOPE_BENCHMARKS=1`), so `swift test` and CI stay fast.
let benchmarksEnabled = ProcessInfo.processInfo.environment["LOGSCOPE_BENCHMARKS"] == "1"

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

var targets: [Target] = [
    .target(
        name: "LogCore",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "logscope",
        dependencies: [
            "LogCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: strict
    ),
    .testTarget(
        name: "LogCoreTests",
        dependencies: ["LogCore"],
        resources: [],
        swiftSettings: strict
    ),
]

if benchmarksEnabled {
    targets += [
        .target(name: "CMallocCounter"),
        .executableTarget(
            name: "LogBenchmarks",
            dependencies: ["LogCore", "CMallocCounter"],
            swiftSettings: strict
        ),
    ]
}

let package = Package(
    name: "logscope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LogCore", targets: ["LogCore"]),
        .executable(name: "logscope", targets: ["logscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: targets
)
