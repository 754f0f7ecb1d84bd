// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// libFuzzer targets for the catalogue readers and profile decoding (issue 6).
///
/// A separate package so that `swift build` / `swift test` of the root never build fuzz
/// executables (they need `-sanitize=fuzzer`, which only `Fuzz/run.sh` passes). It depends on
/// the root package by path. SwiftPM names a path dependency after its directory, which is
/// `main` here but differs in CI clones, so the name is computed from this file's location.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// One executable per fuzz target: libFuzzer keeps coverage and corpus per binary.
let fuzzTargets = [
    "fuzz-native-json", "fuzz-native-xml", "fuzz-fdb-document", "fuzz-fdb-archive", "fuzz-grantsgov", "fuzz-commongrants", "fuzz-profile",
]

let package = Package(
    name: "SupportMatchFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        /// Feeds bytes through a real reader: written to a per-process temporary file, because
        /// the readers' public entry point is a file (as in production).
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "CatalogReading", package: rootName)],
            swiftSettings: swiftSettings
        ),
        /// Hands control to libFuzzer's driver from the targets' own entry point.
        .target(name: "CFuzzerDriver"),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", "CFuzzerDriver", .product(name: "CatalogReading", package: rootName)],
            swiftSettings: swiftSettings
        )
    }
)
