public import ArgumentParser

/// `chargeshare`: the engine's command-line front end.
public struct ChargeShareCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chargeshare",
        abstract: "Smart-charging and pricing optimisation engine for peer-to-peer EV charging.",
        subcommands: [DispatchCommand.self, BacktestCommand.self, TariffCommand.self, KeysCommand.self, GenerateCommand.self, BenchCommand.self]
    )

    public init() {}
}
