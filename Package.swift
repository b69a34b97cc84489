// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: imports are internal unless a public signature needs them,
/// so C and third-party types never leak into the public API (see docs/architecture.md).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ChargeShare",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chargeshare", targets: ["chargeshare"]),
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
        .library(name: "ChargeShareDomain", targets: ["ChargeShareDomain"]),
        .library(name: "LinearProgramming", targets: ["LinearProgramming"]),
        .library(name: "DispatchOptimizer", targets: ["DispatchOptimizer"]),
        .library(name: "TariffEdge", targets: ["TariffEdge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C interop: Debian's libglpk-dev (no pkg-config file, so the module map links glpk).
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // C interop: Debian's libmosquitto-dev, the MQTT client library (imported by the MQTT module only).
        .systemLibrary(
            name: "CMosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        // C interop: Debian's libopenblas-dev (CBLAS, thread control) and liblapacke-dev (LAPACKE), imported by
        // LinearAlgebra only.
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Dense linear algebra on OpenBLAS and LAPACKE: matrix products, solves with typed LAPACK errors, ridge
        // regression. Pure maths, no domain knowledge.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: strict),
        // An MQTT 3.1.1 subscriber whose QoS 1 acknowledgements wait until the caller has committed, and a
        // publisher for tests and benchmarks; libmosquitto underneath.
        .target(name: "MQTT", dependencies: ["CMosquitto"], swiftSettings: strict),
        // The one strict JSON stack (value, parser, writers incl. RFC 8785) and RFC 3339 time; Foundation only.
        .target(name: "StrictJSON", swiftSettings: strict),
        // Crash-safe file replacement (temp file, fsync, rename, fsync of the directory); Foundation only.
        .target(name: "AtomicFiles", swiftSettings: strict),
        // Value types of the product contract; re-exports StrictJSON.
        .target(name: "ChargeShareDomain", dependencies: ["StrictJSON"], swiftSettings: strict),
        // Solver-agnostic LP model plus the GLPK backend. Pure maths, no domain knowledge.
        .target(name: "LinearProgramming", dependencies: ["CGLPK"], swiftSettings: strict),
        // Dispatch problem -> LP -> dispatch result with OCPP charging profiles.
        .target(
            name: "DispatchOptimizer",
            dependencies: ["ChargeShareDomain", "LinearProgramming"],
            swiftSettings: strict
        ),
        // Loaders for the shipped real data sets (sessions, prices, tariffs, distributions).
        .target(name: "ChargeShareDatasets", dependencies: ["ChargeShareDomain"], swiftSettings: strict),
        // Seeded synthetic problems and sessions for tests and benchmarks.
        .target(name: "Synthetic", dependencies: ["ChargeShareDomain", "ChargeShareDatasets"], swiftSettings: strict),
        // Demand forecasts per site from sessions (seasonal naive, ridge on calendar features and lags), rolling-origin
        // evaluation, versioned model files.
        .target(
            name: "Forecasting",
            dependencies: ["ChargeShareDomain", "ChargeShareDatasets", "LinearAlgebra", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Predictive maintenance: daily features from stored telemetry, a logistic failure-risk model (OpenBLAS),
        // alerts and the derating dispatch applies, evaluation against labelled failures.
        .target(
            name: "Maintenance",
            dependencies: ["ChargeShareDomain", "Store", "LinearAlgebra", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The one interface a scheduling algorithm sees (the backtester and the live service both drive it):
        // the greedy rules, the `lp` policy and dispatch-window assembly.
        .target(name: "Scheduling", dependencies: ["ChargeShareDomain", "DispatchOptimizer"], swiftSettings: strict),
        // OCPP 2.0.1 telemetry: the envelope, the official schemas, the contract's rules, typed records.
        .target(name: "Telemetry", dependencies: ["ChargeShareDomain"], swiftSettings: strict),
        // OpenADR 3.0.1 VTN core: program and event readers (schema rules, JSON paths), interval timing, capacity limits per feeder.
        .target(name: "OpenADR", dependencies: ["ChargeShareDomain"], swiftSettings: strict),
        // Telemetry into the store: batch files (JSONL envelopes, ACN sessions CSV) and the MQTT stream.
        .target(name: "Ingest", dependencies: ["ChargeShareDomain", "ChargeShareDatasets", "Telemetry", "Store", "MQTT"], swiftSettings: strict),
        // The one module that talks to SQLite (GRDB): versioned migrations behind store protocols.
        .target(
            name: "Store",
            dependencies: [
                "ChargeShareDomain", "Telemetry", "OpenADR", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ], swiftSettings: strict),
        // Rolling-horizon replay of real sessions through the scheduling policies, sweeps, metrics and
        // their outputs (CSV, SQLite through Store, SVG, the JSON summary).
        .target(
            name: "Backtest",
            dependencies: ["ChargeShareDomain", "ChargeShareDatasets", "DispatchOptimizer", "Scheduling", "Store", "Forecasting"],
            swiftSettings: strict
        ),
        // Edge verifier for signed tariff tables: StrictJSON, AtomicFiles and swift-crypto only (no domain), so a
        // gateway can embed it.
        .target(
            name: "TariffEdge",
            dependencies: ["StrictJSON", "AtomicFiles", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Driver prices and V2G remuneration per site and interval, and the OCPI 2.2.1 tariff built from them.
        .target(name: "Pricing", dependencies: ["ChargeShareDomain"], swiftSettings: strict),
        // Keys, signed tariff envelopes and the publisher's per-site history.
        .target(
            name: "TariffPublishing",
            dependencies: ["ChargeShareDomain", "Pricing", "TariffEdge", "AtomicFiles", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The service's dispatch logic (both POST /v1/dispatch bodies, idempotency, utility limits) and the tariff
        // tables it signs, stores and publishes retained over MQTT; no HTTP.
        .target(
            name: "CloudDispatch",
            dependencies: [
                "ChargeShareDomain", "DispatchOptimizer", "Scheduling", "Store", "Pricing", "TariffEdge", "TariffPublishing", "MQTT",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The engine as an HTTP service (Hummingbird 2): clients and bearer tokens, the /v1 API, the OpenADR 3
        // VTN subset, /healthz and Prometheus /metrics. A thin front over Store and the domain modules.
        .target(
            name: "Service",
            dependencies: [
                "ChargeShareDomain", "Store", "CloudDispatch", "OpenADR", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        // Command implementations, kept in a library so tests drive them in-process.
        .target(
            name: "ChargeShareCLI",
            dependencies: [
                "ChargeShareDomain", "LinearProgramming", "DispatchOptimizer", "Synthetic",
                "ChargeShareDatasets", "Backtest", "Scheduling", "Store", "Telemetry", "Ingest", "MQTT", "Pricing", "TariffEdge", "TariffPublishing",
                "CloudDispatch", "Service", "AtomicFiles", "Forecasting", "Maintenance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "chargeshare", dependencies: ["ChargeShareCLI"], swiftSettings: strict),

        // Fixtures shared by test targets (never linked into the engine).
        .target(
            name: "TestSupport", dependencies: ["ChargeShareDomain", "ChargeShareDatasets", "Synthetic", "MQTT"], path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON", "Synthetic"], swiftSettings: strict),
        .testTarget(name: "MQTTTests", dependencies: ["MQTT", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AtomicFilesTests", dependencies: ["AtomicFiles"], swiftSettings: strict),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], swiftSettings: strict),
        .testTarget(
            name: "ForecastingTests", dependencies: ["Forecasting", "ChargeShareDatasets", "Synthetic", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MaintenanceTests",
            dependencies: ["Maintenance", "Store", "Ingest", "Scheduling", "LinearAlgebra", "ChargeShareDomain", "Synthetic", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["ChargeShareDomain", "Synthetic", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LinearProgrammingTests",
            dependencies: ["LinearProgramming"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DispatchOptimizerTests",
            dependencies: ["DispatchOptimizer", "ChargeShareDomain", "LinearProgramming", "Synthetic"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BacktestTests",
            dependencies: [
                "Backtest", "Scheduling", "Store", "ChargeShareDatasets", "ChargeShareDomain", "Synthetic", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SchedulingTests", dependencies: ["Scheduling", "ChargeShareDomain", "DispatchOptimizer", "LinearProgramming"],
            swiftSettings: strict),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "Store", "Telemetry", "MQTT", "ChargeShareDomain", "ChargeShareDatasets", "Synthetic", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "TelemetryTests", dependencies: ["Telemetry", "ChargeShareDomain", "Synthetic", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "ChargeShareDomain", "OpenADR", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(name: "OpenADRTests", dependencies: ["OpenADR", "ChargeShareDomain", "Synthetic", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DatasetsTests", dependencies: ["ChargeShareDatasets", "ChargeShareDomain", "Synthetic", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "ChargeShareDomain"], swiftSettings: strict),
        .testTarget(
            name: "TariffEdgeTests", dependencies: ["TariffEdge", "StrictJSON", "Synthetic", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(name: "PricingTests", dependencies: ["Pricing", "ChargeShareDomain", "DispatchOptimizer", "Synthetic"], swiftSettings: strict),
        .testTarget(
            name: "TariffPublishingTests",
            dependencies: ["TariffPublishing", "TariffEdge", "Pricing", "ChargeShareDomain", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CloudDispatchTests",
            dependencies: [
                "CloudDispatch", "ChargeShareCLI", "ChargeShareDomain", "DispatchOptimizer", "Store", "MQTT", "TariffEdge", "TariffPublishing",
                "Synthetic", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Store", "ChargeShareDomain", "OpenADR", "CloudDispatch", "MQTT", "TariffPublishing", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "ChargeShareCLI", "ChargeShareDomain", "DispatchOptimizer", "Backtest", "ChargeShareDatasets", "Store", "MQTT", "TestSupport",
                "Forecasting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
    ]
)
