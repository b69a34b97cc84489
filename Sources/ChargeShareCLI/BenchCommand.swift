public import ArgumentParser

/// `chargeshare bench`: benchmarks that print figures.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (see docs/PERFORMANCE.md).", subcommands: []
    )

    public init() {}
}
