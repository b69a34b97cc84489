public import ArgumentParser
import ChargeShareDomain
import Foundation
import Pricing
import TariffEdge
import TariffPublishing

/// `chargeshare tariff`: publish signed tariff tables and verify them as an edge would.
public struct TariffCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Price a dispatch result, sign one tariff table per site, and verify tables offline.",
        subcommands: [TariffPublishCommand.self, TariffVerifyCommand.self]
    )

    public init() {}
}

struct TariffPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write DIR/<siteId>.jws, a signed OCPI tariff table, for every site of a dispatched window.",
        discussion: "Exit codes: 0 written; 2 invalid input (each error with its JSON path); 1 key or I/O failure."
    )

    @Option(name: .long, help: ArgumentHelp("The DispatchProblem JSON.", valueName: "file")) var problem: String
    @Option(name: .long, help: ArgumentHelp("Its DispatchResult JSON (chargeshare dispatch).", valueName: "file")) var result: String
    @Option(name: .long, help: ArgumentHelp("Key directory (chargeshare keys generate).", valueName: "dir")) var keys: String
    @Option(name: .long, help: ArgumentHelp("Output directory for the .jws files.", valueName: "dir")) var out: String
    @Option(name: .long, help: ArgumentHelp("Keeps each site's last seq and hash so seq and prev chain across runs.", valueName: "dir"))
    var history: String?
    @Option(name: .long, help: ArgumentHelp("Pricing terms per site and host (docs/pricing.md).", valueName: "file")) var pricing: String?
    @Option(name: .long, help: ArgumentHelp("Issue time (default now).", valueName: "time")) var now: String?
    @Flag(name: .long, help: "Also write DIR/<siteId>.ocpi.json, the plain OCPI Tariff with numeric prices.") var ocpi = false

    func run() throws {
        let issued = try Clock.timestamp(now, option: "--now")
        let problemValue: DispatchProblem
        let flows: DispatchFlows
        let config: PricingConfig
        do {
            problemValue = try ProblemReader.read(try readOrExit(problem))
            flows = try FlowsReader.read(try readOrExit(result), for: problemValue)
            config = try pricing.map { try PricingConfig.read(try readOrExit($0)) } ?? PricingConfig()
        } catch let invalid as InvalidProblem {
            for issue in invalid.issues { IO.printError("error: \(issue)") }
            throw ExitCode(2)
        }
        do {
            let historyStore = try history.map { try HighWaterMarkStore(directory: $0) }
            let tables = try TariffPublisher(config: config).publish(
                problem: problemValue, flows: flows, keys: KeyStore(directory: keys), now: issued, history: historyStore
            )
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for table in tables {
                let stem = HighWaterMarkStore.fileStem(table.siteId)
                try AtomicFile.write(Array(table.jws.utf8), to: (out as NSString).appendingPathComponent("\(stem).jws"))
                if ocpi {
                    let json = JSONWriter(indent: 2).bytes(table.tariff.json(money: .number))
                    try AtomicFile.write(json + [0x0A], to: (out as NSString).appendingPathComponent("\(stem).ocpi.json"))
                }
                let prices = table.prices.energyPerKwh
                print("\(table.siteId): seq \(table.seq), \(table.tariff.elements.count) elements, \(prices.min().map(Money.text) ?? "-")–\(prices.max().map(Money.text) ?? "-") \(problemValue.currency)/kWh -> \(stem).jws")
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func readOrExit(_ path: String) throws -> [UInt8] {
        do {
            return try IO.read(path)
        } catch {
            IO.printError("error: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
