// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its directory, so the root package's identity is
/// whatever the clone is called; read it from this manifest's location instead of assuming it.
let rootPackage = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

/// Recommendation latency benchmark, a package of its own so that building and testing the main
/// package never compiles it. Run it through `Benchmarks/matching/run_latency.py`, which also
/// runs the same queries on tantivy.
let package = Package(
    name: "MatchingBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The SupportMatch package (the repository root).
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "matching-bench",
            dependencies: [.product(name: "MatchingEngine", package: rootPackage)],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
