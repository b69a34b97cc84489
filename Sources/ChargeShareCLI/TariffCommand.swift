public import ArgumentParser
import ChargeShareDomain
import Foundation
import Pricing
import TariffEdge
import TariffPublishing
import AtomicFiles
#if canImport(Glibc)
    import Glibc
#endif

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
        discussion: "Exit codes: 0 written; 2 invalid or unreadable input (each error with its JSON path); 1 key or write failure."
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
        let issued = try TimeOption.timestamp(now, option: "--now")
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
            // Every output name first: a site id that cannot become a file name fails here, before
            // any seq is consumed or any table written.
            var names: [String: [String]] = [:]
            var taken: Set<String> = []
            for site in problemValue.sites {
                let stem = HighWaterMarkStore.fileStem(site.id)
                let files = [stem + ".jws"] + (ocpi ? [stem + ".ocpi.json"] : [])
                for file in files {
                    guard file.utf8.count <= 255, file != ".", file != "..", !file.contains("/") else {
                        throw KeyStore.Failure("site \(MessageText.quote(site.id)): output file name \(MessageText.quote(file)) does not fit")
                    }
                    guard taken.insert(file).inserted else {
                        throw KeyStore.Failure("sites share the output file name \(MessageText.quote(file))")
                    }
                }
                names[site.id] = files
            }
            let historyStore: HighWaterMarkStore?
            do {
                historyStore = try history.map { try HighWaterMarkStore(directory: $0) }
            } catch let rejection as TariffRejection {
                throw KeyStore.Failure("history: \(rejection.message)")
            }
            let tables = try TariffPublisher(config: config).sign(
                problem: problemValue, flows: flows, keys: KeyStore(directory: keys), now: issued, history: historyStore
            )
            var outputs: [(name: String, bytes: [UInt8])] = []
            for table in tables {
                let files = names[table.siteId] ?? []
                outputs.append((files[0], Array(table.jws.utf8)))
                if ocpi, files.count > 1 {
                    outputs.append((files[1], JSONWriter(indent: 2).bytes(table.tariff.json(money: .number)) + [0x0A]))
                }
            }
            // Stage every file, then record the seqs, then rename into place: a failure before the
            // renames leaves no table and consumes no seq; a crash after recording skips a seq but
            // never reuses one.
            let staged = try StagedFiles(directory: out, files: outputs)
            do {
                if let historyStore { try TariffPublisher.record(tables, in: historyStore) }
            } catch {
                staged.discard()
                throw error
            }
            try staged.commit()
            for table in tables {
                let prices = table.prices.energyPerKwh
                IO.print(
                    "\(MessageText.quote(table.siteId)): seq \(table.seq), \(table.tariff.elements.count) elements, \(prices.min().map(Money.text) ?? "-")–\(prices.max().map(Money.text) ?? "-") \(problemValue.currency)/kWh -> \(names[table.siteId]?[0] ?? "")"
                )
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func readOrExit(_ path: String) throws -> [UInt8] {
        try IO.readOrExit(path, what: "input")
    }
}

/// Files written in two phases (`AtomicFile.stage`, then `commit`): each to a temporary file in
/// the target directory (flushed), then all renamed into place. Nothing appears under its final
/// name until every file is staged.
private struct StagedFiles {
    let directory: String
    private var staged: [AtomicFile.Staged] = []

    init(directory: String, files: [(name: String, bytes: [UInt8])]) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KeyStore.Failure("cannot create \(directory): \(error.localizedDescription)")
        }
        for file in files {
            let final = (directory as NSString).appendingPathComponent(file.name)
            do {
                staged.append(try AtomicFile.stage(file.bytes, for: final, permissions: .creating(0o644)))
            } catch {
                discard()
                throw KeyStore.Failure("\(error) (errno \(error.code))")
            }
        }
    }

    /// Removes every staged file.
    func discard() {
        for file in staged { file.discard() }
    }

    /// Renames every staged file into place (each flushes the directory).
    func commit() throws {
        for (i, file) in staged.enumerated() {
            do { try file.commit() } catch {
                for rest in staged[(i + 1)...] { rest.discard() }
                throw KeyStore.Failure("\(error) (errno \(error.code))")
            }
        }
    }
}
