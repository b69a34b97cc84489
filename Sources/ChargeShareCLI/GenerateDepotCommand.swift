public import ArgumentParser
import ChargeShareDomain
import Synthetic

/// `chargeshare generate depot`: the depot problems of `bench dispatch` (depotN, fleetN, negativeN) as files.
public struct GenerateDepotCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "depot",
        abstract: "Write a deterministic synthetic depot problem: one feeder, one site, many EVs (same arguments, same bytes).",
        discussion: "See docs/synthetic-problems.md for what the generator models."
    )

    @Option(name: .long, help: "Sessions (two per charger).") var sessions: Int = 1000
    @Option(name: .customLong("bidirectional-share"), help: "Share of bidirectional chargers (V2G).") var bidirectionalShare = 1.0 / 3
    @Option(name: .customLong("demand-charge"), help: "Demand charge on the depot's peak in the window, per kW.") var demandCharge = 0.5
    @Flag(name: .customLong("charge-only"), help: "No V2G and no demand charge (the fleetN bench case).") var chargeOnly = false
    @Flag(name: .customLong("negative-prices"), help: "Import prices of about −0.7 per kWh at midday.") var negativePrices = false
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .long, help: "Output file (default: standard output).") var out: String?

    public init() {}

    var generator: DepotGenerator {
        DepotGenerator(
            sessions: sessions, bidirectionalShare: chargeOnly ? 0 : bidirectionalShare, demandChargePerKw: chargeOnly ? 0 : demandCharge,
            negativeMiddayPrices: negativePrices, seed: seed)
    }

    public func validate() throws {
        if let problem = generator.problemWithSettings { throw ValidationError(problem) }
    }

    public func run() throws { try GenerateProblemCommand.write(generator.generate(), to: out) }
}
