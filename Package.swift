// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency), explicit
/// `any` for existentials, imports internal unless marked `public import` (a module's public
/// signatures name what its clients must see) and members visible only from modules a file
/// imports itself, as in Hummingbird 2.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SupportMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "supportmatch", targets: ["supportmatch"]),
        /// The matching engine with what it needs, for the separate benchmark package in
        /// `Benchmarks/matching/` (kept out of this package so `swift build` never builds it).
        .library(name: "MatchingEngine", targets: ["Matching", "SupportModel", "TextAnalysis", "BundledCatalog"]),
        /// The catalogue readers with what they need, for the libFuzzer targets in `Fuzz/` (a
        /// separate package, so `swift build` never builds fuzz executables).
        .library(name: "CatalogReading", targets: ["CatalogImport", "SupportModel", "BundledCatalog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Both come with Hummingbird; named here because our files use them directly (HTTP
        // status types in problem details, the signals `serve` stops on) and
        // MemberImportVisibility asks each file to import what it uses.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: System libraries

        /// libxml2: streaming XML (`xmlTextReader`) and XSD validation.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // MARK: Domain

        /// Pure value types: offers, taxonomies, the organisation profile, validation rules.
        .target(
            name: "SupportModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        /// The bundled starter catalogue, taxonomies and schemas, shipped as resources so the
        /// binary works from any directory.
        .target(
            name: "BundledCatalog",
            dependencies: ["SupportModel"],
            path: "Catalog",
            exclude: ["README.md", "profiles"],
            sources: ["BundledCatalog.swift"],
            resources: [
                .copy("offers"),
                .copy("taxonomies"),
                .copy("schema"),
                .copy("analysis"),
                .copy("mappings"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Catalogue in and out

        /// Format readers: files in, offers and located diagnostics out.
        .target(
            name: "CatalogImport",
            dependencies: [
                "SupportModel", "CLibXML2", "BundledCatalog",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        /// SQLite persistence through GRDB: migrations, snapshot imports with change
        /// detection, import history.
        .target(
            name: "CatalogStore",
            dependencies: [
                "SupportModel",
                "CatalogImport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                // Hashes the canonical JSON it already encoded, instead of encoding twice.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        /// The PostgreSQL engine of the store (postgres-nio), for several `serve` replicas
        /// sharing one catalogue; `CatalogStore.open` picks it for a `postgres://` location.
        .target(
            name: "PostgresStore",
            dependencies: [
                "CatalogStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Matching

        /// Normalisation, Snowball stemming (German and English, in Swift), stopwords,
        /// decompounding, synonyms.
        .target(
            name: "TextAnalysis",
            swiftSettings: swiftSettings
        ),
        /// Eligibility, scoring and explanations over an in-memory index.
        .target(
            name: "Matching",
            dependencies: [
                "SupportModel", "TextAnalysis",
                // The persisted index's key: a SHA-256 of the offers and the analysis data.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Saved consultations

        /// Saved profiles with shortlists, and the change detector that re-matches them after
        /// every import and records what changed for each (events, Atom feed).
        .target(
            name: "Consultations",
            dependencies: [
                "SupportModel", "CatalogStore", "Matching",
                // Stable Atom ids (name-based UUIDs) from a SHA-256 of the event.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Application

        /// The catalogue workflows both front ends run, written once: open the store and build
        /// the index; import, publish, re-match saved consultations.
        .target(
            name: "SupportApp",
            dependencies: ["SupportModel", "BundledCatalog", "CatalogStore", "Matching", "Consultations"],
            swiftSettings: swiftSettings
        ),

        // MARK: HTTP

        /// The HTTP service and the advisor web page (Hummingbird 2): JSON API under `/v1`,
        /// problem details, Prometheus metrics, server-rendered Mustache templates.
        .target(
            name: "SupportServer",
            dependencies: [
                "SupportModel",
                "BundledCatalog",
                "CatalogImport",
                "CatalogStore",
                "TextAnalysis",
                "Matching",
                "Consultations",
                "SupportApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // MARK: Executable

        .executableTarget(
            name: "supportmatch",
            dependencies: [
                "SupportModel",
                "BundledCatalog",
                "CatalogImport",
                "CatalogStore",
                "PostgresStore",
                "TextAnalysis",
                "Matching",
                "SupportServer",
                "Consultations",
                "SupportApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        /// Times the catalogue readers on large inputs (`Benchmarks/import/run.sh`); not shipped.
        .executableTarget(
            name: "import-bench",
            dependencies: ["CatalogImport", "BundledCatalog"],
            path: "Benchmarks/import/Sources",
            swiftSettings: swiftSettings
        ),
        /// Times stemming, analysis, decompounding, synonyms and language detection
        /// (`Benchmarks/analysis/run.sh`); not shipped.
        .executableTarget(
            name: "analysis-bench",
            dependencies: ["TextAnalysis"],
            path: "Benchmarks/analysis/Sources",
            swiftSettings: swiftSettings
        ),

        /// Times re-matching saved profiles after an import (`Benchmarks/profiles/run.sh`); not shipped.
        .executableTarget(
            name: "profiles-bench",
            dependencies: ["Consultations", "CatalogStore", "CatalogImport", "Matching", "SupportModel", "BundledCatalog", "TextAnalysis"],
            path: "Benchmarks/profiles/Sources",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests

        .testTarget(name: "SupportModelTests", dependencies: ["SupportModel", "BundledCatalog"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CatalogImportTests",
            dependencies: [
                "CatalogImport", "SupportModel", "BundledCatalog",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        /// The throwaway PostgreSQL cluster and the engine argument of the store suites; test-only.
        .target(
            name: "StoreTestSupport",
            dependencies: ["CatalogStore", "PostgresStore"],
            path: "Tests/StoreTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CatalogStoreTests",
            dependencies: [
                "CatalogStore", "CatalogImport", "SupportModel", "BundledCatalog", "StoreTestSupport", "PostgresStore",
                // Builds modified and malicious archives for the import tests.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Matching", "SupportModel", "BundledCatalog", "CatalogImport", "TextAnalysis"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupportServerTests",
            dependencies: [
                "SupportServer", "SupportModel", "BundledCatalog", "CatalogStore", "Consultations", "SupportApp",
                // The JSON writer's test builds recommendations itself to compare with JSONEncoder.
                "CatalogImport", "Matching",
                // ElasticTaskExecutor, shared with the store tests.
                "StoreTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConsultationsTests",
            dependencies: [
                "Consultations", "CatalogStore", "CatalogImport", "Matching", "SupportModel", "BundledCatalog", "TextAnalysis", "CLibXML2",
                "StoreTestSupport", "PostgresStore",
            ],
            swiftSettings: swiftSettings
        ),
        /// Runs the built `supportmatch` binary as a child process, as a user would.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["supportmatch", "StoreTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
