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
        .library(name: "ChargeShareDomain", targets: ["ChargeShareDomain"]),
        .library(name: "LinearProgramming", targets: ["LinearProgramming"]),
        .library(name: "DispatchOptimizer", targets: ["DispatchOptimizer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C interop: Debian's libglpk-dev (no pkg-config file, so the module map links glpk).
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // Value types of the product contract; depends on Foundation only.
        .target(name: "ChargeShareDomain", swiftSettings: strict),
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
        // Rolling-horizon replay of real sessions through the production dispatcher and baselines.
        .target(
            name: "Backtest",
            dependencies: ["ChargeShareDomain", "ChargeShareDatasets", "DispatchOptimizer"],
            swiftSettings: strict
        ),
        // Backtest output: SQLite (GRDB), CSV and SVG charts.
        .target(
            name: "BacktestReport",
            dependencies: ["Backtest", "ChargeShareDatasets", "ChargeShareDomain", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Command implementations, kept in a library so tests drive them in-process.
        .target(
            name: "ChargeShareCLI",
            dependencies: [
                "ChargeShareDomain", "LinearProgramming", "DispatchOptimizer", "Synthetic",
                "ChargeShareDatasets", "Backtest", "BacktestReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "chargeshare", dependencies: ["ChargeShareCLI"], swiftSettings: strict),

        .testTarget(name: "DomainTests", dependencies: ["ChargeShareDomain"], swiftSettings: strict),
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
                "Backtest", "BacktestReport", "ChargeShareDatasets", "ChargeShareDomain", "Synthetic",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["ChargeShareCLI", "ChargeShareDomain", "DispatchOptimizer", "Backtest", "ChargeShareDatasets"],
            swiftSettings: strict
        ),
    ]
)
