// swift-tools-version: 6.1
import PackageDescription

/// Recommendation latency benchmark, a package of its own so that building and testing the main
/// package never compiles it. Run it through `Benchmarks/matching/run_latency.py`, which also
/// runs the same queries on tantivy.
let package = Package(
    name: "MatchingBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The SupportMatch package (the repository root); its identity is its directory name.
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "matching-bench",
            dependencies: [.product(name: "MatchingEngine", package: "main")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
